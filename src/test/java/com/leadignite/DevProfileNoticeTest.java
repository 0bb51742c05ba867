package com.leadignite;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The dev profile's relaxed limits never reach a production start. */
class DevProfileNoticeTest {

    @Test
    void devTogetherWithProdIsRefused() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("prod", "dev");
        assertThatThrownBy(() -> new DevProfileNotice(env)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("dev and prod");
    }

    @Test
    void devAloneStarts() {
        MockEnvironment env = new MockEnvironment();
        env.setActiveProfiles("dev");
        assertThatCode(() -> new DevProfileNotice(env)).doesNotThrowAnyException();
    }
}
