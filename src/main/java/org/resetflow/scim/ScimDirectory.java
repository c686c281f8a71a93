package org.resetflow.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.UserResource;
import com.unboundid.scim2.common.utils.JsonUtils;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * A plain RFC 7643/7644 directory: filter search on {@code /Users}, password set with a PatchOp {@code replace}.
 * Filters are built only with the SDK's {@link Filter#eq(String, String)}, which quotes and escapes the value.
 */
@Component
class ScimDirectory implements Directory {

    static final MediaType SCIM_JSON = MediaType.parseMediaType("application/scim+json");

    private static final Logger log = LoggerFactory.getLogger(ScimDirectory.class);

    private final RestClient http;
    private final ScimEndpoint endpoint;
    private final ObjectMapper json = JsonUtils.createObjectMapper();

    ScimDirectory(RestClient scimRestClient, ScimEndpoint endpoint) {
        this.http = scimRestClient;
        this.endpoint = endpoint;
    }

    @Override
    public List<DirectoryAccount> findByUserName(String userName) {
        return search(filter("userName", userName));
    }

    @Override
    public List<DirectoryAccount> findByEmail(String email) {
        return search(filter("emails.value", email));
    }

    @Override
    public void setPassword(String accountId, String newPassword) {
        String body;
        try {
            body = json.writeValueAsString(new PatchRequest(PatchOperation.replace("password", newPassword)));
        } catch (IOException | ScimException e) {
            throw new IllegalStateException("Could not build the SCIM PatchOp", e);
        }
        URI uri = UriComponentsBuilder.fromUriString(endpoint.baseUrl()).path("/Users/{id}")
                .encode().buildAndExpand(accountId).toUri();
        ScimAnswer answer = send(() -> http.patch().uri(uri)
                .headers(endpoint::authenticate)
                .accept(SCIM_JSON, MediaType.APPLICATION_JSON)
                .contentType(SCIM_JSON)
                .body(body)
                .exchange((request, response) -> ScimAnswer.read(response), false));
        if (answer.status() == 200 || answer.status() == 204) {
            return;
        }
        ScimError error = ScimError.parse(answer.body(), json);
        if (answer.status() == 400 && error.isPolicyRejection()) {
            throw new PasswordRejectedByDirectoryException(error.readableDetail());
        }
        // The detail of a failed password write is not copied into the message: a server might echo the request.
        throw new DirectoryException("Setting the password at " + endpoint.describe() + " failed: HTTP "
                + answer.status() + (error.scimType() == null ? "" : " (" + error.scimType() + ")"), answer.status());
    }

    private String filter(String attribute, String value) {
        try {
            return Filter.eq(attribute, value).toString();
        } catch (BadRequestException e) {
            throw new IllegalArgumentException("Invalid SCIM attribute " + attribute, e);
        }
    }

    private List<DirectoryAccount> search(String filter) {
        URI uri = UriComponentsBuilder.fromUriString(endpoint.baseUrl()).path("/Users")
                .queryParam("filter", "{filter}").queryParam("count", "{count}")
                .encode().buildAndExpand(filter, 2).toUri();
        ScimAnswer answer = send(() -> http.get().uri(uri)
                .headers(endpoint::authenticate)
                .accept(SCIM_JSON, MediaType.APPLICATION_JSON)
                .exchange((request, response) -> ScimAnswer.read(response), false));
        if (answer.status() == 200) {
            return accounts(answer.body());
        }
        ScimError error = ScimError.parse(answer.body(), json);
        if (answer.status() == 400) {
            // A directory that cannot parse the (escaped) filter has no account for this input: no retry loop.
            log.info("Directory {} refused a lookup filter ({}); treated as no match",
                    endpoint.describe(), error.scimType());
            return List.of();
        }
        throw new DirectoryException("Account lookup at " + endpoint.describe() + " failed: HTTP " + answer.status()
                + (error.scimType() == null ? "" : " (" + error.scimType() + ")"), answer.status());
    }

    private List<DirectoryAccount> accounts(String body) {
        try {
            JsonNode resources = json.readTree(body).path("Resources");
            List<DirectoryAccount> accounts = new ArrayList<>();
            for (JsonNode node : resources) {
                accounts.add(toAccount(JsonUtils.nodeToValue(node, UserResource.class)));
            }
            return accounts;
        } catch (IOException | IllegalArgumentException e) {
            throw new DirectoryException("Directory " + endpoint.describe() + " sent an unreadable ListResponse", 200, e);
        }
    }

    private static DirectoryAccount toAccount(UserResource user) {
        String email = null;
        if (user.getEmails() != null) {
            email = user.getEmails().stream()
                    .filter(e -> Boolean.TRUE.equals(e.getPrimary())).map(Email::getValue).findFirst()
                    .orElse(user.getEmails().isEmpty() ? null : user.getEmails().get(0).getValue());
        }
        String displayName = user.getDisplayName() != null ? user.getDisplayName()
                : user.getName() != null && user.getName().getFormatted() != null ? user.getName().getFormatted()
                : user.getUserName();
        return new DirectoryAccount(user.getId(), user.getUserName(), email, displayName,
                Boolean.TRUE.equals(user.getActive()));
    }

    private ScimAnswer send(java.util.function.Supplier<ScimAnswer> call) {
        try {
            return call.get();
        } catch (ResourceAccessException e) {
            throw new DirectoryException("Directory " + endpoint.describe() + " unreachable: "
                    + e.getClass().getSimpleName(), 0, null);
        }
    }

    /** Status and body, read inside the exchange so the connection is released. */
    record ScimAnswer(int status, String body) {

        static ScimAnswer read(org.springframework.http.client.ClientHttpResponse response) throws IOException {
            HttpStatusCode status = response.getStatusCode();
            byte[] bytes = response.getBody().readNBytes(1 << 20);
            return new ScimAnswer(status.value(), new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
