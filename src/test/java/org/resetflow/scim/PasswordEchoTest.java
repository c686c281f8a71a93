package org.resetflow.scim;

import org.resetflow.directory.Directory;
import org.resetflow.directory.DirectoryException;
import org.resetflow.directory.PasswordRejectedByDirectoryException;
import org.resetflow.directory.BulkPasswordResult;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.resetflow.scim.StubDirectory.Reply;
import org.springframework.web.util.UriUtils;

/**
 * A directory that quotes the refused password back in its error text, raw or encoded, right where the page's
 * 300-character cut falls: nothing of the password may reach the reason, an exception message or a bulk result.
 */
class PasswordEchoTest {

    /** A quote, a backslash, a slash, a plus, a space and a non-ASCII letter: every encoding changes it. */
    private static final String PASSWORD = "Quiet \"Fjörd\" \\ Meadow+Ferry/38";
    private static final String OTHER_PASSWORD = "Other 'Harbor' Value+12/straße";
    private static final String ID = "acct-7";
    private static final int CUT = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper ASCII_JSON = JsonMapper.builder()
            .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
    private static final Pattern PERCENT_HEX = Pattern.compile("%[0-9A-F]{2}");
    private static final Pattern UNICODE_ESCAPE = Pattern.compile("\\\\u[0-9A-Fa-f]{4}");

    /** The forms in which a server might hand the password back inside its text. */
    enum Echo {
        RAW(password -> password),
        JSON_ESCAPED(password -> jsonString(JSON, password)),
        JSON_ASCII_ESCAPED(password -> UNICODE_ESCAPE.matcher(jsonString(ASCII_JSON, password))
                .replaceAll(match -> "\\\\" + match.group().substring(1).toLowerCase(Locale.ROOT))),
        URL_ENCODED(password -> UriUtils.encode(password, StandardCharsets.UTF_8)),
        FORM_ENCODED_LOWER_CASE_HEX(password -> PERCENT_HEX.matcher(URLEncoder.encode(password,
                StandardCharsets.UTF_8)).replaceAll(match -> match.group().toLowerCase(Locale.ROOT)));

        private final UnaryOperator<String> form;

        Echo(UnaryOperator<String> form) {
            this.form = form;
        }

        String of(String password) {
            return form.apply(password);
        }
    }

    private final StubDirectory server = new StubDirectory();

    @AfterEach
    void stop() {
        server.close();
    }

    static Stream<Arguments> dialectsAndEchoes() {
        return Arrays.stream(ScimProperties.Dialect.values())
                .flatMap(dialect -> Arrays.stream(Echo.values()).map(echo -> Arguments.of(dialect, echo)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dialectsAndEchoes")
    void shouldKeepAnEchoedPasswordOutOfTheReasonWhereverTheCutFalls(ScimProperties.Dialect dialect, Echo echo) {
        // Given a directory that refuses the password with a ~300-character text quoting it across the cut
        Directory directory = directory(dialect);
        String text = textQuoting(echo.of(PASSWORD));
        assertThat(text.indexOf(echo.of(PASSWORD))).isLessThan(CUT).isGreaterThan(CUT - echo.of(PASSWORD).length());
        server.enqueue(refusal(dialect, text));

        // When the password is set
        // Then the refusal carries a short readable reason without any five characters of the password
        assertThatThrownBy(() -> directory.setPassword(ID, PASSWORD))
                .isInstanceOf(PasswordRejectedByDirectoryException.class)
                .satisfies(e -> {
                    String reason = ((PasswordRejectedByDirectoryException) e).reason();
                    assertThat(reason).startsWith("The password was refused by policy P-7");
                    assertThat(reason.length()).isLessThanOrEqualTo(CUT + 1);
                    assertHoldsNoFiveCharactersOf(reason, PASSWORD);
                    assertHoldsNoFiveCharactersOf(e.toString(), PASSWORD);
                });
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("dialectsAndEchoes")
    void shouldKeepEchoedPasswordsOutOfEveryBulkResult(ScimProperties.Dialect dialect, Echo echo) {
        // Given two accounts whose new passwords the directory refuses, each answer quoting that account's password
        Directory directory = directory(dialect, true);
        String first = textQuoting(echo.of(PASSWORD));
        String second = textQuoting(echo.of(OTHER_PASSWORD));
        if (dialect == ScimProperties.Dialect.ORACLE || dialect == ScimProperties.Dialect.AUTO) {
            server.enqueue(bulkRefusal(dialect, first, second));
        } else {
            server.enqueue(refusal(dialect, first), refusal(dialect, second));
        }
        Map<String, String> passwords = new LinkedHashMap<>();
        passwords.put("u-1", PASSWORD);
        passwords.put("u-2", OTHER_PASSWORD);

        // When both are set at once
        List<BulkPasswordResult> results = directory.setPasswords(passwords);

        // Then each account has the directory's reason, and no reason holds five characters of either password
        assertThat(results).extracting(BulkPasswordResult::status).containsExactly(400, 400);
        assertThat(results).allSatisfy(result -> {
            assertThat(result.reason()).startsWith("The password was refused by policy P-7");
            assertHoldsNoFiveCharactersOf(result.reason(), PASSWORD);
            assertHoldsNoFiveCharactersOf(result.reason(), OTHER_PASSWORD);
        });
    }

    @ParameterizedTest
    @EnumSource(ScimProperties.Dialect.class)
    void shouldNameNoScimTypeItDoesNotKnowInAFailureMessage(ScimProperties.Dialect dialect) {
        // Given a directory that answers a password write with an unexpected status and the password as scimType
        Directory directory = directory(dialect);
        String wordPassword = "QuietMeadowFerry38";
        server.enqueue(Reply.scim(422, "{\"status\":\"422\",\"scimType\":\"" + wordPassword + "\"}"));

        // When the password is set
        // Then the failure names the directory and the status, and not the scimType it made up
        assertThatThrownBy(() -> directory.setPassword(ID, wordPassword))
                .isExactlyInstanceOf(DirectoryException.class)
                .hasMessageContaining("HTTP 422")
                .satisfies(e -> assertHoldsNoFiveCharactersOf(e.toString(), wordPassword));
    }

    private Directory directory(ScimProperties.Dialect dialect) {
        return directory(dialect, false);
    }

    private Directory directory(ScimProperties.Dialect dialect, boolean bulk) {
        if (dialect == ScimProperties.Dialect.AUTO) {
            server.enqueue(Reply.scim(200, Rfc7644DirectoryTest.serviceProviderConfig(true, bulk, false)));
        }
        return new Dialects(server.root() + "/scim/v2", dialect, Dialects.none()).directory();
    }

    /** About 300 characters of policy text with a line break in it, the echo starting ten before the cut. */
    private static String textQuoting(String echo) {
        StringBuilder text = new StringBuilder("The password was refused by policy P-7:\n");
        while (text.length() < CUT - 10) {
            text.append("it must differ from the last twenty passwords; ");
        }
        text.setLength(CUT - 10 - 2);
        return text.append(": ").append(echo).append(" was used before").toString();
    }

    private static Reply refusal(ScimProperties.Dialect dialect, String text) {
        ObjectNode body = JSON.createObjectNode();
        if (dialect == ScimProperties.Dialect.ORACLE) {
            body.putArray("Errors").addObject().put("description", text).put("code", "400");
            return Reply.json(400, body.toString());
        }
        body.putArray("schemas").add("urn:ietf:params:scim:api:messages:2.0:Error");
        body.put("status", "400").put("detail", text);
        return Reply.scim(400, body.toString());
    }

    private static Reply bulkRefusal(ScimProperties.Dialect dialect, String... texts) {
        ObjectNode body = JSON.createObjectNode();
        var operations = body.putArray("Operations");
        for (int n = 1; n <= texts.length; n++) {
            String bulkId = "password-" + n;
            String text = texts[n - 1];
            ObjectNode operation = operations.addObject().put("bulkId", bulkId).put("method", "PATCH")
                    .put("status", "400");
            if (dialect == ScimProperties.Dialect.ORACLE) {
                operation.putObject("response").putArray("Errors").addObject().put("description", text)
                        .put("code", "400");
            } else {
                operation.putObject("response").put("status", "400").put("detail", text);
            }
        }
        return dialect == ScimProperties.Dialect.ORACLE ? Reply.json(200, body.toString())
                : Reply.scim(200, body.toString());
    }

    private static String jsonString(ObjectMapper mapper, String value) {
        try {
            String quoted = mapper.writeValueAsString(value);
            return quoted.substring(1, quoted.length() - 1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Fails when any five consecutive characters of the password appear in the text. */
    static void assertHoldsNoFiveCharactersOf(String text, String password) {
        for (int start = 0; start + 5 <= password.length(); start++) {
            String window = password.substring(start, start + 5);
            assertThat(text).as("text must not hold \"%s\" from the password", window).doesNotContain(window);
        }
    }
}
