package org.resetflow.scim;

import static org.assertj.core.api.Assertions.assertThat;

import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The look-up filter holds what the user typed as one string value, whatever it contains: a directory that parses
 * the filter back finds one {@code eq} comparison of the attribute with exactly that value, and no other clause.
 */
class LookUpFilterTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "alice",
            "x\" or userName pr or userName eq \"",
            "alice\\\" or \"1\" eq \"1",
            "trailing backslash \\",
            "a@b.c\" or emails pr or emails.value eq \"x",
            "userName pr",
            "Zo\u00EB-\u00C5ngstr\u00F6m",
            "ctl\u0001\u001f",
            "(userName eq \"bob\") and [x]"})
    void shouldParseBackToOneEqualityWithTheTypedValue(String typed) throws Exception {
        for (String attribute : new String[] {"userName", "username", "emails.value"}) {
            // Given a look-up filter built from what the user typed
            String filter = ScimDialect.equalityFilter(attribute, typed);

            // When a directory parses it
            Filter parsed = Filter.fromString(filter);

            // Then it is one equality of that attribute with exactly the typed value
            assertThat(parsed).isInstanceOf(EqualFilter.class);
            assertThat(parsed.getAttributePath()).hasToString(attribute);
            assertThat(parsed.getComparisonValue().textValue()).isEqualTo(typed);
        }
    }
}
