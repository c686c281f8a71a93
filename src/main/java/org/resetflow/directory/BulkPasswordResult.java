package org.resetflow.directory;

/** One account's outcome in a bulk password set; {@code reason} is the directory's, never the password. */
public record BulkPasswordResult(String accountId, int status, String reason) {

    static BulkPasswordResult ok(String accountId, int status) {
        return new BulkPasswordResult(accountId, status, null);
    }

    public boolean succeeded() {
        return status >= 200 && status < 300;
    }
}
