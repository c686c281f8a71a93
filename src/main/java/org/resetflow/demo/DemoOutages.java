package org.resetflow.demo;

import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.stereotype.Component;

/**
 * The demo's two outage switches, so a newcomer can cause what an admin meets in production: a directory that
 * answers 503 and a mail server that refuses connections. Both start off; they live in memory like the rest of the
 * demo.
 */
@Component
@ConditionalOnDemoMode
class DemoOutages {

    private final AtomicBoolean directoryDown = new AtomicBoolean();

    private final AtomicBoolean mailDown = new AtomicBoolean();

    boolean directoryDown() {
        return this.directoryDown.get();
    }

    boolean mailDown() {
        return this.mailDown.get();
    }

    void switchDirectory(boolean down) {
        this.directoryDown.set(down);
    }

    void switchMail(boolean down) {
        this.mailDown.set(down);
    }

}
