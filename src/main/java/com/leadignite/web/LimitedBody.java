package com.leadignite.web;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * A response body of at most {@code max} bytes for {@link java.net.http.HttpClient}: an answer that declares
 * more is refused before reading, one that sends more stops being read (the connection is dropped) as soon
 * as it exceeds the limit. Either way the body fails with {@link TooLarge}.
 */
public final class LimitedBody implements HttpResponse.BodySubscriber<byte[]> {

    /** An answer above the limit. */
    public static final class TooLarge extends IOException {
        TooLarge() {
            super("response too large", null);
        }
    }

    public static HttpResponse.BodySubscriber<byte[]> of(HttpResponse.ResponseInfo info, long max) {
        long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
        return new LimitedBody(max, declared > max);
    }

    private final long max;
    private final boolean refuse;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    private Flow.Subscription subscription;

    private LimitedBody(long max, boolean refuse) {
        this.max = max;
        this.refuse = refuse;
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (refuse) {
            s.cancel();
            result.completeExceptionally(new TooLarge());
            return;
        }
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer buf : items) {
            if (out.size() + (long) buf.remaining() > max) {
                subscription.cancel();
                result.completeExceptionally(new TooLarge());
                return;
            }
            byte[] chunk = new byte[buf.remaining()];
            buf.get(chunk);
            out.write(chunk, 0, chunk.length);
        }
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        result.complete(out.toByteArray());
    }
}
