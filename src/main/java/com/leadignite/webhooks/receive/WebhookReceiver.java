package com.leadignite.webhooks.receive;

import com.leadignite.db.DbContext;
import com.leadignite.webhooks.Ids;
import com.leadignite.webhooks.Provider;
import com.leadignite.webhooks.WebhookClaims;
import com.leadignite.webhooks.WebhookJson;
import com.leadignite.webhooks.WebhookProperties;
import com.leadignite.webhooks.endpoint.WebhookEndpointRepository;
import com.leadignite.webhooks.endpoint.WebhookSecrets;
import com.leadignite.webhooks.process.WebhookEventHandlers;
import com.leadignite.webhooks.process.WebhookEventRepository;
import com.leadignite.webhooks.process.WebhookEventWorker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Receives one delivery. The checks run in a fixed order and the first failure answers: unknown
 * endpoint or provider mismatch (404), bad or missing signature (401), stale or future timestamp
 * (400), message id already seen (409). Signatures are checked over the raw bytes before any parsing.
 * A 2xx is only returned once the event is committed; handling happens afterwards.
 */
@Service
public class WebhookReceiver {

    private static final Logger log = LoggerFactory.getLogger(WebhookReceiver.class);

    /** A stored delivery; {@code known} is false for event types no handler takes (stored and ignored). */
    public record Accepted(UUID eventId, UUID orgId, boolean known) {
    }

    private final WebhookEndpointRepository endpoints;
    private final WebhookSecrets secrets;
    private final WebhookEventRepository events;
    private final WebhookEventHandlers handlers;
    private final WebhookEventWorker worker;
    private final ReplayGuard replay;
    private final WebhookProperties props;
    private final Clock clock;
    private final TransactionTemplate tx;

    public WebhookReceiver(WebhookEndpointRepository endpoints, WebhookSecrets secrets, WebhookEventRepository events,
                           WebhookEventHandlers handlers, WebhookEventWorker worker, ReplayGuard replay,
                           WebhookProperties props, Clock clock, PlatformTransactionManager txm) {
        this.endpoints = endpoints;
        this.secrets = secrets;
        this.events = events;
        this.handlers = handlers;
        this.worker = worker;
        this.replay = replay;
        this.props = props;
        this.clock = clock;
        this.tx = new TransactionTemplate(txm);
    }

    /**
     * @param header        request header lookup (case-insensitive)
     * @param declaredLength the Content-Length, or -1 when not sent
     */
    public Accepted receive(String providerText, String endpointText, UnaryOperator<String> header,
                            long declaredLength, InputStream bodyStream) throws IOException {
        if (declaredLength > props.maxBodyBytes()) {
            throw new WebhookRejectedException(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", null);
        }
        Optional<Provider> provider = Provider.parse(providerText);
        Optional<UUID> endpointId = Ids.parse(endpointText);
        if (provider.isEmpty() || endpointId.isEmpty()) {
            throw new WebhookRejectedException(HttpStatus.NOT_FOUND, "unknown_endpoint", null);
        }
        WebhookEndpointRepository.VerificationRow endpoint = tx.execute(
                s -> endpoints.forVerification(endpointId.get(), provider.get()).orElse(null));
        if (endpoint == null) {
            throw new WebhookRejectedException(HttpStatus.NOT_FOUND, "unknown_endpoint", null);
        }
        UUID orgId = endpoint.orgId();

        byte[] body = bodyStream.readNBytes(props.maxBodyBytes() + 1);
        if (body.length > props.maxBodyBytes()) {
            throw new WebhookRejectedException(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", orgId);
        }

        SignatureVerifier.Verified verified = verify(provider.get(), endpointId.get(), endpoint, header, body)
                .orElseThrow(() -> new WebhookRejectedException(HttpStatus.UNAUTHORIZED, "invalid_signature", orgId));

        checkTimestamp(verified.timestamp(), orgId);

        JsonNode payload;
        String text = new String(body, StandardCharsets.UTF_8);
        try {
            payload = WebhookJson.read(body);
        } catch (JacksonException e) {
            throw new WebhookRejectedException(HttpStatus.BAD_REQUEST, "malformed_payload", orgId);
        }
        if (payload == null || payload.isMissingNode() || text.contains("\\u0000")) {
            // PostgreSQL's jsonb cannot hold a NUL character; anything else is stored as received.
            throw new WebhookRejectedException(HttpStatus.BAD_REQUEST, "malformed_payload", orgId);
        }
        String eventType = EventTypes.of(payload);
        boolean known = handlers.known(provider.get(), eventType);

        UUID eventId = store(orgId, endpointId.get(), provider.get(), verified.messageId(), eventType, text, known);
        if (known) {
            worker.kick(eventId, orgId);
        }
        return new Accepted(eventId, orgId, known);
    }

    private Optional<SignatureVerifier.Verified> verify(Provider provider, UUID endpointId,
                                                         WebhookEndpointRepository.VerificationRow endpoint,
                                                         UnaryOperator<String> header, byte[] body) {
        List<String> candidates = new ArrayList<>(2);
        candidates.add(secrets.open(endpoint.secret(), endpointId, endpoint.orgId()));
        if (endpoint.previousSecret() != null && endpoint.previousSecretExpiresAt() != null
                && clock.instant().isBefore(endpoint.previousSecretExpiresAt())) {
            candidates.add(secrets.open(endpoint.previousSecret(), endpointId, endpoint.orgId()));
        }
        Optional<SignatureVerifier.Verified> standard = SignatureVerifier.standard(candidates,
                header.apply("webhook-id"), header.apply("webhook-timestamp"), header.apply("webhook-signature"), body);
        if (standard.isPresent() || provider != Provider.elevenlabs) {
            return standard;
        }
        return SignatureVerifier.elevenLabs(candidates, header.apply("ElevenLabs-Signature"), body);
    }

    private void checkTimestamp(String timestamp, UUID orgId) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw new WebhookRejectedException(HttpStatus.BAD_REQUEST, "invalid_timestamp", orgId);
        }
        long now = clock.instant().getEpochSecond();
        long tolerance = props.timestampTolerance().toSeconds();
        if (seconds < now - tolerance) {
            throw new WebhookRejectedException(HttpStatus.BAD_REQUEST, "stale_timestamp", orgId);
        }
        if (seconds > now + tolerance) {
            throw new WebhookRejectedException(HttpStatus.BAD_REQUEST, "future_timestamp", orgId);
        }
    }

    /** Replay check and insert in one transaction under the endpoint org's claims. */
    private UUID store(UUID orgId, UUID endpointId, Provider provider, String messageId, String eventType,
                       String payload, boolean known) {
        boolean remembered = false;
        try {
            return DbContext.callAs(WebhookClaims.forOrg(orgId), () -> tx.execute(s -> {
                if (!replay.firstSeen(orgId, endpointId, messageId, props.replayRetention())) {
                    throw new WebhookRejectedException(HttpStatus.CONFLICT, "replay", orgId);
                }
                return events.insert(orgId, endpointId, provider, messageId, eventType, payload, !known)
                        .orElseThrow(() -> new WebhookRejectedException(HttpStatus.CONFLICT, "replay", orgId));
            }));
        } catch (WebhookRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            // Not stored: let the sender's retry through rather than refusing it as a replay.
            try {
                replay.forget(endpointId, messageId);
            } catch (RuntimeException ignored) {
                log.warn("webhook replay id could not be released for endpoint {}", endpointId);
            }
            throw e;
        }
    }
}
