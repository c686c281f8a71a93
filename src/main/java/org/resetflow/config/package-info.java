/** Cross-cutting configuration: application properties, the clock, web security and engine settings. */
package org.resetflow.config;
