/**
 * What an operator watches: health (directory, mail server, job executor) and metrics (requests, mails, outcomes,
 * directory calls, inbox depth) on the management port, which the public pages' port never serves.
 */
package org.resetflow.operations;
