package bench.naive;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The baseline of bench/api.sh: the same rows from the same database, with nothing in front (no token,
 * session, RLS, limits, audit or masking) and one statement per request. Same Spring Boot, same pool size.
 * Compiled and started by the script only; it is not part of the service or its jar.
 */
@SpringBootApplication(excludeName = {
        "org.springframework.boot.security.autoconfigure.SecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
        "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
        "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"})
@RestController
public class NaiveApi {

    private static final String COLUMNS = "id, org_id, owner_id, assigned_agent_id, first_name, last_name, email, "
            + "phone, company, status, source, notes, created_at, updated_at";

    private final JdbcClient jdbc;
    private final UUID org;

    public NaiveApi(JdbcClient jdbc, org.springframework.core.env.Environment env) {
        this.jdbc = jdbc;
        this.org = UUID.fromString(env.getRequiredProperty("bench.org-id"));
        jdbc.sql("create table if not exists public.bench_naive_events (id bigserial primary key, body text not null)")
                .update();
    }

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(NaiveApi.class);
        app.setDefaultProperties(Map.of("spring.config.name", "naive", "spring.main.banner-mode", "off",
                "spring.datasource.hikari.maximum-pool-size", "10",
                "spring.jackson.property-naming-strategy", "SNAKE_CASE"));
        app.run(args);
    }

    @GetMapping("/naive/ping")
    Map<String, String> ping() {
        return Map.of("status", "UP");
    }

    @GetMapping("/naive/leads/{id}")
    ResponseEntity<Map<String, Object>> lead(@PathVariable UUID id) {
        return jdbc.sql("select " + COLUMNS + " from public.leads where id = ? and org_id = ?").params(id, org)
                .query().listOfRows().stream().findFirst()
                .map(ResponseEntity::ok).orElse(ResponseEntity.notFound().build());
    }

    @GetMapping("/naive/leads")
    Map<String, Object> leads(@RequestParam(defaultValue = "20") int size) {
        List<Map<String, Object>> rows = jdbc.sql("select " + COLUMNS
                        // the service's order (and so its rows and its index): newest first, id to break ties
                        + " from public.leads where org_id = ? order by created_at desc nulls last, id desc limit ?")
                .params(org, Math.min(size, 100)).query().listOfRows();
        return Map.of("items", rows);
    }

    @PostMapping("/naive/leads")
    ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> body) {
        Map<String, Object> row = jdbc.sql("insert into public.leads (org_id, first_name, last_name, email, company) "
                        + "values (?, ?, ?, ?, ?) returning " + COLUMNS)
                .params(org, body.get("first_name"), body.get("last_name"), body.get("email"), body.get("company"))
                .query().singleRow();
        return ResponseEntity.status(201).body(row);
    }

    @PostMapping("/naive/webhook")
    ResponseEntity<Void> webhook(@RequestBody String body) {
        jdbc.sql("insert into public.bench_naive_events (body) values (?)").param(body).update();
        return ResponseEntity.noContent().build();
    }
}
