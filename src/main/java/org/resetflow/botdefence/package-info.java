/**
 * Bot defence on the request page without a third party: an ALTCHA proof of work. The server signs challenges with
 * an HMAC key of its own, the browser solves one (the widget is served from ResetFlow's own origin), and the request
 * is admitted only with a solution that verifies and has not been used before, recorded in the shared database so
 * that no node takes it twice. Without JavaScript the form falls back to the rate limits alone, under stricter
 * limits of its own.
 */
package org.resetflow.botdefence;
