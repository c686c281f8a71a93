package org.resetflow.demo;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.MethodNotAllowedException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;
import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Oracle HCM's {@code POST /Bulk}, served only in the {@code oracle} dialect: many password resets in one request,
 * each operation a {@code PATCH} of {@code /Users/{id}} with the same plain body a single PATCH takes.
 *
 * <p>Every operation gets its own {@code status} (and, when it failed, its own error in Oracle's shape), while
 * the request as a whole answers 200: a client must look at each operation, and this lets a demo show that.
 * Operations run one by one and a failed one does not undo the others, as in RFC 7644 Bulk without
 * {@code failOnErrors}.
 */
@RestController
@ConditionalOnDemoMode
@ConditionalOnDemoDialect(DemoDialect.ORACLE)
@RequestMapping(DemoDirectory.SCIM_BASE_PATH)
class DemoOracleBulkController extends DemoScimEndpoint {

    static final String BULK_RESPONSE_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkResponse";

    /** Enough for any demo; stops one request from hashing passwords for minutes. */
    static final int MAX_OPERATIONS = 100;

    private static final Pattern USER_PATH = Pattern.compile("/Users/([^/]+)");

    private final DemoDirectory directory;

    DemoOracleBulkController(DemoDirectory directory, DemoDialect dialect) {
        super(dialect);
        this.directory = directory;
    }

    @PostMapping("/Bulk")
    ResponseEntity<byte[]> bulk(@RequestBody byte[] body, HttpServletRequest request)
            throws ScimException, IOException {
        JsonNode operations = readJsonObject(body, request).get("Operations");
        if (!(operations instanceof ArrayNode list) || list.isEmpty()) {
            throw BadRequestException.invalidSyntax("Bulk request has no Operations");
        }
        if (list.size() > MAX_OPERATIONS) {
            throw new ScimException(HttpStatus.PAYLOAD_TOO_LARGE.value(), null,
                    "Bulk request has more than " + MAX_OPERATIONS + " Operations");
        }
        ObjectNode answer = JsonUtils.getJsonNodeFactory().objectNode();
        answer.putArray("schemas").add(BULK_RESPONSE_SCHEMA);
        ArrayNode results = answer.putArray("Operations");
        for (JsonNode operation : list) {
            results.add(run(operation, request));
        }
        return respond(HttpStatus.OK, answer, request);
    }

    private ObjectNode run(JsonNode operation, HttpServletRequest request) {
        ObjectNode result = JsonUtils.getJsonNodeFactory().objectNode();
        result.put("method", operation.path("method").asText(null));
        if (operation.hasNonNull("bulkId")) {
            result.put("bulkId", operation.path("bulkId").asText());
        }
        try {
            String id = userId(operation);
            result.put("location", location(request, "/Users/" + id));
            ObjectNode data = asObject(operation.get("data"), "Operation data");
            requireSchema(data, DemoDialect.ORACLE_USER_SCHEMA, "Operation data");
            this.directory.update(id, data);
            result.put("status", Integer.toString(HttpStatus.OK.value()));
        }
        catch (ScimException ex) {
            // Status as a string, as RFC 7644 writes it; the error in Oracle's shape, as everywhere in this dialect.
            result.put("status", Integer.toString(ex.getScimError().getStatus()));
            result.set("response", SCIM_MAPPER.valueToTree(errorBody(ex.getScimError())));
        }
        return result;
    }

    private static String userId(JsonNode operation) throws ScimException {
        String method = operation.path("method").asText("");
        if (!"PATCH".equalsIgnoreCase(method)) {
            throw new MethodNotAllowedException("Bulk supports PATCH of a user only, not '" + method + "'");
        }
        Matcher path = USER_PATH.matcher(operation.path("path").asText(""));
        if (!path.matches()) {
            throw new ResourceNotFoundException("No SCIM endpoint '" + operation.path("path").asText("") + "'");
        }
        return path.group(1);
    }

}
