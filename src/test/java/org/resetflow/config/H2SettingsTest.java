package org.resetflow.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** H2 URLs get the statement cache and lock timeout the engine needs; other databases and own settings are kept. */
class H2SettingsTest {

    @Test
    void shouldAddTheSettingsToAnH2UrlWithoutThem() {
        assertThat(H2Settings.withSettings("jdbc:h2:mem:abc;DB_CLOSE_DELAY=-1"))
                .isEqualTo("jdbc:h2:mem:abc;DB_CLOSE_DELAY=-1;QUERY_CACHE_SIZE=256;LOCK_TIMEOUT=10000");
        assertThat(H2Settings.withSettings("jdbc:h2:file:./data/resetflow"))
                .isEqualTo("jdbc:h2:file:./data/resetflow;QUERY_CACHE_SIZE=256;LOCK_TIMEOUT=10000;WRITE_DELAY=0");
    }

    @Test
    void shouldKeepAnOperatorsOwnSettingsAndOtherDatabases() {
        assertThat(H2Settings.withSettings("jdbc:h2:./data/resetflow;write_delay=100"))
                .isEqualTo("jdbc:h2:./data/resetflow;write_delay=100;QUERY_CACHE_SIZE=256;LOCK_TIMEOUT=10000");
        assertThat(H2Settings.withSettings("jdbc:h2:mem:abc;query_cache_size=16"))
                .isEqualTo("jdbc:h2:mem:abc;query_cache_size=16;LOCK_TIMEOUT=10000");
        assertThat(H2Settings.withSettings("jdbc:postgresql://db/resetflow")).isEqualTo("jdbc:postgresql://db/resetflow");
    }
}
