package org.resetflow.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** One setting, {@code resetflow.scim.dialect}, decides which dialect the demo directory plays. */
class DemoDialectConditionsTest {

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
        .withUserConfiguration(DemoDirectoryConfiguration.class, DemoScimController.class, DemoPingController.class,
                DemoOracleBulkController.class);

    @ParameterizedTest
    @CsvSource({ "rfc7644, RFC7644", "gluu, GLUU", "ORACLE, ORACLE", "Ping, PING", "auto, AUTO" })
    void shouldPlayTheDialectTheClientIsConfiguredFor(String setting, DemoDialect expected) {
        // Given resetflow.scim.dialect, spelled as a user might

        // When the context starts / Then the demo directory plays that dialect, with that vendor's extra endpoints
        this.runner.withPropertyValues("resetflow.scim.dialect=" + setting).run((context) -> {
            assertThat(context.getBean(DemoDialect.class)).isEqualTo(expected);
            assertThat(context.getBeansOfType(DemoPingController.class)).hasSize((expected == DemoDialect.PING) ? 1 : 0);
            assertThat(context.getBeansOfType(DemoOracleBulkController.class))
                .hasSize((expected == DemoDialect.ORACLE) ? 1 : 0);
        });
    }

    @Test
    void shouldPlayRfc7644WhenNoDialectIsSet() {
        // Given no resetflow.scim.dialect

        // When the context starts / Then the demo directory speaks the client's default, RFC 7644, and nothing more
        this.runner.run((context) -> assertThat(context).hasSingleBean(DemoScimController.class)
            .doesNotHaveBean(DemoPingController.class)
            .doesNotHaveBean(DemoOracleBulkController.class)
            .getBean(DemoDialect.class)
            .isEqualTo(DemoDialect.RFC7644));
    }

    @Test
    void shouldServeNoVendorEndpointWithARealDirectory() {
        // Given a real directory in the ping dialect

        // When the context starts / Then no demo endpoint exists, Ping's sub-resources included
        this.runner
            .withPropertyValues("resetflow.scim.base-url=https://broker.example.com/scim/v2",
                    "spring.mail.host=smtp.example.com", "resetflow.scim.dialect=ping")
            .run((context) -> assertThat(context).doesNotHaveBean(DemoScimController.class)
                .doesNotHaveBean(DemoPingController.class)
                .doesNotHaveBean(DemoDialect.class));
    }

}
