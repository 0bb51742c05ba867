package com.leadignite.crm.capture;

import com.leadignite.auth.signin.ClientIp;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.CrossOrigin;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RequestMethod;

/**
 * {@code POST /api/v1/public/lead-capture} (API.md §3): the one unauthenticated write. CORS is open to
 * every origin without credentials, because a preflight cannot carry the form key; the real request is
 * where the key's allowed origins are enforced.
 */
@RestController
public class LeadCaptureController {

    public static final String PATH = "/api/v1/public/lead-capture";

    private final LeadCaptureService service;

    public LeadCaptureController(LeadCaptureService service) {
        this.service = service;
    }

    @CrossOrigin(origins = "*", allowCredentials = "false", methods = RequestMethod.POST,
            allowedHeaders = {"Content-Type", "X-Form-Key", "X-Captcha-Token"}, maxAge = 600)
    @PostMapping(PATH)
    public ResponseEntity<Map<String, UUID>> capture(@RequestHeader(name = "X-Form-Key", required = false) String formKey,
                                                     @RequestHeader(name = "Origin", required = false) String origin,
                                                     @RequestHeader(name = "X-Captcha-Token", required = false) String captchaToken,
                                                     @RequestBody CaptureRequest body, HttpServletRequest request) {
        UUID id = service.capture(formKey, origin, captchaToken, ClientIp.of(request), body);
        return ResponseEntity.created(URI.create("/api/v1/leads/" + id)).body(Map.of("id", id));
    }
}
