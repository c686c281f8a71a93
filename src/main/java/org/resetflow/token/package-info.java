/**
 * Reset tokens: 256 bits per link, derived with HMAC-SHA256 from the secret {@code RESETFLOW_TOKEN_KEY}, the reset
 * and the job that mails the link (so a rerun of that job arrives at the same link), mailed, and forgotten. Only the
 * SHA-256 hash is stored ({@code rf_reset_token}); a link is used up when its password has been set.
 */
package org.resetflow.token;
