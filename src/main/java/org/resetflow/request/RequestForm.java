package org.resetflow.request;

/** What the request page posts: one field, a user name or an e-mail address. */
record RequestForm(String identifier) {
}
