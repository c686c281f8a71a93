package org.resetflow;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class ResetFlowApplication {

    public static void main(String[] args) {
        SpringApplication.run(ResetFlowApplication.class, args);
    }
}
