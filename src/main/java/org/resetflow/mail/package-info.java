/**
 * The mails of a reset (link and confirmation), rendered from templates, and their delegates. The sent-mail ledger
 * ({@link org.resetflow.mail.SentMails}) records each mail the SMTP server accepted, so that a job run again after a
 * crash does not mail it twice.
 */
package org.resetflow.mail;
