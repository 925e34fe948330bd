package dev.ecstatic.asl.run;

/**
 * A state's failure, with the Step Functions error name and cause (cut as AWS cuts it,
 * {@link Limits#cause}). A {@link Kind#TERMINAL} failure
 * (payload or history limit, an integration's fault) is neither retried nor caught; an
 * {@link Kind#ABORTED} one is the branch being stopped, not an error of its own.
 */
final class Failure extends RuntimeException {
    enum Kind { NORMAL, TERMINAL, ABORTED }

    private final String error;
    private final String cause;
    private final Kind kind;

    Failure(String error, String cause, Kind kind) {
        super(error + ": " + Limits.cause(cause), null, false, false);
        this.error = error;
        this.cause = Limits.cause(cause);
        this.kind = kind;
    }

    Failure(String error, String cause) {
        this(error, cause, Kind.NORMAL);
    }

    static Failure aborted() {
        return new Failure("States.Aborted", "aborted", Kind.ABORTED);
    }

    String error() {
        return error;
    }

    String cause() {
        return cause;
    }

    Kind kind() {
        return kind;
    }

    boolean isAbort() {
        return kind == Kind.ABORTED;
    }
}
