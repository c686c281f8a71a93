/**
 * Is a new password in the lists attackers try first? Asks either a k-anonymity range API in the Have I Been Pwned
 * format (only the first five hex characters of the password's SHA-1 leave the service) or a file of breached
 * passwords' SHA-1 hashes that the operator provides. Whether a reset applies the check at all is the process
 * owner's decision ({@code bpmn/password-checks.dmn}); which source answers, and what happens when it cannot, is
 * configuration ({@code resetflow.breached-passwords.*}).
 */
package org.resetflow.breach;
