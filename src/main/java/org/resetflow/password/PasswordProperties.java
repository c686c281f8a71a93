package org.resetflow.password;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** Local password rules; the directory may add its own on top. */
@Validated
@ConfigurationProperties("resetflow.password")
record PasswordProperties(
        @Min(1) @DefaultValue("8") int minLength,
        @Max(1024) @DefaultValue("128") int maxLength,
        @Min(0) @Max(4) @DefaultValue("3") int minStrength) {
}
