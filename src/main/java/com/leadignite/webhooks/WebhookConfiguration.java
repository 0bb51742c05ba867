package com.leadignite.webhooks;

import com.leadignite.security.ratelimit.RedisConnections;
import com.leadignite.webhooks.receive.DatabaseReplayGuard;
import com.leadignite.webhooks.receive.RedisReplayGuard;
import com.leadignite.webhooks.receive.ReplayGuard;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Replay ids in Redis when {@code REDIS_URL} is set (the database while it is down), else in the database. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class WebhookConfiguration {

    @Bean
    @Primary
    ReplayGuard webhookReplayGuard(RedisConnections redis, DatabaseReplayGuard database) {
        return redis.configured() ? new RedisReplayGuard(redis, database) : database;
    }
}
