package com.leadignite.support;

import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/** Points every test context at the per-JVM test database (registered in spring.factories). */
public class TestDatabaseInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    @Override
    public void initialize(ConfigurableApplicationContext ctx) {
        if (ctx.getEnvironment().getProperty("leadignite.database.url", "").isBlank()) {
            ctx.getEnvironment().getPropertySources().addFirst(
                    new MapPropertySource("test-database", Map.of("leadignite.database.url", TestDatabase.url())));
        }
    }
}
