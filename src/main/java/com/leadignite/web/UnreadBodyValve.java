package com.leadignite.web;

import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

/**
 * After the application answered without reading the whole request body (a 401 before the body, a 413
 * on its declared length, a 408 after the read deadline...), the connection is closed instead of Tomcat
 * reading and discarding the rest: a client that sends a declared 60 kB one byte at a time would
 * otherwise keep a worker thread for as long as it likes.
 */
public class UnreadBodyValve extends ValveBase {

    public UnreadBodyValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        try {
            getNext().invoke(request, response);
        } finally {
            if (bodyLeftUnread(request.getCoyoteRequest())) {
                if (!response.isCommitted()) {
                    response.setHeader("Connection", "close");
                }
                request.getCoyoteRequest().action(ActionCode.DISABLE_SWALLOW_INPUT, null);
            }
        }
    }

    static boolean bodyLeftUnread(org.apache.coyote.Request coyote) {
        long length = coyote.getContentLengthLong();
        if (length >= 0) {
            return coyote.getBytesRead() < length;
        }
        // No declared length: chunked, or no body at all (then the body counts as read).
        return !coyote.isFinished();
    }
}
