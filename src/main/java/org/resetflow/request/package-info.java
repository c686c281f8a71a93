/**
 * The public request page: takes a user name or e-mail address, starts a reset and gives the same answer whatever
 * happens next. No directory call happens on the request thread.
 */
package org.resetflow.request;
