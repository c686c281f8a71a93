package org.resetflow.demo;

import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** What every over-HTTP demo-directory test starts from: the seeded directory and a client on the app's port. */
abstract class DemoScimHttpTestBase {

    @LocalServerPort
    int port;

    @Autowired
    DemoDirectory directory;

    DemoScimHttp scim;

    @BeforeEach
    void resetDemoState() {
        this.directory.reset();
        this.scim = new DemoScimHttp("http://localhost:" + this.port);
    }
}
