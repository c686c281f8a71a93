package org.resetflow.demo;

import java.io.IOException;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;
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
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * What every controller of the demo SCIM API shares: reading and writing SCIM JSON, and turning every failure into
 * an error in the dialect's shape (RFC 7644 {@code ErrorResponse}, or Oracle's {@code {"Errors":[...]}}).
 *
 * <p>The exception handlers live here rather than in a {@code @ControllerAdvice}: handlers declared on the
 * controller (inherited ones included) always win over the application's own advice, whatever its order.
 *
 * <p>Bodies are read and written as bytes with the SCIM SDK's own {@link ObjectMapper}: SCIM JSON has rules of
 * its own (case-insensitive attribute names, {@code status} as a string), and publishing that mapper as a bean
 * would silently replace the one Spring Boot configures for the rest of the application.
 */
abstract class DemoScimEndpoint {

    static final MediaType SCIM_JSON = MediaType.parseMediaType(ApiConstants.MEDIA_TYPE_SCIM);

    static final ObjectMapper SCIM_MAPPER = JsonUtils.createObjectMapper();

    private static final Logger logger = LoggerFactory.getLogger(DemoScimEndpoint.class);

    final DemoDialect dialect;

    DemoScimEndpoint(DemoDialect dialect) {
        this.dialect = dialect;
    }

    @ExceptionHandler(ScimException.class)
    ResponseEntity<byte[]> scimError(ScimException ex, HttpServletRequest request) {
        return respond(HttpStatus.valueOf(ex.getScimError().getStatus()), errorBody(ex.getScimError()), request);
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
        // Method and path only: never a body, which may hold a password.
        logger.error("Demo SCIM request {} {} failed", request.getMethod(), request.getRequestURI(), ex);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, null, "Internal error in the demo directory", request);
    }

    ResponseEntity<byte[]> error(HttpStatus status, String scimType, String detail, HttpServletRequest request) {
        ErrorResponse body = new ErrorResponse(status.value());
        body.setScimType(scimType);
        body.setDetail(detail);
        return respond(status, errorBody(body), request);
    }

    /** An error as the dialect writes it: Oracle's shape, as its documentation shows it, or RFC 7644's. */
    Object errorBody(ErrorResponse error) {
        if (this.dialect != DemoDialect.ORACLE) {
            return error;
        }
        ObjectNode body = JsonUtils.getJsonNodeFactory().objectNode();
        body.putArray("Errors")
            .addObject()
            .put("description", error.getDetail())
            .put("code", Integer.toString(error.getStatus()));
        return body;
    }

    /** A user as the dialect serves it: Oracle declares its own User schema URN instead of RFC 7643's. */
    GenericScimResource view(GenericScimResource user, HttpServletRequest request) {
        ObjectNode node = user.getObjectNode();
        if (this.dialect == DemoDialect.ORACLE) {
            node.putArray("schemas").add(this.dialect.userSchema());
        }
        JsonNode meta = node.get("meta");
        if (meta instanceof ObjectNode metaObject) {
            metaObject.put("location", location(request, "/Users/" + user.getId()));
        }
        return user;
    }

    ResponseEntity<byte[]> respond(HttpStatus status, Object body, HttpServletRequest request) {
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

    /**
     * {@code application/scim+json} unless the client asked for plain JSON only, as RFC 7644 section 8.1 allows;
     * Oracle's API answers {@code application/json} whatever the client asks for.
     */
    private MediaType responseType(HttpServletRequest request) {
        if (this.dialect == DemoDialect.ORACLE) {
            return MediaType.APPLICATION_JSON;
        }
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

    static ObjectNode readJsonObject(byte[] body, HttpServletRequest request) throws IOException, ScimException {
        MediaType contentType = parse(request.getContentType());
        if (contentType == null || !(SCIM_JSON.isCompatibleWith(contentType)
                || MediaType.APPLICATION_JSON.isCompatibleWith(contentType))) {
            throw new ScimException(HttpStatus.UNSUPPORTED_MEDIA_TYPE.value(), null,
                    "Content-Type must be " + SCIM_JSON + " or " + MediaType.APPLICATION_JSON);
        }
        return asObject(SCIM_MAPPER.readTree(body), "Request body");
    }

    static ObjectNode asObject(JsonNode json, String what) throws BadRequestException {
        if (!(json instanceof ObjectNode object)) {
            throw BadRequestException.invalidSyntax(what + " must be a JSON object");
        }
        return object;
    }

    /**
     * Refuses a body that does not declare {@code schema}. The SDK would read most bodies without it; real
     * directories do not, so neither do we.
     */
    static void requireSchema(JsonNode json, String schema, String what) throws BadRequestException {
        for (JsonNode urn : json.path("schemas")) {
            if (schema.equalsIgnoreCase(urn.asText())) {
                return;
            }
        }
        throw BadRequestException.invalidSyntax(what + " must declare schema " + schema);
    }

    static String location(HttpServletRequest request, String path) {
        return ServletUriComponentsBuilder.fromContextPath(request)
            .path(DemoDirectory.SCIM_BASE_PATH)
            .path(path)
            .toUriString();
    }

    /** The part of the request path after the SCIM base path, e.g. {@code /Users/42/account}. */
    static String relativePath(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.substring(Math.min(path.length(), DemoDirectory.SCIM_BASE_PATH.length()));
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
