package com.leadignite.web;

import com.leadignite.web.path.RequestPaths;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Enforces {@link BodyLimitProperties}: a declared {@code Content-Length} over the limit is refused at
 * once; a body without one (chunked) is counted while it is read and reading fails with
 * {@link BodyTooLargeException} at the first byte over, which the error handlers turn into 413. Reading
 * past the body's deadline fails with {@link BodyReadTimeoutException} (408). Either way the rest of the
 * body is never read: {@link UnreadBodyValve} closes the connection.
 */
public class BodyLimitFilter extends OncePerRequestFilter {

    private final BodyLimitProperties props;
    private final DelegatingErrorRenderer errors;

    public BodyLimitFilter(BodyLimitProperties props, DelegatingErrorRenderer errors) {
        this.props = props;
        this.errors = errors;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = props.limitFor(RequestPaths.of(request));
        if (request.getContentLengthLong() > limit) {
            reject(request, response);
            return;
        }
        long deadline = System.nanoTime() + props.readTimeout().toNanos();
        chain.doFilter(new Limited(request, limit, deadline), response);
    }

    private void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The body is not read; tell the client the connection will not be reused for it.
        errors.write(ApiException.of(HttpStatus.PAYLOAD_TOO_LARGE).withHeader("Connection", "close"), request, response);
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private final long deadline;
        private ServletInputStream stream;
        private BufferedReader reader;

        Limited(HttpServletRequest request, long limit, long deadline) {
            super(request);
            this.limit = limit;
            this.deadline = deadline;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit, deadline);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() throws IOException {
            if (reader == null) {
                String enc = getCharacterEncoding();
                Charset cs = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
                reader = new BufferedReader(new InputStreamReader(getInputStream(), cs));
            }
            return reader;
        }
    }

    private static final class CountingStream extends ServletInputStream {
        private final ServletInputStream in;
        private final long limit;
        private final long deadline;
        private long count;

        CountingStream(ServletInputStream in, long limit, long deadline) {
            this.in = in;
            this.limit = limit;
            this.deadline = deadline;
        }

        /** Checked before every read: a body trickling in stops being read at the deadline. */
        private void checkDeadline() throws IOException {
            if (System.nanoTime() - deadline > 0) {
                throw new BodyReadTimeoutException();
            }
        }

        @Override
        public int read() throws IOException {
            checkDeadline();
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            checkDeadline();
            int n = in.read(buf, off, len);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            count += n;
            if (count > limit) {
                throw new BodyTooLargeException();
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
