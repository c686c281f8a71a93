package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryAccount;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.DirectoryConfigurationException;
import org.resetflow.directory.AccountGoneException;
import org.resetflow.directory.PasswordRejectedByDirectoryException;
import org.resetflow.directory.PasswordWriteOutcomeUnknownException;
import org.resetflow.directory.BulkPasswordResult;
import org.resetflow.directory.FoundAccount;
import org.resetflow.directory.NewAccount;
import org.resetflow.directory.UserNameTakenException;
import org.resetflow.directory.DirectoryText;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.util.UriUtils;

/**
 * What the dialects share: filter search on {@code /Users}, reading a User leniently (Oracle's dates and schema URN
 * included), and the one error mapping for password writes. A filter value is always written as a JSON string
 * (RFC 7644 §3.4.2.2), so quotes and backslashes in user input are escaped and cannot change the filter.
 */
abstract class ScimDialect implements Directory {

    static final String CORE_USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final List<MediaType> ACCEPT_SCIM = List.of(DirectoryHttp.SCIM_JSON, MediaType.APPLICATION_JSON);
    static final String SET_PASSWORD = "set password";
    /**
     * The user name the health check searches for. A SCIM user name may not be empty and this one has a space and
     * a colon, which no real directory's account names use, so the answer is an empty list, never an account.
     */
    static final String HEALTH_CHECK_USER_NAME = "resetflow health-check: no such user";

    private static final Logger log = LoggerFactory.getLogger(ScimDialect.class);

    /** Between two terms of a batch filter, URL-encoded: {@code " or "}. */
    private static final int OR_LENGTH = UriUtils.encode(" or ", java.nio.charset.StandardCharsets.UTF_8).length();

    final DirectoryHttp http;
    final ObjectMapper json = new ObjectMapper();
    private final Supplier<ScimCapabilities> offered;
    /** {@code filter.maxResults} as a batch look-up uses it (0: one search per identifier), once known. */
    private volatile Integer batchMaxResults;

    ScimDialect(DirectoryHttp http) {
        this(http, new ServiceProviderConfig(http));
    }

    /** @param offered what the directory offers; only its filtering matters here */
    ScimDialect(DirectoryHttp http, Supplier<ScimCapabilities> offered) {
        this.http = http;
        this.offered = offered;
    }

    /**
     * Whether this dialect's directory takes an {@code or} of equality filters in one search. Every SCIM 2.0 server
     * must parse the filter grammar (RFC 7644 §3.4.2.2); a dialect whose vendor documents only single comparisons
     * says no.
     */
    boolean takesOrFilters() {
        return true;
    }

    /**
     * Batches where the dialect takes {@code or} filters and the directory's {@code /ServiceProviderConfig} (read
     * once) says it filters, with a {@code filter.maxResults} of at least 2.
     */
    @Override
    public boolean searchesInBatches() {
        return takesOrFilters() && batchMaxResults() > 1;
    }

    private int batchMaxResults() {
        Integer known = batchMaxResults;
        if (known == null) {
            known = discoverBatchMaxResults();
            batchMaxResults = known;
            if (known > 1) {
                log.info("Directory {} looks accounts up in batches, up to {} results per search", http.describe(),
                        known);
            } else {
                log.info("Directory {} looks accounts up one search per identifier", http.describe());
            }
        }
        return known;
    }

    /**
     * {@code filter.maxResults}, or 0 when the directory says it does not filter or has no readable configuration
     * (an answer that will not change). An outage is no answer: it fails this look-up, which is retried, and the
     * configuration is asked again next time.
     */
    private int discoverBatchMaxResults() {
        if (!takesOrFilters()) {
            return 0;
        }
        try {
            ScimCapabilities capabilities = offered.get();
            return capabilities.filter() ? Math.max(0, capabilities.filterMaxResults()) : 0;
        } catch (DirectoryConfigurationException e) {
            throw e;
        } catch (DirectoryException e) {
            if (e.status() == 0 || e.status() == 429 || e.status() >= 500) {
                throw e;
            }
            return 0;
        }
    }

    /**
     * Consecutive identifiers, as many per batch as keep its terms within {@code filter.maxResults} (each term names
     * at most one account where user names and addresses are unique, so the answer is not cut short) and its filter
     * within the configured length. An identifier too long for any batch is a batch of its own: its single look-up
     * would send the same filter.
     */
    @Override
    public List<List<String>> searchBatches(List<String> identifiers) {
        if (!searchesInBatches()) {
            return Directory.super.searchBatches(identifiers);
        }
        int maxTerms = batchMaxResults();
        int maxLength = http.maxFilterLength();
        List<List<String>> batches = new ArrayList<>();
        List<String> batch = new ArrayList<>();
        int terms = 0;
        int length = 0;
        for (String identifier : identifiers) {
            List<String> own = lookUpTerms(identifier);
            int ownLength = own.stream().mapToInt(ScimDialect::encodedLength).sum() + (own.size() - 1) * OR_LENGTH;
            if (!batch.isEmpty() && (terms + own.size() > maxTerms || length + OR_LENGTH + ownLength > maxLength)) {
                batches.add(List.copyOf(batch));
                batch.clear();
                terms = 0;
                length = 0;
            }
            length += (batch.isEmpty() ? 0 : OR_LENGTH) + ownLength;
            terms += own.size();
            batch.add(identifier);
        }
        if (!batch.isEmpty()) {
            batches.add(List.copyOf(batch));
        }
        return batches;
    }

    /**
     * One search: the single look-ups' filters of every identifier, joined by {@code or}, so each value is escaped
     * exactly as a single look-up escapes it. A refusal (4xx) or an answer with fewer resources than
     * {@code totalResults} serves nothing: the caller searches each identifier on its own.
     */
    @Override
    public Optional<List<FoundAccount>> findAny(List<String> identifiers) {
        String filter = identifiers.stream().flatMap(identifier -> lookUpTerms(identifier).stream())
                .collect(Collectors.joining(" or "));
        String operation = "look up accounts";
        ScimAnswer answer = http.get(operation, http.search(filter, batchMaxResults()), accept());
        if (answer.status() >= 400 && answer.status() < 500) {
            log.info("Directory {} refused a batch look-up (HTTP {}, {}); one search per identifier instead",
                    http.describe(), answer.status(), ScimError.parse(answer.body(), json).knownScimType());
            return Optional.empty();
        }
        if (answer.status() != 200) {
            throw failure(operation, answer);
        }
        JsonNode list = parse(answer.body(), "ListResponse");
        JsonNode resources = list.path("Resources");
        int total = list.path("totalResults").asInt(resources.size());
        if (total > resources.size()) {
            log.info("Directory {} found {} accounts for a batch look-up but sent {}; one search per identifier "
                    + "instead", http.describe(), total, resources.size());
            return Optional.empty();
        }
        List<FoundAccount> found = new ArrayList<>();
        for (JsonNode node : resources) {
            List<String> emails = new ArrayList<>();
            node.path("emails").forEach(address -> {
                if (address.path("value").isTextual()) {
                    emails.add(address.path("value").asText());
                }
            });
            found.add(new FoundAccount(toAccount(node), emails));
        }
        return Optional.of(found);
    }

    /** The filters a single look-up sends for this identifier, in its order: user name, then address. */
    private List<String> lookUpTerms(String identifier) {
        String byUserName = equalityFilter(userNameAttribute(), identifier);
        return identifier.contains("@") ? List.of(byUserName, equalityFilter("emails.value", identifier))
                : List.of(byUserName);
    }

    private static int encodedLength(String term) {
        return UriUtils.encode(term, java.nio.charset.StandardCharsets.UTF_8).length();
    }

    /** The attribute name the directory's filter expects for the user name. */
    String userNameAttribute() {
        return "userName";
    }

    List<MediaType> accept() {
        return ACCEPT_SCIM;
    }

    @Override
    public List<DirectoryAccount> findByUserName(String userName) {
        return search(userNameAttribute(), userName);
    }

    @Override
    public List<DirectoryAccount> findByEmail(String email) {
        return search("emails.value", email);
    }

    @Override
    public DirectoryAccount readAccount(String accountId) {
        return toAccount(readUser(accountId).resource());
    }

    /**
     * The search a look-up sends (same filter attribute, count and credentials), for a user name no account has. Not
     * an unfiltered list: RFC 7644 §3.4.2 lets a directory refuse that ({@code invalidFilter}, {@code tooMany}), and
     * one that does still serves every reset. A directory that refuses the look-up's own filter is down for resets,
     * and so for health.
     */
    @Override
    public void checkReachable() {
        ScimAnswer answer = http.probe("check the directory",
                http.search(equalityFilter(userNameAttribute(), HEALTH_CHECK_USER_NAME)), accept());
        if (answer.status() != 200) {
            throw failure("check the directory", answer);
        }
    }

    /** A User as read, with its version for {@code If-Match} (the ETag header, else {@code meta.version}). */
    record Read(JsonNode resource, String etag) {
    }

    Read readUser(String accountId) {
        ScimAnswer answer = http.get("read the account", http.uri("Users", accountId), accept());
        if (answer.status() == 404) {
            throw new AccountGoneException("Account is no longer in directory " + http.describe());
        }
        if (answer.status() != 200) {
            throw failure("read the account", answer);
        }
        JsonNode user = parse(answer.body(), "User");
        String etag = answer.etag() != null ? answer.etag() : user.path("meta").path("version").asText(null);
        return new Read(user, etag);
    }

    List<DirectoryAccount> search(String attribute, String value) {
        String filter = equalityFilter(attribute, value);
        ScimAnswer answer = http.get("look up an account", http.search(filter), accept());
        if (answer.status() == 400) {
            // A directory that cannot parse the (escaped) filter has no account for this input: no retry loop.
            log.info("Directory {} refused a lookup filter ({}); treated as no match", http.describe(),
                    ScimError.parse(answer.body(), json).knownScimType());
            return List.of();
        }
        if (answer.status() != 200) {
            throw failure("look up an account", answer);
        }
        List<DirectoryAccount> accounts = new ArrayList<>();
        for (JsonNode node : parse(answer.body(), "ListResponse").path("Resources")) {
            accounts.add(toAccount(node));
        }
        return accounts;
    }

    /** {@code attribute eq "value"} from the SCIM SDK's filter builder, which writes the value as a JSON string. */
    static String equalityFilter(String attribute, String value) {
        try {
            return Filter.eq(attribute, value).toString();
        } catch (BadRequestException e) {
            // Only the attribute path is parsed, and every dialect passes a constant one.
            throw new IllegalStateException("Not a SCIM attribute path: " + attribute, e);
        }
    }

    /**
     * Runs a password write; on 409 or 412 reads the account afresh and writes once more.
     *
     * @param readFirst whether the write needs the current resource (PUT of the whole User, or an ETag)
     */
    void writeWithOneRetry(String accountId, boolean readFirst, java.util.function.Consumer<Read> write) {
        Read current = readFirst ? readUser(accountId) : null;
        try {
            verified(accountId, current, write);
        } catch (DirectoryConflictException conflict) {
            log.info("Directory {} answered HTTP {} to a write; retrying once after a fresh read",
                    http.describe(), conflict.status());
            verified(accountId, readUser(accountId), write);
        }
    }

    /**
     * Runs a write; when its outcome is unknown and the account was read before it, reads it again: a new version
     * (ETag, {@code meta.version} or {@code meta.lastModified}) means the write landed. Without a reading from
     * before, nothing can be compared and the outcome stays unknown.
     */
    private void verified(String accountId, Read before, java.util.function.Consumer<Read> write) {
        try {
            write.accept(before);
        } catch (PasswordWriteOutcomeUnknownException unknown) {
            String was = before == null ? null : stamp(before);
            if (was == null) {
                throw unknown;
            }
            String now = stamp(readUser(accountId));
            if (now == null || now.equals(was)) {
                throw unknown;
            }
            log.info("Directory {} gave no answer to a password write, but the account changed since: taken as set",
                    http.describe());
        }
    }

    private static String stamp(Read read) {
        if (read.etag() != null) {
            return read.etag();
        }
        JsonNode meta = read.resource().path("meta");
        String stamp = meta.path("version").asText(null);
        return stamp != null ? stamp : meta.path("lastModified").asText(null);
    }

    /**
     * Sends a password write and maps any answer but 2xx.
     *
     * @param passwords every password in the body, so that none can come back in a reason
     */
    ScimAnswer sendWrite(HttpMethod method, java.net.URI uri, MediaType contentType, JsonNode body, String ifMatch,
                         String... passwords) {
        ScimAnswer answer = http.write(SET_PASSWORD, method, uri, accept(), contentType, write(body), ifMatch);
        if (!answer.ok()) {
            throw writeFailure(answer, Arrays.asList(passwords));
        }
        return answer;
    }

    static final String SET_ACTIVE = "set the account state";

    /**
     * Sends an account-state write: 404 ends as {@link AccountGoneException}, any other answer but 2xx is a
     * {@link DirectoryException} with the directory's status (a 4xx is a refusal, the rest a technical failure).
     */
    ScimAnswer sendStateWrite(HttpMethod method, java.net.URI uri, JsonNode body, String ifMatch) {
        ScimAnswer answer = http.write(SET_ACTIVE, method, uri, accept(), contentType(), write(body), ifMatch);
        if (answer.status() == 404) {
            throw new AccountGoneException("Account is no longer in directory " + http.describe());
        }
        if (!answer.ok()) {
            throw failure(SET_ACTIVE, answer);
        }
        return answer;
    }

    /**
     * The mapping every dialect shares: a policy refusal (400) goes back to the page with the directory's reason,
     * 404 ends the reset, 409/412 may be retried once, anything else is a technical failure. The detail of a failed
     * write is never copied into an exception message, and the reason a refusal carries has the passwords blanked:
     * a server might echo the request.
     */
    RuntimeException writeFailure(ScimAnswer answer, Collection<String> passwords) {
        ScimError error = ScimError.parse(answer.body(), json);
        int status = answer.status();
        if (status == 400 && error.isPolicyRejection()) {
            return new PasswordRejectedByDirectoryException(error.detail(), passwords);
        }
        if (status == 404) {
            return new AccountGoneException("Account is no longer in directory " + http.describe());
        }
        if (status == 409 || status == 412) {
            return new DirectoryConflictException("Directory " + http.describe() + " failed to " + SET_PASSWORD
                    + ": HTTP " + status + " twice, even after a fresh read", status);
        }
        return failure(SET_PASSWORD, answer);
    }

    DirectoryException failure(String operation, ScimAnswer answer) {
        String scimType = ScimError.parse(answer.body(), json).knownScimType();
        return new DirectoryException("Directory " + http.describe() + " failed to " + operation + ": HTTP "
                + answer.status() + (scimType == null ? "" : " (" + scimType + ")"), answer.status());
    }

    /**
     * One {@code POST /Bulk} setting many passwords; each operation's own status decides its outcome, since a
     * 200 for the Bulk request says nothing about the operations in it.
     */
    List<BulkPasswordResult> bulk(ObjectNode request, Map<String, String> newPasswords,
                                  Function<String, JsonNode> data) {
        ArrayNode operations = request.putArray("Operations");
        Map<String, String> accountByBulkId = new LinkedHashMap<>();
        int n = 0;
        for (Map.Entry<String, String> entry : newPasswords.entrySet()) {
            String bulkId = "password-" + (++n);
            accountByBulkId.put(bulkId, entry.getKey());
            operations.addObject()
                    .put("method", "PATCH")
                    .put("path", "/Users/" + entry.getKey())
                    .put("bulkId", bulkId)
                    .set("data", data.apply(entry.getValue()));
        }
        ScimAnswer answer = http.write("set passwords in bulk", HttpMethod.POST, http.uri("Bulk"), accept(),
                contentType(), write(request), null);
        if (!answer.ok()) {
            throw failure("set passwords in bulk", answer);
        }
        Map<String, BulkPasswordResult> results = new HashMap<>();
        for (JsonNode operation : parse(answer.body(), "BulkResponse").path("Operations")) {
            String accountId = accountByBulkId.get(operation.path("bulkId").asText());
            if (accountId == null) {
                accountId = accountFromLocation(operation, newPasswords);
            }
            if (accountId == null) {
                continue;
            }
            int status = bulkStatus(operation.path("status"));
            String reason = null;
            if (status < 200 || status >= 300) {
                // Every password of the batch: an operation's text might quote its neighbour's.
                reason = DirectoryText.readable(ScimError.parse(operation.path("response").toString(), json).detail(),
                        newPasswords.values());
            }
            results.put(accountId, new BulkPasswordResult(accountId, status, reason));
        }
        return newPasswords.keySet().stream()
                .map(id -> results.getOrDefault(id,
                        new BulkPasswordResult(id, 0, "The directory's Bulk response did not mention this account.")))
                .toList();
    }

    MediaType contentType() {
        return DirectoryHttp.SCIM_JSON;
    }

    /** The User schema URN a created resource names. */
    String userSchema() {
        return CORE_USER;
    }

    /**
     * {@code POST /Users} with the core attributes and the password, sent at most once: a create is not
     * idempotent. The directory's answer is never quoted, since it might echo the request.
     */
    @Override
    public String createUser(NewAccount account, String password) {
        ObjectNode body = json.createObjectNode();
        body.putArray("schemas").add(userSchema());
        body.put("userName", account.userName());
        if (account.displayName() != null && !account.displayName().isBlank()) {
            body.put("displayName", account.displayName());
        }
        body.putArray("emails").addObject().put("value", account.email()).put("primary", true);
        body.put("active", true);
        body.put("password", password);
        String operation = "create the account";
        ScimAnswer answer = http.write(operation, HttpMethod.POST, http.uri("Users"), accept(), contentType(),
                write(body), null);
        if (answer.status() == 409) {
            throw new UserNameTakenException("Directory " + http.describe() + " already has this user name");
        }
        if (!answer.ok()) {
            throw failure(operation, answer);
        }
        String id = parse(answer.body(), "User").path("id").asText("");
        if (id.isBlank()) {
            throw new DirectoryException("Directory " + http.describe() + " created an account but sent no id",
                    answer.status());
        }
        return id;
    }

    private static String accountFromLocation(JsonNode operation, Map<String, String> newPasswords) {
        String location = operation.path("location").asText("");
        return newPasswords.keySet().stream().filter(id -> location.endsWith("/Users/" + id)).findFirst().orElse(null);
    }

    /** RFC 7644 says a string ("200"); older servers send a number or {@code {"code": "200"}}. */
    private static int bulkStatus(JsonNode status) {
        JsonNode value = status.isObject() ? status.path("code") : status;
        try {
            return value.isNumber() ? value.asInt() : Integer.parseInt(value.asText().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    DirectoryAccount toAccount(JsonNode user) {
        String email = null;
        for (JsonNode address : user.path("emails")) {
            if (address.path("primary").asBoolean(false) || email == null) {
                email = address.path("value").asText(null);
                if (address.path("primary").asBoolean(false)) {
                    break;
                }
            }
        }
        String userName = user.path("userName").asText(null);
        String displayName = user.path("displayName").asText(
                user.path("name").path("formatted").asText(userName));
        List<String> groups = new ArrayList<>();
        for (JsonNode group : user.path("groups")) {
            String name = group.path("display").asText(group.path("value").asText(""));
            if (!name.isBlank()) {
                groups.add(name);
            }
        }
        // RFC 7643 leaves "active" optional; a directory that does not say is taken at its word only when it says.
        return new DirectoryAccount(user.path("id").asText(), userName, email, displayName,
                user.path("active").asBoolean(false), groups, user.path("preferredLanguage").asText(null),
                user.path("locale").asText(null), user.path("timezone").asText(null));
    }

    JsonNode parse(String body, String what) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || !node.isObject()) {
                throw new IOException("not an object");
            }
            return node;
        } catch (IOException e) {
            throw new DirectoryException("Directory " + http.describe() + " sent an unreadable " + what, 200);
        }
    }

    String write(JsonNode body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write a JSON body", e);
        }
    }
}
