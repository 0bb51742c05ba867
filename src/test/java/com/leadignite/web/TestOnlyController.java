package com.leadignite.web;

import com.leadignite.security.ReauthenticationRequiredException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Valid;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Test-only routes (src/test only, under /test-only/**, authenticated like every unlisted route) that
 * raise each kind of failure the error pipeline must turn into a problem.
 */
@RestController
@RequestMapping("/test-only")
public class TestOnlyController {

    public record Contact(@NotBlank @Size(max = 5) String firstName, @Min(0) int count) {
    }

    private final JdbcClient jdbc;
    private final Validator validator;

    public TestOnlyController(JdbcClient jdbc, Validator validator) {
        this.jdbc = jdbc;
        this.validator = validator;
    }

    @PostMapping(path = "/contacts", consumes = MediaType.APPLICATION_JSON_VALUE)
    public Contact create(@Valid @RequestBody Contact c) {
        return c;
    }

    @GetMapping("/contacts/{id}")
    public Map<String, Object> get(@PathVariable UUID id) {
        return Map.of("id", id);
    }

    @GetMapping("/page")
    public Map<String, Object> page(@RequestParam @Min(1) @Max(100) int size) {
        return Map.of("size", size);
    }

    @GetMapping(path = "/json", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> json() {
        return Map.of("ok", true);
    }

    @PostMapping("/raw")
    public Map<String, Object> raw(HttpServletRequest request) throws IOException {
        return Map.of("bytes", request.getInputStream().readAllBytes().length);
    }

    @GetMapping("/boom")
    public void boom() {
        throw new IllegalStateException("select password from auth.users where id = 'x' at com.leadignite.Secret");
    }

    @GetMapping("/sql")
    public Object sql() {
        return jdbc.sql("select secret_column from no_such_table_xyz").query().listOfRows();
    }

    @GetMapping("/conflict")
    public void conflict() {
        throw ApiException.conflict("The lead was changed meanwhile.");
    }

    @GetMapping("/field-error")
    public void fieldError() {
        throw FieldErrorException.of("agent_id", "must be an agent of this org");
    }

    @GetMapping("/step-up")
    public void stepUp() {
        throw new ReauthenticationRequiredException();
    }

    @GetMapping("/denied")
    public void denied() {
        throw new AccessDeniedException("no");
    }

    @GetMapping("/constraint")
    public void constraint() {
        throw new ConstraintViolationException(validator.validate(new Contact("", -1)));
    }

    @GetMapping("/whoami")
    public Map<String, Object> whoami() {
        var u = com.leadignite.security.CurrentUser.get();
        return Map.of("id", u.id(), "org_id", u.orgId(), "role", u.role().name(),
                "session_id", String.valueOf(u.sessionId()));
    }

    @GetMapping("/send-error")
    public void sendError(HttpServletResponse response) throws IOException {
        response.sendError(409, "internal reason com.leadignite.Secret");
    }
}
