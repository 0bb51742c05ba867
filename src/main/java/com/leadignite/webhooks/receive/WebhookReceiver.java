package com.leadignite.webhooks.receive;

import com.leadignite.db.Database;
import com.leadignite.db.DbClaims;
import com.leadignite.webhooks.Provider;
import com.leadignite.webhooks.WebhookJson;
import com.leadignite.webhooks.WebhookProperties;
import com.leadignite.webhooks.endpoint.WebhookEndpointRepository;
import com.leadignite.webhooks.endpoint.WebhookSecrets;
import com.leadignite.webhooks.process.SkippedEvents;
import com.leadignite.webhooks.process.WebhookEventHandlers;
import com.leadignite.webhooks.process.WebhookEventRepository;
import com.leadignite.webhooks.process.WebhookEventWorker;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import com.leadignite.security.ratelimit.BucketLimiter;
import com.leadignite.security.ratelimit.Probe;
import com.leadignite.security.ratelimit.RateLimitProperties;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamConstraintsException;
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

    /**
     * A stored delivery: {@code pending} (queued for its handler), {@code ignored} (an event type no
     * handler takes) or {@code skipped} (a payload that cannot be used).
     */
    public record Accepted(UUID eventId, UUID orgId, String status) {
    }

    /** Counted per stored event on top of its payload (row, index and metadata). */
    static final int ROW_OVERHEAD_BYTES = 256;

    private final WebhookEndpointRepository endpoints;
    private final WebhookSecrets secrets;
    private final WebhookEventRepository events;
    private final WebhookEventHandlers handlers;
    private final WebhookEventWorker worker;
    private final ReplayGuard replay;
    private final WebhookProperties props;
    private final Clock clock;
    private final Database db;
    private final WebhookJson json;
    private final BucketLimiter limiter;
    private final SkippedEvents skipped;
    private final NativeSignatureKeys nativeKeys;
    private final GhlLocationRepository ghlLocations;

    public WebhookReceiver(WebhookEndpointRepository endpoints, WebhookSecrets secrets, WebhookEventRepository events,
                           WebhookEventHandlers handlers, WebhookEventWorker worker, ReplayGuard replay,
                           WebhookProperties props, Clock clock, Database db, WebhookJson json,
                           BucketLimiter limiter, SkippedEvents skipped, NativeSignatureKeys nativeKeys,
                           GhlLocationRepository ghlLocations) {
        this.skipped = skipped;
        this.nativeKeys = nativeKeys;
        this.ghlLocations = ghlLocations;
        this.endpoints = endpoints;
        this.secrets = secrets;
        this.events = events;
        this.handlers = handlers;
        this.worker = worker;
        this.replay = replay;
        this.props = props;
        this.clock = clock;
        this.db = db;
        this.json = json;
        this.limiter = limiter;
    }

    /**
     * @param header        request header lookup (case-insensitive)
     * @param declaredLength the Content-Length, or -1 when not sent
     */
    public Accepted receive(String providerText, UUID endpointId, UnaryOperator<String> header,
                            long declaredLength, InputStream bodyStream) throws IOException {
        if (declaredLength > props.maxBodyBytes()) {
            throw new WebhookRejectedException(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", null);
        }
        Optional<Provider> provider = Provider.parse(providerText);
        if (provider.isEmpty() || endpointId == null) {
            throw new WebhookRejectedException(HttpStatus.NOT_FOUND, "unknown_endpoint", null);
        }
        WebhookEndpointRepository.VerificationRow endpoint = db.as(DbClaims.ANONYMOUS).read(
                () -> endpoints.forVerification(endpointId, provider.get()).orElse(null));
        if (endpoint == null) {
            throw new WebhookRejectedException(HttpStatus.NOT_FOUND, "unknown_endpoint", null);
        }
        UUID orgId = endpoint.orgId();

        byte[] body = bodyStream.readNBytes(props.maxBodyBytes() + 1);
        if (body.length > props.maxBodyBytes()) {
            throw new WebhookRejectedException(HttpStatus.CONTENT_TOO_LARGE, "body_too_large", orgId);
        }

        SignatureVerifier.Verified verified = verify(provider.get(), endpointId, endpoint, header, body)
                .orElseThrow(() -> new WebhookRejectedException(HttpStatus.UNAUTHORIZED, "invalid_signature", orgId));

        checkTimestamp(verified.timestamp(), orgId);
        // Counted only once the sender proved it holds the secret, so nobody else can use up a tenant's limit.
        limit("endpoint", "endpoint:" + endpointId, props.endpointRateQuota());
        limit("org", "org:" + orgId, props.orgRateQuota());

        Stored prepared = prepare(provider.get(), body, orgId);
        Inserted inserted = store(orgId, endpointId, provider.get(), verified.messageId(), prepared);
        UUID eventId = inserted.id();
        Stored stored = inserted.stored();
        if (stored.status().equals("pending")) {
            worker.kick(eventId, orgId);
        } else if (stored.status().equals("skipped")) {
            // The payload never reaches a log or the audit; its size and reason are enough to find the sender's bug.
            skipped.record(orgId, endpointId, eventId, provider.get(), stored.note() + " (" + body.length + " bytes)");
        }
        return new Accepted(eventId, orgId, stored.status());
    }

    private void limit(String policy, String key, long quota) {
        RateLimitProperties.Limit limit = RateLimitProperties.Limit.of(quota, props.rateWindow());
        String bucketKey = "webhook:" + key;
        Probe probe = limiter.tryConsume(bucketKey, limit);
        if (!probe.allowed()) {
            throw new WebhookRateLimitedException(policy, bucketKey, limit, probe);
        }
    }

    /** What is stored for a verified delivery, its status, and why when it is skipped. */
    record Stored(String eventType, String payload, String status, String note) {
    }

    /**
     * Keeps what the event type needs: a handled type whole; an unknown type only its type, size and a
     * bounded excerpt; a payload that cannot be used at all (malformed, over the parse limits, a NUL or
     * lone surrogate that PostgreSQL cannot hold) only its size and the reason, marked skipped. The
     * sender proved it holds the secret, so it gets a 2xx: retrying the same bytes would never help.
     */
    private Stored prepare(Provider provider, byte[] body, UUID orgId) {
        JsonNode payload;
        try {
            payload = json.readBounded(body);
        } catch (WebhookJson.BusyException e) {
            throw new WebhookRejectedException(HttpStatus.SERVICE_UNAVAILABLE, "busy", orgId);
        } catch (StreamConstraintsException e) {
            return unusable("limits_exceeded", body.length);
        } catch (JacksonException e) {
            return unusable("malformed_json", body.length);
        }
        if (payload == null || payload.isMissingNode()) {
            return unusable("empty_body", body.length);
        }
        Optional<String> unstorable = WebhookJson.unstorable(payload);
        if (unstorable.isPresent()) {
            return unusable(unstorable.get(), body.length);
        }
        String eventType = EventTypes.of(payload);
        if (handlers.known(provider, eventType)) {
            return new Stored(eventType, new String(body, StandardCharsets.UTF_8), "pending", null);
        }
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("type", eventType);
        kept.put("bytes", body.length);
        kept.put("excerpt", WebhookJson.excerpt(new String(body, StandardCharsets.UTF_8), props.excerptChars()));
        return new Stored(eventType, json.write(kept), "ignored", null);
    }

    private Stored unusable(String reason, int bytes) {
        Map<String, Object> kept = new LinkedHashMap<>();
        kept.put("unusable", reason);
        kept.put("bytes", bytes);
        return new Stored(null, json.write(kept), "skipped", "unusable_payload: " + reason);
    }

    private Optional<SignatureVerifier.Verified> verify(Provider provider, UUID endpointId,
                                                         WebhookEndpointRepository.VerificationRow endpoint,
                                                         UnaryOperator<String> header, byte[] body) {
        List<String> candidates = new ArrayList<>(1 + endpoint.previousSecrets().size());
        candidates.add(secrets.open(endpoint.secret(), endpointId, endpoint.orgId()));
        // Only unexpired previous secrets come back from the database, each with its own grace period.
        for (byte[] previous : endpoint.previousSecrets()) {
            candidates.add(secrets.open(previous, endpointId, endpoint.orgId()));
        }
        Optional<SignatureVerifier.Verified> standard = SignatureVerifier.standard(candidates,
                header.apply("webhook-id"), header.apply("webhook-timestamp"), header.apply("webhook-signature"), body);
        if (standard.isPresent()) {
            return standard;
        }
        return switch (provider) {
            case elevenlabs -> SignatureVerifier.elevenLabs(candidates, header.apply("ElevenLabs-Signature"), body);
            case vapi -> SignatureVerifier.vapi(candidates, header.apply("x-signature"), header.apply("x-timestamp"), body);
            case ghl -> ghlNative(endpoint.orgId(), header, body);
        };
    }

    /**
     * HighLevel signs with its own key, the same for every org: a delivery it signed is for this endpoint
     * only when its {@code locationId} is the location this org connected. Its {@code webhookId} is the
     * replay id and its {@code timestamp} (ISO 8601 or epoch seconds/milliseconds) the freshness.
     */
    private Optional<SignatureVerifier.Verified> ghlNative(UUID orgId, UnaryOperator<String> header, byte[] body) {
        if (!SignatureVerifier.ghl(nativeKeys.ghlEd25519().orElse(null), nativeKeys.ghlRsa().orElse(null),
                header.apply("X-GHL-Signature"), header.apply("x-wh-signature"), body)) {
            return Optional.empty();
        }
        JsonNode payload;
        try {
            payload = json.readBounded(body);
        } catch (WebhookJson.BusyException e) {
            throw new WebhookRejectedException(HttpStatus.SERVICE_UNAVAILABLE, "busy", orgId);
        } catch (JacksonException e) {
            return Optional.empty();
        }
        JsonNode id = payload == null ? null : payload.path("webhookId");
        JsonNode location = payload == null ? null : payload.path("locationId");
        if (id == null || !id.isString() || id.asString().isBlank() || id.asString().length() > SignatureVerifier.MAX_MESSAGE_ID
                || !location.isString()) {
            return Optional.empty();
        }
        Optional<String> connected = db.as(DbClaims.webhook(orgId)).read(() -> ghlLocations.locationOf(orgId));
        if (connected.isEmpty() || !connected.get().equals(location.asString())) {
            return Optional.empty();
        }
        return Optional.of(new SignatureVerifier.Verified("ghl_" + id.asString(), epochSeconds(payload.path("timestamp"))));
    }

    /** Epoch seconds as text, or "" (refused as an invalid timestamp) when it is neither a number nor ISO 8601. */
    static String epochSeconds(JsonNode t) {
        try {
            if (t.isIntegralNumber() || (t.isString() && t.asString().matches("[0-9]{1,20}"))) {
                long v = t.isIntegralNumber() ? t.asLong() : Long.parseLong(t.asString());
                return Long.toString(v >= 1_000_000_000_000L ? v / 1000 : v);
            }
            if (t.isString()) {
                return Long.toString(java.time.OffsetDateTime.parse(t.asString()).toEpochSecond());
            }
        } catch (RuntimeException e) {
            // falls through: not a usable timestamp
        }
        return "";
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

    /**
     * Replay check, storage reservation and insert in one transaction under the endpoint org's claims.
     * A payload the database still refuses (a data exception) is stored as unusable instead, from a
     * savepoint, so the replay id and the answer stay consistent.
     */
    /** The stored event and what was stored: a payload the database refused ends up skipped. */
    private record Inserted(UUID id, Stored stored) {
    }

    private Inserted store(UUID orgId, UUID endpointId, Provider provider, String messageId, Stored stored) {
        try {
            return db.as(DbClaims.webhook(orgId)).writeWithSavepoints(s -> {
                if (!replay.firstSeen(orgId, endpointId, messageId, props.replayRetention())) {
                    throw new WebhookRejectedException(HttpStatus.CONFLICT, "replay", orgId);
                }
                Object savepoint = s.createSavepoint();
                try {
                    return new Inserted(insert(orgId, endpointId, provider, messageId, stored), stored);
                } catch (DataIntegrityViolationException | TransientDataAccessException e) {
                    throw e;
                } catch (DataAccessException e) {
                    if (!dataException(e)) {
                        throw e;
                    }
                    s.rollbackToSavepoint(savepoint);
                    Stored refused = unusable("database_refused", stored.payload().length());
                    return new Inserted(insert(orgId, endpointId, provider, messageId, refused), refused);
                }
            });
        } catch (WebhookRejectedException e) {
            if (e.status() != HttpStatus.CONFLICT) {
                forget(endpointId, messageId);
            }
            throw e;
        } catch (RuntimeException e) {
            // Not stored: let the sender's retry through rather than refusing it as a replay.
            forget(endpointId, messageId);
            throw e;
        }
    }

    private UUID insert(UUID orgId, UUID endpointId, Provider provider, String messageId, Stored stored) {
        int bytes = stored.payload().getBytes(StandardCharsets.UTF_8).length + ROW_OVERHEAD_BYTES;
        if (!events.reserveStorage(orgId, bytes, props.orgStorageQuota().toBytes())) {
            throw new WebhookRejectedException(HttpStatus.TOO_MANY_REQUESTS, "storage_quota", orgId);
        }
        return events.insert(orgId, endpointId, provider, messageId, stored.eventType(), stored.payload(),
                        stored.status(), stored.note(), bytes)
                .orElseThrow(() -> new WebhookRejectedException(HttpStatus.CONFLICT, "replay", orgId));
    }

    /** SQLSTATE class 22 (data exception): the value itself, not the database, is the problem. */
    private static boolean dataException(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("22")) {
                return true;
            }
        }
        return false;
    }

    private void forget(UUID endpointId, String messageId) {
        try {
            replay.forget(endpointId, messageId);
        } catch (RuntimeException ignored) {
            log.warn("webhook replay id could not be released for endpoint {}", endpointId);
        }
    }
}
