package org.resetflow.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.FilterEvaluator;
import com.unboundid.scim2.common.utils.JsonUtils;

/**
 * In-memory SCIM user store behind the demo SCIM endpoint, seeded with a few well-known users.
 *
 * <p>Resources are kept as SCIM JSON without any password; passwords live beside them only as a salted hash, so
 * nothing that serialises a resource can leak one. All access goes through one lock: the directory is tiny and
 * every write has to check uniqueness across all users anyway.
 *
 * <p>The public methods are meant for tests and other packages that need to look behind the SCIM API, e.g. to
 * confirm that a reset really changed a password.
 */
public final class DemoDirectory {

    /** Path, relative to the application's context path, under which the demo SCIM API is served. */
    public static final String SCIM_BASE_PATH = "/demo/scim/v2";

    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";

    static final String ALICE_ID = "a11ce5e0-6d0e-4c1a-9a7e-000000000001";

    static final String BOB_ID = "b0b5e5e0-6d0e-4c1a-9a7e-000000000002";

    static final String CAROL_ID = "ca201e00-6d0e-4c1a-9a7e-000000000003";

    static final String DAVE_ID = "da7e0000-6d0e-4c1a-9a7e-000000000004";

    static final String ERIN_ID = "e2140000-6d0e-4c1a-9a7e-000000000005";

    /** Same cap as advertised in the ServiceProviderConfig. */
    static final int MAX_RESULTS = 200;

    private static final String PASSWORD = "password";

    private final Clock clock;

    private final Object lock = new Object();

    private final Map<String, StoredUser> users = new LinkedHashMap<>();

    private final AtomicInteger passwordWrites = new AtomicInteger();

    DemoDirectory(Clock clock) {
        this.clock = clock;
        reset();
    }

    /**
     * Id of the user with this {@code userName}; compared case-insensitively as SCIM defines {@code userName}.
     */
    public Optional<String> idOf(String userName) {
        if (userName == null) {
            return Optional.empty();
        }
        synchronized (this.lock) {
            return this.users.entrySet()
                .stream()
                .filter((entry) -> userName.equalsIgnoreCase(entry.getValue().userName()))
                .map(Map.Entry::getKey)
                .findFirst();
        }
    }

    /**
     * Whether {@code candidate} is the user's current password; {@code false} for unknown users and for users
     * whose password was never set through SCIM.
     */
    public boolean passwordMatches(String userId, String candidate) {
        PasswordHash hash;
        synchronized (this.lock) {
            StoredUser user = this.users.get(userId);
            hash = (user != null) ? user.password() : null;
        }
        // Hashing is deliberately slow, so do it outside the lock.
        return hash != null && hash.matches(candidate);
    }

    /** When the user's password was last written through SCIM; empty if never, or for unknown users. */
    public Optional<Instant> passwordChangedAt(String userId) {
        synchronized (this.lock) {
            StoredUser user = this.users.get(userId);
            return Optional.ofNullable((user != null) ? user.passwordChangedAt() : null);
        }
    }

    /** Number of successful password writes since start-up or the last {@link #reset()}. */
    public int passwordWrites() {
        return this.passwordWrites.get();
    }

    /** Restores the seed users, forgets every password and zeroes {@link #passwordWrites()}. */
    public void reset() {
        Instant now = now();
        synchronized (this.lock) {
            this.users.clear();
            seed(ALICE_ID, "alice", "alice@example.org", "Alice", "Adams", true, now);
            seed(BOB_ID, "bob", "bob@example.org", "Bob", "Brown", true, now);
            seed(CAROL_ID, "carol", "carol@example.org", "Carol", "Clark", false, now);
            seed(DAVE_ID, "dave", "shared@example.org", "Dave", "Davis", true, now);
            seed(ERIN_ID, "erin", "shared@example.org", "Erin", "Evans", true, now);
            this.passwordWrites.set(0);
        }
    }

    /**
     * Users matching {@code filter} ({@code null} means all), one page of them.
     * @param startIndex 1-based index of the first result, as in RFC 7644; values below 1 count as 1
     * @param count page size; {@code null} means as many as allowed, negative values count as 0
     */
    ListResponse<GenericScimResource> search(String filter, Integer startIndex, Integer count) throws ScimException {
        // A blank filter is rejected rather than treated as "everyone": a client that builds the filter from empty
        // user input must not get the whole directory back.
        Filter parsed = (filter != null) ? parseFilter(filter) : null;
        List<GenericScimResource> matches = new ArrayList<>();
        synchronized (this.lock) {
            for (StoredUser user : this.users.values()) {
                if (parsed == null || evaluate(parsed, user.resource())) {
                    matches.add(new GenericScimResource(user.resource().deepCopy()));
                }
            }
        }
        int first = Math.max(1, (startIndex != null) ? startIndex : 1);
        int size = Math.min(MAX_RESULTS, Math.max(0, (count != null) ? count : MAX_RESULTS));
        int from = Math.min(matches.size(), first - 1);
        int to = Math.min(matches.size(), from + size);
        List<GenericScimResource> page = matches.subList(from, to);
        return new ListResponse<>(matches.size(), List.copyOf(page), first, page.size());
    }

    GenericScimResource get(String id) throws ScimException {
        synchronized (this.lock) {
            return new GenericScimResource(require(id).resource().deepCopy());
        }
    }

    /** Applies a SCIM PatchOp atomically: either every operation takes effect or none. */
    void patch(String id, PatchRequest request) throws ScimException {
        synchronized (this.lock) {
            StoredUser current = require(id);
            GenericScimResource working = new GenericScimResource(current.resource().deepCopy());
            try {
                request.apply(working);
            }
            catch (RuntimeException ex) {
                // The SDK signals most bad input with ScimException, but not all of it; a client error must not
                // surface as a 500.
                throw BadRequestException.invalidSyntax("Cannot apply patch: " + firstLine(ex.getMessage()));
            }
            ObjectNode patched = working.getObjectNode();
            JsonNode newId = patched.get("id");
            if (newId == null || !id.equals(newId.asText())) {
                throw BadRequestException.mutability("Attribute 'id' is readOnly");
            }
            store(id, current, patched);
        }
    }

    /** Replaces the whole resource (SCIM PUT); {@code id} and {@code meta} stay server-owned. */
    GenericScimResource replace(String id, ObjectNode replacement) throws ScimException {
        synchronized (this.lock) {
            StoredUser current = require(id);
            ObjectNode stored = store(id, current, replacement.deepCopy());
            return new GenericScimResource(stored.deepCopy());
        }
    }

    /**
     * Creates a user (RFC 7644 §3.3) under a new id; a taken {@code userName} is a 409, as for any write. The
     * password, if sent, is stored as a hash like every other.
     */
    GenericScimResource create(ObjectNode resource) throws ScimException {
        synchronized (this.lock) {
            String id = java.util.UUID.randomUUID().toString();
            ObjectNode none = JsonUtils.getJsonNodeFactory().objectNode();
            ObjectNode meta = none.putObject("meta");
            meta.put("resourceType", "User");
            meta.put("created", now().toString());
            ObjectNode stored = store(id, new StoredUser(none, null, null), resource.deepCopy());
            return new GenericScimResource(stored.deepCopy());
        }
    }

    /**
     * Changes only the attributes sent, leaving every other one as it was: what Gluu does with a PUT and Oracle
     * with its plain-body PATCH. {@code id}, {@code meta} and {@code schemas} stay server-owned.
     */
    GenericScimResource update(String id, ObjectNode attributes) throws ScimException {
        synchronized (this.lock) {
            StoredUser current = require(id);
            // A copy of a stored node keeps its case-insensitive keys, so "username" overwrites "userName" instead
            // of adding a second user name.
            ObjectNode merged = current.resource().deepCopy();
            for (Map.Entry<String, JsonNode> attribute : attributes.properties()) {
                if (!isServerOwned(attribute.getKey())) {
                    merged.set(attribute.getKey(), attribute.getValue().deepCopy());
                }
            }
            ObjectNode stored = store(id, current, merged);
            return new GenericScimResource(stored.deepCopy());
        }
    }

    /**
     * Sets a password through a password sub-resource (Ping): refused when it is the current password, or when a
     * current password is given and is not the right one. Checked and written under the lock, so two changes in a
     * race cannot both pass the "not the current one" check.
     * @param currentPassword {@code null} when the caller does not send one (Ping makes it optional)
     */
    void changePassword(String id, String currentPassword, String newPassword) throws ScimException {
        synchronized (this.lock) {
            StoredUser current = require(id);
            PasswordHash hash = current.password();
            if (currentPassword != null && (hash == null || !hash.matches(currentPassword))) {
                throw BadRequestException.invalidValue("The current password is not correct.");
            }
            if (hash != null && hash.matches(newPassword)) {
                throw BadRequestException.invalidValue(DemoPasswordPolicy.NOT_CURRENT_PASSWORD);
            }
            ObjectNode candidate = current.resource().deepCopy();
            candidate.put(PASSWORD, newPassword);
            store(id, current, candidate);
        }
    }

    /** Read-only snapshot for the directory page. */
    List<DirectoryEntry> entries() {
        synchronized (this.lock) {
            List<DirectoryEntry> entries = new ArrayList<>();
            for (Map.Entry<String, StoredUser> entry : this.users.entrySet()) {
                StoredUser user = entry.getValue();
                entries.add(new DirectoryEntry(entry.getKey(), user.userName(), emailsOf(user.resource()),
                        user.resource().path("active").asBoolean(false), user.passwordChangedAt()));
            }
            return entries;
        }
    }

    private ObjectNode store(String id, StoredUser current, ObjectNode candidate) throws ScimException {
        JsonNode password = removeIgnoringCase(candidate, PASSWORD);
        PasswordHash newHash = null;
        if (password != null) {
            if (!password.isTextual() || password.asText().isEmpty()) {
                throw BadRequestException.invalidValue("Attribute 'password' must be a non-empty string");
            }
            newHash = PasswordHash.of(password.asText());
        }
        JsonNode userName = candidate.get("userName");
        if (userName == null || !userName.isTextual() || userName.asText().isBlank()) {
            throw BadRequestException.invalidValue("Attribute 'userName' is required");
        }
        for (Map.Entry<String, StoredUser> other : this.users.entrySet()) {
            if (!other.getKey().equals(id) && userName.asText().equalsIgnoreCase(other.getValue().userName())) {
                throw ResourceConflictException.uniqueness("userName '" + userName.asText() + "' is already taken");
            }
        }
        JsonNode active = candidate.get("active");
        if (active != null && !active.isBoolean() && !active.isNull()) {
            throw BadRequestException.invalidValue("Attribute 'active' must be a boolean");
        }
        if (!candidate.has("schemas")) {
            candidate.putArray("schemas").add(USER_SCHEMA);
        }
        Instant now = now();
        candidate.put("id", id);
        ObjectNode meta = current.resource().path("meta").deepCopy();
        meta.put("lastModified", now.toString());
        candidate.set("meta", meta);

        StoredUser updated = (newHash != null) ? new StoredUser(candidate, newHash, now)
                : new StoredUser(candidate, current.password(), current.passwordChangedAt());
        this.users.put(id, updated);
        if (newHash != null) {
            this.passwordWrites.incrementAndGet();
        }
        return candidate;
    }

    private StoredUser require(String id) throws ResourceNotFoundException {
        StoredUser user = (id != null) ? this.users.get(id) : null;
        if (user == null) {
            throw new ResourceNotFoundException("User " + id + " not found");
        }
        return user;
    }

    private void seed(String id, String userName, String email, String givenName, String familyName,
            boolean active, Instant now) {
        JsonNodeFactory nodes = JsonUtils.getJsonNodeFactory();
        ObjectNode user = nodes.objectNode();
        user.putArray("schemas").add(USER_SCHEMA);
        user.put("id", id);
        user.put("userName", userName);
        ObjectNode name = user.putObject("name");
        name.put("givenName", givenName);
        name.put("familyName", familyName);
        name.put("formatted", givenName + " " + familyName);
        user.put("displayName", givenName + " " + familyName);
        ObjectNode mail = user.putArray("emails").addObject();
        mail.put("value", email);
        mail.put("type", "work");
        mail.put("primary", true);
        user.put("active", active);
        ObjectNode meta = user.putObject("meta");
        meta.put("resourceType", "User");
        meta.put("created", now.toString());
        meta.put("lastModified", now.toString());
        this.users.put(id, new StoredUser(user, null, null));
    }

    private static Filter parseFilter(String filter) throws BadRequestException {
        try {
            return Filter.fromString(filter);
        }
        catch (BadRequestException ex) {
            throw BadRequestException.invalidFilter(firstLine(ex.getMessage()));
        }
        catch (RuntimeException ex) {
            throw BadRequestException.invalidFilter("Cannot parse filter: " + firstLine(ex.getMessage()));
        }
    }

    /**
     * Attribute names in a filter match case-insensitively ({@code username} finds {@code userName}, as Oracle's
     * clients send it) because every stored resource is the SDK's {@code CaseIgnoreObjectNode}: built with
     * {@link JsonUtils#getJsonNodeFactory()}, read with the SDK's mapper, or copied from one of those. On a plain
     * Jackson node the evaluator would compare names exactly.
     */
    private static boolean evaluate(Filter filter, ObjectNode resource) throws BadRequestException {
        try {
            return FilterEvaluator.evaluate(filter, resource);
        }
        catch (ScimException | RuntimeException ex) {
            // Parsing succeeded, so this is a filter the evaluator cannot apply (e.g. a bad comparison); still
            // the client's filter, so still invalidFilter.
            throw BadRequestException.invalidFilter("Cannot evaluate filter: " + firstLine(ex.getMessage()));
        }
    }

    private static boolean isServerOwned(String attribute) {
        return "id".equalsIgnoreCase(attribute) || "meta".equalsIgnoreCase(attribute)
                || "schemas".equalsIgnoreCase(attribute);
    }

    private static JsonNode removeIgnoringCase(ObjectNode node, String attribute) {
        // SCIM attribute names are case-insensitive; a client sending "Password" must not slip it into storage.
        List<String> names = node.properties()
            .stream()
            .map(Map.Entry::getKey)
            .filter(attribute::equalsIgnoreCase)
            .toList();
        JsonNode removed = null;
        for (String name : names) {
            removed = node.remove(name);
        }
        return removed;
    }

    private static String emailsOf(ObjectNode resource) {
        List<String> values = new ArrayList<>();
        JsonNode emails = resource.path("emails");
        if (emails instanceof ArrayNode array) {
            array.forEach((email) -> values.add(email.path("value").asText()));
        }
        return String.join(", ", values);
    }

    /** Exception texts from Jackson span several lines of parser position noise; the first line says it all. */
    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int end = message.indexOf('\n');
        return (end < 0) ? message : message.substring(0, end);
    }

    private Instant now() {
        return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private record StoredUser(ObjectNode resource, PasswordHash password, Instant passwordChangedAt) {

        String userName() {
            return this.resource.path("userName").asText(null);
        }

    }

    /** One row of the directory page; deliberately has no room for a password or hash. */
    record DirectoryEntry(String id, String userName, String emails, boolean active, Instant passwordChangedAt) {

    }

}
