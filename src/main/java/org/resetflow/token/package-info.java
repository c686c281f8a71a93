/**
 * Reset tokens: issued once per link with 256 bits from {@code SecureRandom}, mailed, and forgotten. Only the
 * SHA-256 hash is stored ({@code rf_reset_token}); a link is used up when its password has been set.
 */
package org.resetflow.token;
