/**
 * Demo mode: lets a newcomer run a whole password reset on one machine, with nothing else installed.
 *
 * <p>Demo mode is on when neither {@code resetflow.scim.base-url} nor {@code spring.mail.host} is set, or when
 * {@code resetflow.demo.enabled} is {@code true}; {@code DemoMode} decides it and refuses every mix of demo and real
 * settings. Then the application serves its own small, in-memory SCIM 2.0 directory under
 * {@value org.resetflow.demo.DemoDirectory#SCIM_BASE_PATH} (seeded with a handful of users) and a read-only
 * overview page at {@code /demo/directory}, which also has the outage switches ({@code DemoOutages}: the
 * directory answers 503, the mail server refuses connections) so that an incident can be caused and retried. It answers in the dialect that {@code resetflow.scim.dialect} selects
 * for the client ({@code DemoDialect}), so each vendor's requests can be tried by hand. It also runs a GreenMail
 * SMTP server on the loopback interface, points a {@code JavaMailSender} at it and shows everything it receives at
 * {@code /demo/inbox}.
 *
 * <p><strong>Demo only.</strong> The demo SCIM endpoint has no authentication at all, the pages are open and
 * every piece of state lives in memory and is lost on restart. Outside demo mode none of it exists and every
 * {@code /demo/**} path answers 404.
 */
package org.resetflow.demo;
