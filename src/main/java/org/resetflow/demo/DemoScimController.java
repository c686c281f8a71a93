package org.resetflow.demo;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.MethodNotAllowedException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.types.BulkConfig;
import com.unboundid.scim2.common.types.ChangePasswordConfig;
import com.unboundid.scim2.common.types.ETagConfig;
import com.unboundid.scim2.common.types.FilterConfig;
import com.unboundid.scim2.common.types.Meta;
import com.unboundid.scim2.common.types.PatchConfig;
import com.unboundid.scim2.common.types.ServiceProviderConfigResource;
import com.unboundid.scim2.common.types.SortConfig;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The demo directory's SCIM 2.0 API (RFC 7644), just the part a password reset needs: user search, read,
 * PATCH, PUT and the ServiceProviderConfig.
 *
 * <p>No authentication: it is a stand-in for a real directory on a developer's machine, nothing else.
 *
 * <p>In a vendor dialect ({@code resetflow.scim.dialect}) the same paths answer as that vendor documents them:
 * Gluu's PUT updates only the attributes sent, Oracle's PATCH takes a plain User body and users carry Oracle's
 * schema URN. What a vendor adds on top of SCIM lives in controllers of its own ({@link DemoPingController},
 * {@link DemoOracleBulkController}).
 */
@RestController
@ConditionalOnDemoMode
@RequestMapping(DemoDirectory.SCIM_BASE_PATH)
class DemoScimController extends DemoScimEndpoint {

    static final String PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private final DemoDirectory directory;

    DemoScimController(DemoDirectory directory, DemoDialect dialect) {
        super(dialect);
        this.directory = directory;
    }

    @GetMapping("/Users")
    ResponseEntity<byte[]> searchUsers(@RequestParam(required = false) String filter,
            @RequestParam(required = false) Integer startIndex, @RequestParam(required = false) Integer count,
            HttpServletRequest request) throws ScimException {
        ListResponse<GenericScimResource> result = this.directory.search(filter, startIndex, count);
        result.getResources().forEach((user) -> view(user, request));
        return respond(HttpStatus.OK, result, request);
    }

    @GetMapping("/Users/{id}")
    ResponseEntity<byte[]> getUser(@PathVariable String id, HttpServletRequest request) throws ScimException {
        GenericScimResource user = this.directory.get(id);
        return respond(HttpStatus.OK, view(user, request).getObjectNode(), request);
    }

    /** RFC 7644 §3.3, in every dialect (Oracle's seed creates users the same way, in its own schema): 201. */
    @org.springframework.web.bind.annotation.PostMapping("/Users")
    ResponseEntity<byte[]> createUser(@RequestBody byte[] body, HttpServletRequest request)
            throws ScimException, IOException {
        GenericScimResource user = this.directory.create(readJsonObject(body, request));
        return respond(HttpStatus.CREATED, view(user, request).getObjectNode(), request);
    }

    /**
     * RFC 7644: a PatchOp, answered with 204 rather than the patched resource (allowed, and no caller here needs
     * the body). Oracle: a plain body with its User schema and the attributes to change, answered with the user.
     */
    @PatchMapping("/Users/{id}")
    ResponseEntity<byte[]> patchUser(@PathVariable String id, @RequestBody byte[] body, HttpServletRequest request)
            throws ScimException, IOException {
        ObjectNode json = readJsonObject(body, request);
        if (this.dialect == DemoDialect.ORACLE) {
            requireSchema(json, DemoDialect.ORACLE_USER_SCHEMA, "PATCH body");
            GenericScimResource user = this.directory.update(id, json);
            return respond(HttpStatus.OK, view(user, request).getObjectNode(), request);
        }
        requireSchema(json, PATCH_OP_SCHEMA, "PATCH body");
        PatchRequest patch = SCIM_MAPPER.treeToValue(json, PatchRequest.class);
        if (patch.getOperations() == null || patch.getOperations().isEmpty()) {
            throw BadRequestException.invalidSyntax("PATCH body has no Operations");
        }
        this.directory.patch(id, patch);
        return ResponseEntity.noContent().build();
    }

    /**
     * RFC 7644: replaces the whole resource. Gluu: updates only the attributes sent, so its documented
     * {@code {"schemas":[...],"password":"…"}} sets the password and wipes nothing; answered with the user and its
     * {@code Location}, as Gluu's guide shows.
     */
    @PutMapping("/Users/{id}")
    ResponseEntity<byte[]> replaceUser(@PathVariable String id, @RequestBody byte[] body, HttpServletRequest request)
            throws ScimException, IOException {
        ObjectNode json = readJsonObject(body, request);
        if (this.dialect == DemoDialect.GLUU) {
            GenericScimResource user = view(this.directory.update(id, json), request);
            ResponseEntity<byte[]> answer = respond(HttpStatus.OK, user.getObjectNode(), request);
            return ResponseEntity.status(answer.getStatusCode())
                .headers(answer.getHeaders())
                .header(HttpHeaders.LOCATION, location(request, "/Users/" + id))
                .body(answer.getBody());
        }
        GenericScimResource user = this.directory.replace(id, json);
        return respond(HttpStatus.OK, view(user, request).getObjectNode(), request);
    }

    /** The same in every dialect: {@code auto} reads it, and nothing else depends on it. */
    @GetMapping("/ServiceProviderConfig")
    ResponseEntity<byte[]> serviceProviderConfig(HttpServletRequest request) {
        ServiceProviderConfigResource config = new ServiceProviderConfigResource(null, new PatchConfig(true),
                new BulkConfig(false, 0, 0), new FilterConfig(true, DemoDirectory.MAX_RESULTS),
                new ChangePasswordConfig(true), new SortConfig(false), new ETagConfig(false), List.of());
        Meta meta = new Meta();
        meta.setResourceType("ServiceProviderConfig");
        meta.setLocationString(location(request, "/ServiceProviderConfig"));
        config.setMeta(meta);
        return respond(HttpStatus.OK, config, request);
    }

    /** Turns every other request under the base path into a SCIM error instead of Spring's HTML/JSON error. */
    @RequestMapping("/**")
    ResponseEntity<byte[]> unsupported(HttpServletRequest request) throws ScimException {
        String relative = relativePath(request);
        if (relative.equals("/Users") || relative.equals("/ServiceProviderConfig")
                || relative.matches("/Users/[^/]+") || isVendorPath(relative)) {
            throw new MethodNotAllowedException(request.getMethod() + " is not supported on " + relative);
        }
        throw new ResourceNotFoundException("No SCIM endpoint " + relative);
    }

    /** Paths the dialect's own controller serves, with other methods than the ones asked for here. */
    private boolean isVendorPath(String relative) {
        return switch (this.dialect) {
            case PING -> relative.matches("/Users/[^/]+/(account|passwordQualityRequirements|password)");
            case ORACLE -> relative.equals("/Bulk");
            default -> false;
        };
    }

}
