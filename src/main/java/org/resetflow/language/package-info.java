/**
 * The languages of the public pages and the mails: which ones exist, how a visitor's is chosen (a cookie set by the
 * switch on every page, else {@code Accept-Language}) and how a mail's is chosen (the account's, else the request's).
 * The texts themselves live in {@code messages*.properties}, the one source for pages and mails.
 */
package org.resetflow.language;
