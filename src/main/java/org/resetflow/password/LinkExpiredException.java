package org.resetflow.password;

/**
 * The reset's link reached the end of its lifetime while its submission was under way, before the password was
 * written. Thrown by "Validate password" so that the page's transaction rolls back: nothing is written to the
 * directory, no attempt is counted, and the page answers as for any link that is no longer valid. The message names
 * the reset only.
 */
class LinkExpiredException extends RuntimeException {

    LinkExpiredException(String processInstanceId) {
        super("The link of reset " + processInstanceId + " expired before its password could be written");
    }
}
