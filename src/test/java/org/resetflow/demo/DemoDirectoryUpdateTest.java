package org.resetflow.demo;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.utils.JsonUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The writes the vendor dialects need: update only what is sent (Gluu, Oracle), change a password (Ping). */
class DemoDirectoryUpdateTest {

    private static final ObjectMapper SCIM_MAPPER = JsonUtils.createObjectMapper();

    private final DemoDirectory directory = new DemoDirectory(
            Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC));

    @Test
    void shouldUpdateOnlyWhatIsSentWhateverTheCaseOfItsName() throws Exception {
        // Given an update that names userName in lower case and tries to change id and schemas
        ObjectNode attributes = (ObjectNode) SCIM_MAPPER.readTree("""
                {"schemas": ["urn:scim:schemas:core:2.0:User"], "id": "other", "username": "alice2",
                 "password": "Upd4te-Secret!"}""");

        // When applying it to alice
        GenericScimResource alice = this.directory.update(DemoDirectory.ALICE_ID, attributes);

        // Then her one userName changed, id and schemas did not, the rest stayed, and the password was stored
        ObjectNode node = alice.getObjectNode();
        assertThat(node.properties()).filteredOn((entry) -> entry.getKey().equalsIgnoreCase("userName")).hasSize(1);
        assertThat(node.path("userName").asText()).isEqualTo("alice2");
        assertThat(alice.getId()).isEqualTo(DemoDirectory.ALICE_ID);
        assertThat(node.path("schemas").get(0).asText()).isEqualTo(DemoDirectory.USER_SCHEMA);
        assertThat(node.path("emails").get(0).path("value").asText()).isEqualTo("alice@example.org");
        assertThat(node.has("password")).isFalse();
        assertThat(this.directory.passwordMatches(DemoDirectory.ALICE_ID, "Upd4te-Secret!")).isTrue();
    }

    @Test
    void shouldFilterOnLowerCaseAttributeNamesAfterAnUpdate() throws Exception {
        // Given bob, updated the way Oracle's PATCH does it
        this.directory.update(DemoDirectory.BOB_ID,
                (ObjectNode) SCIM_MAPPER.readTree("{\"displayName\": \"Robert Brown\"}"));

        // When searching with Oracle's lower-case attribute names
        int byUserName = this.directory.search("username eq \"bob\"", null, null).getTotalResults();
        int byDisplayName = this.directory.search("displayname eq \"Robert Brown\"", null, null).getTotalResults();

        // Then the SDK's evaluator matches them: stored users keep its case-insensitive nodes
        assertThat(byUserName).isEqualTo(1);
        assertThat(byDisplayName).isEqualTo(1);
    }

    @Test
    void shouldRefuseTheCurrentPasswordAsTheNewOne() throws Exception {
        // Given carol with a password set through the password sub-resource
        this.directory.changePassword(DemoDirectory.CAROL_ID, null, "Carol-Secret-1");

        // When the same one is set again, or a change names a wrong current password
        // Then both are refused as invalid values, and only the first write counted
        assertThatExceptionOfType(ScimException.class)
            .isThrownBy(() -> this.directory.changePassword(DemoDirectory.CAROL_ID, null, "Carol-Secret-1"))
            .satisfies((ex) -> assertThat(ex.getScimError().getDetail())
                .isEqualTo(DemoPasswordPolicy.NOT_CURRENT_PASSWORD));
        assertThatExceptionOfType(ScimException.class)
            .isThrownBy(() -> this.directory.changePassword(DemoDirectory.CAROL_ID, "wrong", "Carol-Secret-2"))
            .satisfies((ex) -> assertThat(ex.getScimError().getScimType()).isEqualTo("invalidValue"));
        assertThat(this.directory.passwordWrites()).isEqualTo(1);
        assertThat(this.directory.passwordMatches(DemoDirectory.CAROL_ID, "Carol-Secret-1")).isTrue();
    }

}
