package dev.bramble.client;

/**
 * The controller refused a request: an HTTP error with its RFC 9457 problem (status, title, detail, and
 * the raw problem+json body, whose {@code errors} name the field at fault).
 */
public final class BrambleApiException extends BrambleException {

    private final int status;
    private final String title;
    private final String detail;
    private final String problem;

    public BrambleApiException(int status, String title, String detail, String problem) {
        super("HTTP " + status + (title == null ? "" : " " + title) + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** The problem+json body as the controller sent it. */
    public String problem() {
        return problem;
    }
}
