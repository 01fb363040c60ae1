package dev.bramble.client;

/**
 * The controller refused a request: an HTTP error with its RFC 9457 problem (status, title, detail, and
 * the raw problem+json body, whose {@code errors} name the field at fault).
 */
public final class BrambleApiException extends BrambleException {

    /** The HTTP status. */
    private final int status;
    /** The problem's title. */
    private final String title;
    /** The problem's detail. */
    private final String detail;
    /** The raw problem+json body. */
    private final String problem;

    /** A refusal with its status and problem. */
    public BrambleApiException(int status, String title, String detail, String problem) {
        super("HTTP " + status + (title == null ? "" : " " + title) + (detail == null ? "" : ": " + detail));
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.problem = problem;
    }

    /** The HTTP status, 400 to 599. */
    public int status() {
        return status;
    }

    /** The problem's title, for example "Bad request". */
    public String title() {
        return title;
    }

    /** What was wrong, in the controller's words. */
    public String detail() {
        return detail;
    }

    /** The problem+json body as the controller sent it. */
    public String problem() {
        return problem;
    }
}
