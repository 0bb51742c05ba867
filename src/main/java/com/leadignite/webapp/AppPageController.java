package com.leadignite.webapp;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Map;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import com.leadignite.web.ApiException;

/**
 * The small browser app under {@code /app/} (index.html, app.js, app.css from {@code static/app}): it signs
 * in with a cookie session, lists and creates leads, and signs out. A fixed list of files, not a resource
 * handler, so nothing else on the class path can be reached by a crafted path. The strict CSP of these
 * pages is set with the other security headers ({@code security.SecurityHeaders}).
 */
@Hidden
@RestController
public class AppPageController {

    private static final Map<String, MediaType> FILES = Map.of(
            "index.html", MediaType.parseMediaType("text/html;charset=UTF-8"),
            "app.js", MediaType.parseMediaType("text/javascript;charset=UTF-8"),
            "app.css", MediaType.parseMediaType("text/css;charset=UTF-8"));

    /** {@code /app} → {@code /app/}, so the page's relative links resolve under it. */
    @GetMapping("/app")
    ResponseEntity<Void> app() {
        return ResponseEntity.status(302).header(HttpHeaders.LOCATION, "/app/").build();
    }

    @GetMapping("/app/")
    ResponseEntity<Resource> index() {
        return file("index.html");
    }

    @GetMapping("/app/{name}")
    ResponseEntity<Resource> file(@PathVariable String name) {
        MediaType type = FILES.get(name);
        if (type == null) {
            throw ApiException.notFound();
        }
        return ResponseEntity.ok().contentType(type).cacheControl(CacheControl.noCache())
                .body(new ClassPathResource("static/app/" + name));
    }
}
