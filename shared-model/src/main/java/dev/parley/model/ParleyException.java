package dev.parley.model;

/**
 * A refusal with a stable {@link ErrorCode}. Over RSocket the error message is {@code "<CODE>: <detail>"} so that
 * the calling service can recover the code; the detail is safe to show to the end user.
 */
public class ParleyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public ParleyException(ErrorCode code, String detail) {
        super(detail);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The form in which this error travels in an RSocket ERROR frame. */
    public String toWire() {
        return code.name() + ": " + getMessage();
    }
}
