package com.leadignite;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class LeadIgniteApplication {

    public static void main(String[] args) {
        SpringApplication.run(LeadIgniteApplication.class, args);
    }
}
