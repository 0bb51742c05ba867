package com.leadignite.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.leadignite.support.Http;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Collections;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementServerProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Profile {@code metrics}: Prometheus only on the management port; the public port still has only the
 * bare health answer. Its own context (profiles test + metrics), used by this class only.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles({"test", "metrics"})
class MetricsPortTest {

    static final int MANAGEMENT_PORT = freePort();

    @DynamicPropertySource
    static void managementPort(DynamicPropertyRegistry registry) {
        // no management.server.address: the default binding is what is tested
        registry.add("management.server.port", () -> MANAGEMENT_PORT);
    }

    @LocalServerPort
    int port;

    @Autowired
    ManagementServerProperties management;

    @Test
    void managementPortListensOnLoopbackByDefault() throws IOException {
        InetAddress bound = management.getAddress();
        assertThat(bound).as("management.server.address").isNotNull();
        assertThat(bound.isLoopbackAddress()).as("bound to %s", bound).isTrue();
        // and, where the machine has another address, nothing answers there
        InetAddress external = nonLoopbackAddress();
        if (external != null) {
            try (Socket s = new Socket()) {
                assertThatThrownBy(() -> s.connect(new InetSocketAddress(external, MANAGEMENT_PORT), 2000))
                        .isInstanceOf(IOException.class);
            }
        }
    }

    private static InetAddress nonLoopbackAddress() throws IOException {
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                if (a instanceof Inet4Address) {
                    return a;
                }
            }
        }
        return null;
    }

    @Test
    void prometheusOnlyOnTheManagementPort() {
        Http management = new Http(MANAGEMENT_PORT);
        Http.Response metrics = management.get("/actuator/prometheus");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");

        Http pub = new Http(port);
        assertThat(pub.get("/actuator/prometheus").status()).isIn(401, 404);
        Http.Response health = pub.get("/actuator/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().propertyNames()).containsExactly("status");
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        // nothing else of the management port is open
        assertThat(management.get("/actuator/env").status()).isIn(401, 404);
    }

    /** Orchestrators probe the private port: liveness (the process), readiness (accepting traffic, database up). */
    @Test
    void livenessAndReadinessProbesOnlyOnTheManagementPort() {
        Http management = new Http(MANAGEMENT_PORT);
        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            Http.Response r = management.get(probe);
            assertThat(r.status()).as(probe).isEqualTo(200);
            assertThat(r.json().propertyNames()).as(probe).containsExactly("status");
            assertThat(r.json().get("status").asString()).isEqualTo("UP");
            assertThat(new Http(port).get(probe).status()).as("public " + probe).isIn(401, 404);
        }
    }

    /** Which build is running: the version and the commit it was built from, on the private port only. */
    @Test
    void infoNamesTheVersionAndTheGitCommit() throws Exception {
        Http.Response info = new Http(MANAGEMENT_PORT).get("/actuator/info");
        assertThat(info.status()).isEqualTo(200);
        assertThat(info.json().path("build").path("version").asString()).matches("\\d+\\.\\d+\\.\\d+.*");
        String commit = info.json().path("git").path("commit").path("id").asString();
        assertThat(commit).matches("[0-9a-f]{7,40}");
        Process git = new ProcessBuilder("git", "log", "-1", "--format=%H").redirectErrorStream(true).start();
        String head = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor()).isZero();
        assertThat(head).startsWith(commit);
        assertThat(info.json().path("git").path("commit").path("time").isMissingNode()).isFalse();
        // nothing about the environment, and nothing at all on the public port
        assertThat(info.body()).doesNotContain("java.home", "PATH", "password");
        assertThat(new Http(port).get("/actuator/info").status()).isIn(401, 404);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
