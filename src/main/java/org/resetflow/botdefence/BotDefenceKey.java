package org.resetflow.botdefence;

/** The HMAC key challenges are signed with. Its {@code toString} names no secret. */
record BotDefenceKey(String value) {

    @Override
    public String toString() {
        return "BotDefenceKey[" + value.length() + " characters]";
    }
}
