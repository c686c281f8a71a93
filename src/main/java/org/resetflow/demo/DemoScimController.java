package org.resetflow.demo;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.MethodNotAllowedException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;
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
import com.unboundid.scim2.common.utils.ApiConstants;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The demo directory's SCIM 2.0 API (RFC 7644), just the part a password reset needs: user search, read,
 * PATCH, PUT and the ServiceProviderConfig.
 *
 * <p>No authentication: it is a stand-in for a real directory on a developer's machine, nothing else.
 *
 * <p>Bodies are read and written as bytes with the SCIM SDK's own {@link ObjectMapper}: SCIM JSON has rules of
 * its own (case-insensitive attribute names, {@code status} as a string), and publishing that mapper as a bean
 * would silently replace the one Spring Boot configures for the rest of the application.
 */
@RestController
@ConditionalOnDemoDirectory
@RequestMapping(DemoDirectory.SCIM_BASE_PATH)
class DemoScimController {

    static final MediaType SCIM_JSON = MediaType.parseMediaType(ApiConstants.MEDIA_TYPE_SCIM);

    static final String PATCH_OP_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private static final ObjectMapper SCIM_MAPPER = JsonUtils.createObjectMapper();

    private static final Logger logger = LoggerFactory.getLogger(DemoScimController.class);

    private final DemoDirectory directory;

    DemoScimController(DemoDirectory directory) {
        this.directory = directory;
    }

    @GetMapping("/Users")
    ResponseEntity<byte[]> searchUsers(@RequestParam(required = false) String filter,
            @RequestParam(required = false) Integer startIndex, @RequestParam(required = false) Integer count,
            HttpServletRequest request) throws ScimException {
        ListResponse<GenericScimResource> result = this.directory.search(filter, startIndex, count);
        result.getResources().forEach((user) -> addLocation(user, request));
        return respond(HttpStatus.OK, result, request);
    }

    @GetMapping("/Users/{id}")
    ResponseEntity<byte[]> getUser(@PathVariable String id, HttpServletRequest request) throws ScimException {
        GenericScimResource user = this.directory.get(id);
        return respond(HttpStatus.OK, addLocation(user, request).getObjectNode(), request);
    }

    /** Answers 204 rather than the patched resource: RFC 7644 allows it and no caller here needs the body. */
    @PatchMapping("/Users/{id}")
    ResponseEntity<byte[]> patchUser(@PathVariable String id, @RequestBody byte[] body, HttpServletRequest request)
            throws ScimException, IOException {
        JsonNode json = readJsonObject(body, request);
        // The SDK happily reads a PatchOp without its schema URN; real directories do not, so neither do we.
        if (!hasSchema(json, PATCH_OP_SCHEMA)) {
            throw BadRequestException.invalidSyntax("PATCH body must declare schema " + PATCH_OP_SCHEMA);
        }
        PatchRequest patch = SCIM_MAPPER.treeToValue(json, PatchRequest.class);
        if (patch.getOperations() == null || patch.getOperations().isEmpty()) {
            throw BadRequestException.invalidSyntax("PATCH body has no Operations");
        }
        this.directory.patch(id, patch);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/Users/{id}")
    ResponseEntity<byte[]> replaceUser(@PathVariable String id, @RequestBody byte[] body, HttpServletRequest request)
            throws ScimException, IOException {
        ObjectNode json = readJsonObject(body, request);
        GenericScimResource user = this.directory.replace(id, json);
        return respond(HttpStatus.OK, addLocation(user, request).getObjectNode(), request);
    }

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
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String relative = path.substring(Math.min(path.length(), DemoDirectory.SCIM_BASE_PATH.length()));
        if (relative.equals("/Users") || relative.equals("/ServiceProviderConfig")
                || relative.matches("/Users/[^/]+")) {
            throw new MethodNotAllowedException(request.getMethod() + " is not supported on " + relative);
        }
        throw new ResourceNotFoundException("No SCIM endpoint " + relative);
    }

    @ExceptionHandler(ScimException.class)
    ResponseEntity<byte[]> scimError(ScimException ex, HttpServletRequest request) {
        return respond(HttpStatus.valueOf(ex.getScimError().getStatus()), ex.getScimError(), request);
    }

    @ExceptionHandler(JsonProcessingException.class)
    ResponseEntity<byte[]> malformedJson(JsonProcessingException ex, HttpServletRequest request) {
        // The SDK validates while deserialising (e.g. a PatchOp path) and wraps its ScimException in Jackson's.
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ScimException scim) {
                return scimError(scim, request);
            }
        }
        return error(HttpStatus.BAD_REQUEST, BadRequestException.INVALID_SYNTAX,
                "Malformed SCIM JSON: " + ex.getOriginalMessage(), request);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<byte[]> unreadable(HttpMessageNotReadableException ex, HttpServletRequest request) {
        return error(HttpStatus.BAD_REQUEST, BadRequestException.INVALID_SYNTAX, "Request body is missing",
                request);
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<byte[]> badParameter(MethodArgumentTypeMismatchException ex, HttpServletRequest request) {
        return error(HttpStatus.BAD_REQUEST, BadRequestException.INVALID_VALUE,
                "Invalid value for parameter '" + ex.getName() + "'", request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<byte[]> unexpected(Exception ex, HttpServletRequest request) {
        logger.error("Demo SCIM request {} {} failed", request.getMethod(), request.getRequestURI(), ex);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, null, "Internal error in the demo directory", request);
    }

    private ResponseEntity<byte[]> error(HttpStatus status, String scimType, String detail,
            HttpServletRequest request) {
        ErrorResponse body = new ErrorResponse(status.value());
        body.setScimType(scimType);
        body.setDetail(detail);
        return respond(status, body, request);
    }

    private static ObjectNode readJsonObject(byte[] body, HttpServletRequest request) throws IOException,
            ScimException {
        MediaType contentType = parse(request.getContentType());
        if (contentType == null || !(SCIM_JSON.isCompatibleWith(contentType)
                || MediaType.APPLICATION_JSON.isCompatibleWith(contentType))) {
            throw new ScimException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(), null,
                    "Content-Type must be " + SCIM_JSON + " or " + MediaType.APPLICATION_JSON);
        }
        JsonNode json = SCIM_MAPPER.readTree(body);
        if (!(json instanceof ObjectNode object)) {
            throw BadRequestException.invalidSyntax("Request body must be a JSON object");
        }
        return object;
    }

    private static boolean hasSchema(JsonNode json, String schema) {
        for (JsonNode urn : json.path("schemas")) {
            if (schema.equalsIgnoreCase(urn.asText())) {
                return true;
            }
        }
        return false;
    }

    private static GenericScimResource addLocation(GenericScimResource user, HttpServletRequest request) {
        JsonNode meta = user.getObjectNode().get("meta");
        if (meta instanceof ObjectNode metaObject) {
            metaObject.put("location", location(request, "/Users/" + user.getId()));
        }
        return user;
    }

    private static String location(HttpServletRequest request, String path) {
        return ServletUriComponentsBuilder.fromContextPath(request)
            .path(DemoDirectory.SCIM_BASE_PATH)
            .path(path)
            .toUriString();
    }

    private static ResponseEntity<byte[]> respond(HttpStatus status, Object body, HttpServletRequest request) {
        byte[] json;
        try {
            json = SCIM_MAPPER.writeValueAsBytes(body);
        }
        catch (JsonProcessingException ex) {
            // Only our own SDK model objects get here; failing to write them is a bug, not a client error.
            throw new IllegalStateException("Cannot write SCIM JSON", ex);
        }
        return ResponseEntity.status(status).contentType(responseType(request)).body(json);
    }

    /** {@code application/scim+json} unless the client asked for plain JSON only, as RFC 7644 section 8.1 allows. */
    private static MediaType responseType(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank()) {
            return SCIM_JSON;
        }
        List<MediaType> accepted;
        try {
            accepted = MediaType.parseMediaTypes(accept);
        }
        catch (InvalidMediaTypeException ex) {
            return SCIM_JSON;
        }
        boolean scim = accepted.stream().anyMatch((type) -> type.includes(SCIM_JSON));
        boolean json = accepted.stream().anyMatch((type) -> type.includes(MediaType.APPLICATION_JSON));
        return (!scim && json) ? MediaType.APPLICATION_JSON : SCIM_JSON;
    }

    private static MediaType parse(String contentType) {
        try {
            return (contentType != null) ? MediaType.parseMediaType(contentType) : null;
        }
        catch (InvalidMediaTypeException ex) {
            return null;
        }
    }

}
