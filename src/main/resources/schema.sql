-- ResetFlow's own table: one row per issued reset link. Only the SHA-256 hash of a token is stored; the primary
-- key makes the link page's lookup an index seek however many resets are waiting.
CREATE TABLE IF NOT EXISTS rf_reset_token (
    token_hash          VARCHAR(64)  NOT NULL PRIMARY KEY,
    process_instance_id VARCHAR(64)  NOT NULL,
    account_id          VARCHAR(255) NOT NULL,
    expires_at          TIMESTAMP    NOT NULL,
    used_at             TIMESTAMP
);
CREATE INDEX IF NOT EXISTS rf_reset_token_process ON rf_reset_token (process_instance_id);

-- The request inbox. The request page inserts one row and answers; the starter claims the due rows for a batch
-- (batch_id), within the directory budget, and starts one request-intake instance for it in the same transaction;
-- the intake's "Look up accounts" reads the batch's identifiers and "Start resets for accounts" deletes its rows in
-- the transaction that starts the resets. People type passwords into that field, so it never becomes a process
-- variable, a history row or a log line. Rows that never reached their lookup are purged after a day.
-- process_instance_id is what rows queued by earlier versions carry (one reset per row); new rows leave it empty.
CREATE TABLE IF NOT EXISTS rf_reset_request (
    request_id          VARCHAR(36)   NOT NULL PRIMARY KEY,
    identifier          VARCHAR(1024) NOT NULL,
    client_address      VARCHAR(64)   NOT NULL,
    requested_at        TIMESTAMP     NOT NULL,
    process_instance_id VARCHAR(64)
);
-- The page language of the request (a language tag, not a secret): the mails speak it when the account names none.
ALTER TABLE rf_reset_request ADD COLUMN IF NOT EXISTS request_language VARCHAR(35);
CREATE INDEX IF NOT EXISTS rf_reset_request_queue ON rf_reset_request (process_instance_id, requested_at);
-- The batch a request belongs to once the starter claimed it: the intake instance's only business variable.
ALTER TABLE rf_reset_request ADD COLUMN IF NOT EXISTS batch_id VARCHAR(36);
CREATE INDEX IF NOT EXISTS rf_reset_request_batch ON rf_reset_request (batch_id, requested_at);
-- The inbox in the order it is claimed: on H2 the starter reads the oldest rows through it and stops at the batch's
-- size (request.PendingLookups#claimStatement), instead of reading the whole backlog ten times a second.
CREATE INDEX IF NOT EXISTS rf_reset_request_due ON rf_reset_request (requested_at);
-- What the requester asked for (request.RequestPurpose: reset or unlock; not a secret): the reset's channel.
ALTER TABLE rf_reset_request ADD COLUMN IF NOT EXISTS purpose VARCHAR(16);

-- One live link per account, as a database fact: issuing a link replaces the account's row, so however many
-- requests for one account run at once, only the link written last opens the password form.
CREATE TABLE IF NOT EXISTS rf_live_link (
    account_id          VARCHAR(255) NOT NULL PRIMARY KEY,
    token_hash          VARCHAR(64)  NOT NULL,
    process_instance_id VARCHAR(64)  NOT NULL
);
CREATE INDEX IF NOT EXISTS rf_live_link_process ON rf_live_link (process_instance_id);

-- What became of a reset's password write, recorded in a transaction of its own the moment it is known, so that it
-- survives the rollback of the page's transaction: ACCEPTED (the directory took the password: the reset must end
-- as "Password reset", with its confirmation mail, whatever fails next) or UNCONFIRMED (sent, no answer). Never the
-- password itself.
CREATE TABLE IF NOT EXISTS rf_password_write (
    process_instance_id VARCHAR(64) NOT NULL PRIMARY KEY,
    outcome             VARCHAR(16) NOT NULL,
    recorded_at         TIMESTAMP   NOT NULL
);

-- One row per reset that found its account, for the policy's "recent requests" input: counted by an index seek on
-- (account, time) however long the history is, and whatever the history level. Rows older than the policy's
-- window are purged (helpdesk.RecentResets). An account id is not a secret.
CREATE TABLE IF NOT EXISTS rf_account_reset (
    account_id VARCHAR(255) NOT NULL,
    started_at TIMESTAMP    NOT NULL
);
CREATE INDEX IF NOT EXISTS rf_account_reset_account ON rf_account_reset (account_id, started_at);

-- Bot defence: one row per proof-of-work solution accepted, keyed by its challenge, so that a solution works once
-- across all nodes (the insert of a second use fails on the key). Rows are deleted once their challenge expired.
CREATE TABLE IF NOT EXISTS rf_bot_solution (
    challenge  VARCHAR(64) NOT NULL PRIMARY KEY,
    expires_at TIMESTAMP   NOT NULL
);
CREATE INDEX IF NOT EXISTS rf_bot_solution_expiry ON rf_bot_solution (expires_at);

-- Rate-limit buckets shared by every node (config.RateLimiters, Bucket4j), used only on PostgreSQL; on H2 the limits
-- live in memory and this table stays empty. The id is a keyed 64-bit hash of the limit and its key (a client network
-- or what was typed as identifier), never the key itself; expires_at (epoch ms) lets full buckets be purged.
CREATE TABLE IF NOT EXISTS rf_rate_limit_bucket (
    id         BIGINT NOT NULL PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);

-- The sent-mail ledger: one row per mail the SMTP server accepted, committed in a transaction of its own the moment
-- the server took it, so that it survives the rollback of the job that sent it (a node killed, the database gone).
-- When that job runs again, the mail step finds its row and does not send again; "Issue token" finds the expiry the
-- mail told and restores the same link (token.ResetTokens derives it from the reset and the mail key). mail_key
-- names one mail of a reset: "reset-link:<job id>" (a new job, e.g. a modification in Cockpit, is a new link) or
-- "password-changed". No token, link or address. The primary key makes a second node's record of the same mail a
-- conflict (= already sent). Rows are deleted after resetflow.mail.sent-mail-retention (30 days, the history's TTL).
CREATE TABLE IF NOT EXISTS rf_sent_mail (
    process_instance_id VARCHAR(64)  NOT NULL,
    mail_key            VARCHAR(128) NOT NULL,
    sent_at             TIMESTAMP    NOT NULL,
    link_expires_at     TIMESTAMP,
    PRIMARY KEY (process_instance_id, mail_key)
);
CREATE INDEX IF NOT EXISTS rf_sent_mail_sent ON rf_sent_mail (sent_at);
