/**
 * The people around a reset: the reset policy's inputs (account groups, recent requests, the privileged group), the
 * helpdesk's approval of resets for privileged accounts, and the engine groups ({@code helpdesk},
 * {@code process-owners}, {@code admins}) with their least-privilege authorizations.
 */
package org.resetflow.helpdesk;
