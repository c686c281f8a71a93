/**
 * Choosing the new password: the public password page, the local password rules (length, zxcvbn strength, no
 * user name or e-mail inside), and the delegate that validates a submission inside the engine.
 */
package org.resetflow.password;
