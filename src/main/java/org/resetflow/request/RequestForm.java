package org.resetflow.request;

/**
 * What the request page posts: a user name or an e-mail address, and the bot defence's proof of work (the ALTCHA
 * widget's payload), or {@code noScript} from a browser without JavaScript; and what the requester needs
 * ({@code purpose}: {@code reset} or {@code unlock}, see {@link RequestPurpose}).
 */
record RequestForm(String identifier, String altcha, Boolean noScript, String purpose) {
}
