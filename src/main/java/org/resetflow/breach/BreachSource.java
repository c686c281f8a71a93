package org.resetflow.breach;

import java.io.IOException;

/** One place that knows breached passwords, asked with a password's upper-case SHA-1 hex. */
interface BreachSource {

    /** How often the hash was seen in breaches; 0 if never. */
    long sightings(String sha1Hex) throws IOException;

    /** For log lines: where this source looks (a host or a file name), never what it was asked. */
    String describe();
}
