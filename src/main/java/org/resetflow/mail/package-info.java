/** The mails of a reset (link and confirmation), rendered from templates, and their delegates. */
package org.resetflow.mail;
