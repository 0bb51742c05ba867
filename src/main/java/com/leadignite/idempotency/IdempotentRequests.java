package com.leadignite.idempotency;

import com.leadignite.security.AuthenticatedUser;
import com.leadignite.security.CurrentUser;
import com.leadignite.web.ApiException;
import com.leadignite.web.path.RequestPaths;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Service;
import com.leadignite.db.Database;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs a creating request at most once per {@code Idempotency-Key} and user (API.md §5).
 * <ul>
 *   <li>No key: the work runs as usual.</li>
 *   <li>New key: reserved in its own short transaction before the work runs, so concurrent duplicates
 *       see it; a 2xx answer is stored and sent; anything else (4xx, 5xx, an exception) releases the
 *       key, so the client may retry, corrected, with the same key.</li>
 *   <li>Known key, same request: the stored first response again (status, body byte for byte,
 *       {@code Location}), marked {@code Idempotent-Replayed: true}; nothing new is created.</li>
 *   <li>Known key, another request (body, path or method): 422 {@code idempotency-key-reused}.</li>
 *   <li>Same request still being processed: 409 {@code idempotency-request-in-progress} with
 *       {@code Retry-After}, as the IETF httpapi draft suggests; the client retries and gets the replay.</li>
 * </ul>
 * Keys belong to the authenticated user in their current org (row-level security on {@code user_id}
 * and {@code org_id}): another user's key of the same value is a different key, and so is the same
 * user's after a move to another org. The work runs in its own transactions, not inside the
 * reservation's, so no pooled connection is held while it runs.
 */
@Service
public class IdempotentRequests {

    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    private static final Logger log = LoggerFactory.getLogger(IdempotentRequests.class);
    private static final int RESERVE_ATTEMPTS = 3;

    private final IdempotencyRepository keys;
    private final IdempotencyProperties props;
    private final JsonMapper json;
    private final Database db;

    public IdempotentRequests(IdempotencyRepository keys, IdempotencyProperties props, JsonMapper json,
                              Database db) {
        this.keys = keys;
        this.props = props;
        this.json = json;
        this.db = db;
    }

    /**
     * Answers {@code request} (whose parsed JSON body is {@code body}) with {@code work}'s response, or
     * with the stored one when the request carries a key that was used before.
     *
     * @param authorize the handler's authentication, role and visibility checks, throwing its 403/404.
     *                  They run first, with or without a key: a stored answer (or a 409/422 about the
     *                  key) goes only to a caller who would be allowed the request now, since role,
     *                  assignment, lock or org may have changed since the first request. {@code work}
     *                  still checks again inside its own transaction.
     */
    public ResponseEntity<?> execute(HttpServletRequest request, JsonNode body, Runnable authorize,
                                     Supplier<? extends ResponseEntity<?>> work) {
        authorize.run();
        String key = IdempotencyKey.from(request);
        if (key == null) {
            return work.get();
        }
        AuthenticatedUser caller = CurrentUser.get();
        byte[] hash = RequestFingerprint.of(request.getMethod(), RequestPaths.of(request), body);

        for (int attempt = 0; attempt < RESERVE_ATTEMPTS; attempt++) {
            Reservation outcome = db.as(caller.claims()).write(() -> reserveOrFind(caller, key, hash));
            if (outcome instanceof Reservation.Reserved r) {
                return runReserved(caller, key, r.at(), work);
            }
            if (outcome instanceof Reservation.Used u) {
                return answerFromStored(u.stored(), hash);
            }
            // Released: the holder let the key go between our two statements; try again.
        }
        throw inProgress();
    }

    /** What an attempt to reserve a key found: the fixed set of cases. */
    private sealed interface Reservation permits Reservation.Reserved, Reservation.Used, Reservation.Released {

        /** The key is ours now, reserved at {@code at} (the reservation's identity). */
        record Reserved(OffsetDateTime at) implements Reservation {
        }

        /** The key was used before: its stored answer, or a request still in progress. */
        record Used(IdempotencyRepository.StoredKey stored) implements Reservation {
        }

        /** Neither: the holder released it between the two statements. */
        record Released() implements Reservation {
        }
    }

    private Reservation reserveOrFind(AuthenticatedUser caller, String key, byte[] hash) {
        Optional<OffsetDateTime> reserved = keys.reserve(caller.id(), caller.orgId(), key, hash, props.ttl(),
                props.inProgressTimeout());
        if (reserved.isPresent()) {
            return new Reservation.Reserved(reserved.get());
        }
        return keys.find(caller.id(), caller.orgId(), key).<Reservation>map(Reservation.Used::new)
                .orElseGet(Reservation.Released::new);
    }

    private ResponseEntity<?> answerFromStored(IdempotencyRepository.StoredKey stored, byte[] hash) {
        if (!MessageDigest.isEqual(stored.requestHash(), hash)) {
            throw new ApiException(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused",
                    "This Idempotency-Key was already used for a different request.");
        }
        if (!stored.completed()) {
            throw inProgress();
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set(REPLAYED_HEADER, "true");
        return response(stored.responseStatus(), stored.location(), stored.responseBody(), headers);
    }

    private ResponseEntity<?> runReserved(AuthenticatedUser caller, String key, OffsetDateTime reservedAt,
                                          Supplier<? extends ResponseEntity<?>> work) {
        ResponseEntity<?> first;
        try {
            first = work.get();
        } catch (RuntimeException | Error e) {
            release(caller, key, reservedAt);
            throw e;
        }
        if (!first.getStatusCode().is2xxSuccessful()) {
            release(caller, key, reservedAt);
            return first;
        }
        URI location = first.getHeaders().getLocation();
        String text = first.getBody() == null ? null : json.writeValueAsString(first.getBody());
        try {
            Boolean stored = db.as(caller.claims()).write(() -> keys.complete(caller.id(), caller.orgId(), key, reservedAt, first.getStatusCode().value(), text,
                    location == null ? null : location.toString()));
            if (!Boolean.TRUE.equals(stored)) {
                log.warn("idempotency reservation was taken over before its response could be stored");
            }
        } catch (RuntimeException e) {
            // The work is done and committed: answer it. The reservation stays in progress until abandoned.
            log.warn("storing an idempotent response failed ({})", e.getClass().getSimpleName());
        }
        // Sent as the exact text stored, so the first answer and every replay are byte-identical.
        return response(first.getStatusCode().value(), location == null ? null : location.toString(), text,
                first.getHeaders());
    }

    private void release(AuthenticatedUser caller, String key, OffsetDateTime reservedAt) {
        try {
            db.as(caller.claims()).run(() -> keys.release(caller.id(), caller.orgId(), key, reservedAt));
        } catch (RuntimeException e) {
            // The key then stays reserved until it is considered abandoned (in-progress-timeout).
            log.warn("releasing an idempotency reservation failed ({})", e.getClass().getSimpleName());
        }
    }

    private static ResponseEntity<?> response(int status, String location, String body, HttpHeaders extra) {
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(extra);
        if (location != null) {
            headers.set(HttpHeaders.LOCATION, location);
        }
        if (body == null) {
            return new ResponseEntity<>(headers, HttpStatus.valueOf(status));
        }
        headers.setContentType(MediaType.APPLICATION_JSON);
        return new ResponseEntity<>(body, headers, HttpStatus.valueOf(status));
    }

    private static IdempotencyInProgressException inProgress() {
        return new IdempotencyInProgressException();
    }
}
