package org.resetflow.demo;

import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** What the demo pages have in common. */
final class DemoPages {

    /** Times are shown in the server's zone: in demo mode server and browser are the same machine. */
    static final DateTimeFormatter TIME_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss z", Locale.ROOT);

    private DemoPages() {
    }

}
