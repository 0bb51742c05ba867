package com.leadignite.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * After the application answered without reading the whole request body (a 401 before the body, a 413
 * on its declared length, a 408 after the read deadline...), the rest is read and discarded for at most
 * {@link #DRAIN_MILLIS} and {@link #DRAIN_BYTES}; a body still unfinished then is not waited for: the
 * connection is closed after the answer. Tomcat alone would keep reading, and a client that sends a
 * declared 60 kB one byte at a time would hold a worker thread for as long as it likes. Draining what a
 * normal client sends promptly keeps its connection clean: closing a socket with unread input resets
 * it, which can cut the answer off.
 */
public class UnreadBodyValve extends ValveBase {

    static final long DRAIN_MILLIS = 1_000;
    static final long DRAIN_BYTES = 1024 * 1024; // as server.tomcat.max-swallow-size

    public UnreadBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        try {
            getNext().invoke(request, response);
        } finally {
            if (!drained(request)) {
                if (!response.isCommitted()) {
                    response.setHeader("Connection", "close");
                }
                request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            }
        }
    }

    /** Whether the body is now fully read (nothing left for Tomcat to wait for). */
    static boolean drained(Request request) {
        org.apache.coyote.Request coyote = request.getCoyoteRequest();
        long length = coyote.getContentLengthLong();
        if (length < 0 ? coyote.isFinished() : coyote.getBytesRead() >= length) {
            return true;
        }
        if (length >= 0 && length - coyote.getBytesRead() > DRAIN_BYTES) {
            return false;
        }
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        byte[] buf = new byte[8192];
        try {
            InputStream in = request.getStream();
            long read = 0;
            // Only what has arrived is read, never waited for in a blocking read (that would wait up to
            // the connection time-out on a client that stops sending).
            while (System.nanoTime() - until < 0 && read <= DRAIN_BYTES) {
                coyote.action(ActionCode.AVAILABLE, Boolean.TRUE);
                int available = coyote.getAvailable();
                if (available > 0) {
                    int n = in.read(buf, 0, Math.min(buf.length, available));
                    if (n < 0) {
                        return true;
                    }
                    read += n;
                } else if (length < 0 ? coyote.isFinished() : coyote.getBytesRead() >= length) {
                    return true;
                } else {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
                }
            }
            return length >= 0 ? coyote.getBytesRead() >= length : coyote.isFinished();
        } catch (IOException | RuntimeException e) {
            return false; // the client went away or sent garbage: nothing worth keeping the connection for
        }
    }
}
