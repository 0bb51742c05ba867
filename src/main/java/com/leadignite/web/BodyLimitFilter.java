package com.leadignite.web;

import com.leadignite.auth.api.AuthErrorResponder;
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
 * {@link BodyTooLargeException} at the first byte over, which the error handlers turn into 413.
 */
public class BodyLimitFilter extends OncePerRequestFilter {

    private final BodyLimitProperties props;

    public BodyLimitFilter(BodyLimitProperties props) {
        this.props = props;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = props.limitFor(RequestPaths.of(request));
        if (request.getContentLengthLong() > limit) {
            reject(request, response);
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    static void reject(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // The body is not read; tell the client the connection will not be reused for it.
        response.setHeader("Connection", "close");
        if (AuthErrorResponder.isAuthPath(request)) {
            AuthPathErrors.write(HttpStatus.PAYLOAD_TOO_LARGE, request, response);
        } else {
            Problems.write(response, HttpStatus.PAYLOAD_TOO_LARGE, null, null, request);
        }
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private ServletInputStream stream;
        private BufferedReader reader;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
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
        private long count;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
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
