package org.resetflow.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DemoDirectoryTest {

    private static final Instant NOW = Instant.parse("2025-03-04T05:06:07Z");

    private static final ObjectMapper SCIM_MAPPER = JsonUtils.createObjectMapper();

    private final DemoDirectory directory = new DemoDirectory(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldFindUserByUserNameFilter() throws Exception {
        // Given the seeded directory

        // When searching for alice
        ListResponse<GenericScimResource> result = this.directory.search("userName eq \"alice\"", null, null);

        // Then exactly alice is found, with her seeded attributes
        assertThat(result.getTotalResults()).isEqualTo(1);
        GenericScimResource alice = result.getResources().get(0);
        assertThat(alice.getId()).isEqualTo(DemoDirectory.ALICE_ID);
        assertThat(alice.getStringValue("emails[primary eq true].value")).isEqualTo("alice@example.org");
        assertThat(alice.getStringValue("displayName")).isEqualTo("Alice Adams");
        assertThat(alice.getBooleanValue("active")).isTrue();
    }

    @Test
    void shouldMatchUserNameCaseInsensitively() throws Exception {
        // Given the seeded directory

        // When searching and looking up with different case (SCIM userName is caseExact=false)
        ListResponse<GenericScimResource> result = this.directory.search("userName eq \"ALICE\"", null, null);

        // Then alice is found both ways
        assertThat(result.getTotalResults()).isEqualTo(1);
        assertThat(this.directory.idOf("Alice")).contains(DemoDirectory.ALICE_ID);
    }

    @Test
    void shouldMatchTwoUsersSharingAnEmailAddress() throws Exception {
        // Given dave and erin share shared@example.org

        // When searching by that address
        ListResponse<GenericScimResource> result = this.directory.search("emails.value eq \"shared@example.org\"",
                null, null);

        // Then both are returned
        assertThat(result.getTotalResults()).isEqualTo(2);
        assertThat(result.getResources()).extracting(GenericScimResource::getId)
            .containsExactlyInAnyOrder(DemoDirectory.DAVE_ID, DemoDirectory.ERIN_ID);
    }

    @Test
    void shouldSeedCarolAsInactive() throws Exception {
        // Given the seeded directory

        // When searching for inactive users
        ListResponse<GenericScimResource> result = this.directory.search("active eq false", null, null);

        // Then only carol is found
        assertThat(result.getResources()).extracting(GenericScimResource::getId)
            .containsExactly(DemoDirectory.CAROL_ID);
    }

    @Test
    void shouldReturnEveryUserWithoutFilterAndPage() throws Exception {
        // Given five seeded users

        // When listing without a filter, and asking for the second page of two
        ListResponse<GenericScimResource> all = this.directory.search(null, null, null);
        ListResponse<GenericScimResource> page = this.directory.search(null, 3, 2);

        // Then all five are listed, and the page holds the third and fourth
        assertThat(all.getTotalResults()).isEqualTo(5);
        assertThat(all.getResources()).hasSize(5);
        assertThat(page.getTotalResults()).isEqualTo(5);
        assertThat(page.getStartIndex()).isEqualTo(3);
        assertThat(page.getItemsPerPage()).isEqualTo(2);
        assertThat(page.getResources()).extracting(GenericScimResource::getId)
            .containsExactly(DemoDirectory.CAROL_ID, DemoDirectory.DAVE_ID);
    }

    @ParameterizedTest
    @ValueSource(strings = { "", " ", "userName", "userName eq", "userName eq alice", "userName eq 'alice'",
            "userName xx \"alice\"", "(userName eq \"alice\"", "userName eq \"alice\" and", "emails[value eq",
            "not userName eq \"alice\"", "userName eq \"alice\" or or", "userName eq \"a\" extra",
            "userName eq \"\\u\"", "\"alice\"", "))", "userName pr pr", "userName.. eq \"x\"" })
    void shouldRejectInvalidFilterAsInvalidFilter(String filter) {
        // Given a filter that is not valid SCIM filter syntax

        // When searching with it / Then the directory answers 400 invalidFilter, never anything else
        assertThatExceptionOfType(ScimException.class)
            .isThrownBy(() -> this.directory.search(filter, null, null))
            .satisfies((ex) -> {
                assertThat(ex.getScimError().getStatus()).isEqualTo(400);
                assertThat(ex.getScimError().getScimType()).isEqualTo("invalidFilter");
                assertThat(ex.getScimError().getDetail()).isNotBlank().doesNotContain("\n");
            });
    }

    @Test
    void shouldStorePasswordFromPatch() throws Exception {
        // Given alice without a password
        assertThat(this.directory.passwordChangedAt(DemoDirectory.ALICE_ID)).isEmpty();

        // When a PatchOp replaces her password
        this.directory.patch(DemoDirectory.ALICE_ID,
                new PatchRequest(PatchOperation.replace("password", "N3w-Secret!")));

        // Then the new password matches, others do not, and the change is recorded
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "N3w-Secret!")).isTrue();
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "n3w-secret!")).isFalse();
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "")).isFalse();
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, null)).isFalse();
        assertThat(this.directory.passwordMatches(DemoDirectory.BOB_ID, "N3w-Secret!")).isFalse();
        assertThat(this.directory.passwordChangedAt(DemoDirectory.ALICE_ID)).contains(NOW);
        assertThat(this.directory.passwordWrites()).isEqualTo(1);
    }

    @Test
    void shouldStorePasswordFromPatchWithoutPath() throws Exception {
        // Given a PatchOp in the "value object" form many clients send
        ObjectNode value = JsonUtils.getJsonNodeFactory().objectNode().put("password", "Other-Secret-1");

        // When applying it to bob
        this.directory.patch(DemoDirectory.BOB_ID, new PatchRequest(PatchOperation.replace(value)));

        // Then bob's password is set
        assertThat(this.directory.passwordMatches(DemoDirectory.BOB_ID, "Other-Secret-1")).isTrue();
    }

    @Test
    void shouldStorePasswordFromPutWhateverItsCase() throws Exception {
        // Given alice's resource with a "Password" attribute (SCIM attribute names ignore case)
        ObjectNode replacement = this.directory.get(DemoDirectory.ALICE_ID).getObjectNode();
        replacement.put("displayName", "Alice A. Adams");
        replacement.put("Password", "Put-Secret-1");

        // When replacing the resource
        GenericScimResource stored = this.directory.replace(DemoDirectory.ALICE_ID, replacement);

        // Then the password is stored, the rest replaced, and no password comes back
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "Put-Secret-1")).isTrue();
        assertThat(stored.getStringValue("displayName")).isEqualTo("Alice A. Adams");
        assertThat(SCIM_MAPPER.writeValueAsString(stored)).doesNotContainIgnoringCase("password")
            .doesNotContain("Put-Secret-1");
    }

    @Test
    void shouldKeepPasswordWhenPutOmitsIt() throws Exception {
        // Given alice with a password
        this.directory.patch(DemoDirectory.ALICE_ID, new PatchRequest(PatchOperation.replace("password", "Keep-1")));

        // When her resource is replaced without a password
        this.directory.replace(DemoDirectory.ALICE_ID, this.directory.get(DemoDirectory.ALICE_ID).getObjectNode());

        // Then the password is unchanged and only one write was counted
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "Keep-1")).isTrue();
        assertThat(this.directory.passwordWrites()).isEqualTo(1);
    }

    @Test
    void shouldNeverSerialisePassword() throws Exception {
        // Given alice with a password
        this.directory.patch(DemoDirectory.ALICE_ID,
                new PatchRequest(PatchOperation.replace("password", "Very-Secret-42")));

        // When reading her through every path that returns resources
        String read = SCIM_MAPPER.writeValueAsString(this.directory.get(DemoDirectory.ALICE_ID));
        String searched = SCIM_MAPPER.writeValueAsString(this.directory.search(null, null, null));
        String listed = this.directory.entries().toString();

        // Then neither the attribute nor the value appears (the page rows only know when it changed)
        for (String json : List.of(read, searched)) {
            assertThat(json).doesNotContainIgnoringCase("password").doesNotContain("Very-Secret-42");
        }
        assertThat(listed).doesNotContain("Very-Secret-42").doesNotContain("PasswordHash");
    }

    @Test
    void shouldNotLetFiltersProbePasswords() throws Exception {
        // Given alice with a known password
        this.directory.patch(DemoDirectory.ALICE_ID, new PatchRequest(PatchOperation.replace("password", "Probe-1")));

        // When filtering on the password
        ListResponse<GenericScimResource> result = this.directory.search("password eq \"Probe-1\"", null, null);

        // Then nothing matches
        assertThat(result.getTotalResults()).isZero();
    }

    @Test
    void shouldApplyPatchAtomically() throws Exception {
        // Given a PatchOp that sets a password and then takes bob's userName
        PatchRequest patch = new PatchRequest(PatchOperation.replace("password", "Half-Done-1"),
                PatchOperation.replace("userName", "BOB"));

        // When applying it to alice / Then it fails as a uniqueness conflict
        assertThatExceptionOfType(ScimException.class)
            .isThrownBy(() -> this.directory.patch(DemoDirectory.ALICE_ID, patch))
            .satisfies((ex) -> {
                assertThat(ex.getScimError().getStatus()).isEqualTo(409);
                assertThat(ex.getScimError().getScimType()).isEqualTo("uniqueness");
            });

        // And nothing of it took effect
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "Half-Done-1")).isFalse();
        assertThat(this.directory.passwordWrites()).isZero();
        assertThat(this.directory.idOf("alice")).contains(DemoDirectory.ALICE_ID);
    }

    @Test
    void shouldRejectPatchOfId() throws Exception {
        // Given a PatchOp that changes the id

        // When applying it / Then it is refused as a mutability error
        assertThatExceptionOfType(ScimException.class)
            .isThrownBy(() -> this.directory.patch(DemoDirectory.ALICE_ID,
                    new PatchRequest(PatchOperation.replace("id", "stolen"))))
            .satisfies((ex) -> assertThat(ex.getScimError().getScimType()).isEqualTo("mutability"));
        assertThat(this.directory.get(DemoDirectory.ALICE_ID).getId()).isEqualTo(DemoDirectory.ALICE_ID);
    }

    @Test
    void shouldRejectNonTextPassword() {
        // Given a PatchOp that sets the password to a number
        ObjectNode value = JsonUtils.getJsonNodeFactory().objectNode().put("password", 42);

        // When applying it / Then it is refused as an invalid value
        assertThatExceptionOfType(ScimException.class)
            .isThrownBy(() -> this.directory.patch(DemoDirectory.ALICE_ID,
                    new PatchRequest(PatchOperation.replace(value))))
            .satisfies((ex) -> assertThat(ex.getScimError().getScimType()).isEqualTo("invalidValue"));
        assertThat(this.directory.passwordWrites()).isZero();
    }

    @Test
    void shouldAnswerUnknownIdWithNotFound() {
        // Given an id that does not exist
        String unknown = "00000000-0000-0000-0000-000000000000";

        // When reading, patching or replacing it / Then each answers 404
        assertThatExceptionOfType(ScimException.class).isThrownBy(() -> this.directory.get(unknown))
            .satisfies((ex) -> assertThat(ex.getScimError().getStatus()).isEqualTo(404));
        assertThatExceptionOfType(ScimException.class)
            .isThrownBy(() -> this.directory.patch(unknown,
                    new PatchRequest(PatchOperation.replace("password", "x"))))
            .satisfies((ex) -> assertThat(ex.getScimError().getStatus()).isEqualTo(404));
        assertThatExceptionOfType(ScimException.class)
            .isThrownBy(() -> this.directory.replace(unknown, JsonUtils.getJsonNodeFactory().objectNode()))
            .satisfies((ex) -> assertThat(ex.getScimError().getStatus()).isEqualTo(404));
        assertThat(this.directory.passwordMatches(unknown, "x")).isFalse();
        assertThat(this.directory.passwordChangedAt(unknown)).isEmpty();
    }

    @Test
    void shouldRestoreSeedsOnReset() throws Exception {
        // Given a changed password and a renamed user
        this.directory.patch(DemoDirectory.ALICE_ID, new PatchRequest(PatchOperation.replace("password", "Gone-1")));
        this.directory.patch(DemoDirectory.BOB_ID, new PatchRequest(PatchOperation.replace("userName", "robert")));

        // When resetting
        this.directory.reset();

        // Then the seeds are back and every password is forgotten
        assertThat(this.directory.idOf("bob")).contains(DemoDirectory.BOB_ID);
        assertThat(this.directory.idOf("robert")).isEmpty();
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "Gone-1")).isFalse();
        assertThat(this.directory.passwordChangedAt(DemoDirectory.ALICE_ID)).isEmpty();
        assertThat(this.directory.passwordWrites()).isZero();
    }

    @Test
    void shouldCountConcurrentPasswordWrites() throws Exception {
        // Given several threads writing passwords at the same time
        int threads = 4;
        int writesPerThread = 10;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String userId = (t % 2 == 0) ? DemoDirectory.ALICE_ID : DemoDirectory.BOB_ID;
            tasks.add(() -> {
                for (int i = 0; i < writesPerThread; i++) {
                    this.directory.patch(userId, new PatchRequest(PatchOperation.replace("password", "P-" + i)));
                    this.directory.search("userName pr", null, null);
                }
                return null;
            });
        }

        // When they all run
        try {
            for (Future<Void> future : executor.invokeAll(tasks)) {
                future.get();
            }
        }
        finally {
            executor.shutdown();
            assertThat(executor.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        // Then no write was lost
        assertThat(this.directory.passwordWrites()).isEqualTo(threads * writesPerThread);
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "P-" + (writesPerThread - 1))).isTrue();
    }

}
