package com.leadignite.webhooks;

import com.leadignite.webhooks.receive.DatabaseReplayGuard;
import com.leadignite.webhooks.receive.RedisReplayGuard;
import com.leadignite.webhooks.receive.ReplayGuard;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Replay ids in Redis when {@code REDIS_URL} is set, else in the database; the worker's schedule. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class WebhookConfiguration {

    @Bean
    ReplayGuard webhookReplayGuard(WebhookProperties props, JdbcClient jdbc) {
        return props.redisConfigured() ? new RedisReplayGuard(props.redisUrl()) : new DatabaseReplayGuard(jdbc);
    }
}
