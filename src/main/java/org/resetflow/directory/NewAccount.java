package org.resetflow.directory;

/** An account to create: what the helpdesk typed. It carries no password: the directory gets a random one. */
public record NewAccount(String userName, String email, String displayName) {
}
