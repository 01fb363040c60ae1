package dev.bramble.controller.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses bodies over their limit: at once when the length is declared, else while they are read. A blob's
 * body ({@code PUT /api/v1/blobs/{hash}}) goes to disk as it arrives and has the larger limit; every other
 * body is read into memory (and parsed there, which takes several times its size for a moment) and has the
 * message limit. Large messages are also read a few at a time: those of more than {@link #LARGE} bytes
 * together at most the message limit, later ones waiting for a turn, so that clients sending several at
 * once cannot fill the heap (twelve 15 MB requests at once took a 384 MB controller down).
 */
public final class RequestSizeFilter extends OncePerRequestFilter {

    static final String BLOB_PROPERTY = "max-request-size";
    static final String MESSAGE_PROPERTY = "max-message-size";
    /** Messages up to this size are never held back. */
    static final long LARGE = 1 << 20;
    /** How long a large message waits for its turn before it is answered 503. */
    static final long TURN_WAIT_SECONDS = 30;

    private final long blobLimit;
    private final long messageLimit;
    private final Problems problems;
    /** Permits in KiB: the large messages being read and parsed. */
    private final Semaphore largeMessages;

    public RequestSizeFilter(long blobLimit, long messageLimit, Problems problems) {
        this.blobLimit = blobLimit;
        this.messageLimit = messageLimit;
        this.problems = problems;
        this.largeMessages = new Semaphore(kib(messageLimit), true);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean blob = "PUT".equals(request.getMethod())
                && request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/blobs/");
        long limit = blob ? blobLimit : messageLimit;
        String property = blob ? BLOB_PROPERTY : MESSAGE_PROPERTY;
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            problems.write(response, HttpStatus.CONTENT_TOO_LARGE, "Body too large", new BodyTooLargeException(limit, property).getMessage(),
                    request.getRequestURI());
            return;
        }
        HttpServletRequest limited = declared >= 0 ? request : new Limited(request, limit, property);
        boolean chunked = declared < 0 && request.getHeader("Transfer-Encoding") != null;
        if (blob || !(declared > LARGE || chunked)) {
            chain.doFilter(limited, response);
            return;
        }
        int permits = kib(declared < 0 ? messageLimit : declared);
        boolean turn;
        try {
            turn = largeMessages.tryAcquire(permits, TURN_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            turn = false;
        }
        if (!turn) {
            response.setHeader("Retry-After", ProblemAdvice.RETRY_AFTER_SECONDS);
            problems.write(response, HttpStatus.SERVICE_UNAVAILABLE, "Busy", "The controller is reading other large requests (together up to "
                    + messageLimit + " bytes, bramble.limits." + MESSAGE_PROPERTY + ") and this one waited " + TURN_WAIT_SECONDS
                    + " s for its turn; send it again later, or send bulk values as blobs.", request.getRequestURI());
            return;
        }
        try {
            chain.doFilter(limited, response);
        } finally {
            largeMessages.release(permits);
        }
    }

    private static int kib(long bytes) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, (bytes + 1023) / 1024));
    }

    private static final class Limited extends HttpServletRequestWrapper {
        private final long limit;
        private final String property;

        Limited(HttpServletRequest request, long limit, String property) {
            super(request);
            this.limit = limit;
            this.property = property;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0 && ++read > limit) {
                        throw new BodyTooLargeException(limit, property);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = in.read(buf, off, len);
                    if (n > 0 && (read += n) > limit) {
                        throw new BodyTooLargeException(limit, property);
                    }
                    return n;
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
            };
        }
    }
}
