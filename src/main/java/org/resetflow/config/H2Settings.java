package org.resetflow.config;

import com.zaxxer.hikari.HikariDataSource;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * H2 settings the engine needs under load and across a crash, added to any H2 URL that does not set them itself (an operator's
 * own value wins; other databases are left alone).
 * <ul>
 * <li>{@code QUERY_CACHE_SIZE=256}: H2 keeps parsed statements per connection in a cache of 8 by default; the engine
 * and ResetFlow use some 60 distinct statements per reset, so nearly every one was parsed again, and parsing was the
 * largest single cost of the background work under load (bench/README.md, "Tuning").</li>
 * <li>{@code LOCK_TIMEOUT=10000}: H2 gives up on a locked row after 1 s by default. Resets of one account serialise on
 * its row in {@code rf_live_link} from issuing the link until the mail is sent, so a burst of requests for one
 * account made later ones fail and wait for their retry. PostgreSQL waits; with this, H2 does too.</li>
 * <li>{@code WRITE_DELAY=0}, for a file database only: H2 writes a commit to the file after 500 ms by default, so a
 * killed process lost the requests it had answered in its last half second (issue 10's crash test). A request the
 * page answered must survive a crash. H2 then compacts the file no more: {@link H2FileCompaction} does.</li>
 * </ul>
 */
@Component
class H2Settings implements BeanPostProcessor {

    static final Map<String, String> SETTINGS = settings();

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("QUERY_CACHE_SIZE", "256");
        settings.put("LOCK_TIMEOUT", "10000");
        return settings;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null) {
            hikari.setJdbcUrl(withSettings(hikari.getJdbcUrl()));
        }
        return bean;
    }

    static String withSettings(String url) {
        if (!url.startsWith("jdbc:h2:")) {
            return url;
        }
        StringBuilder result = new StringBuilder(url);
        String upper = url.toUpperCase(Locale.ROOT);
        Map<String, String> settings = new LinkedHashMap<>(SETTINGS);
        if (!upper.startsWith("JDBC:H2:MEM:")) {
            settings.put("WRITE_DELAY", "0");
        }
        settings.forEach((name, value) -> {
            if (!upper.contains(";" + name + "=")) {
                result.append(';').append(name).append('=').append(value);
            }
        });
        return result.toString();
    }
}
