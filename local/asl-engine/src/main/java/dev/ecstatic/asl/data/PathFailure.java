package dev.ecstatic.asl.data;

/**
 * A JSONPath-dialect evaluation that failed at run time: a path with no match, an intrinsic
 * function given the wrong arguments. The state that evaluated it fails with {@link #error()}.
 */
public final class PathFailure extends RuntimeException {
    private final String error;

    public PathFailure(String error, String message) {
        super(message, null, false, false);
        this.error = error;
    }

    /** A path that matches nothing: States.Runtime, as AWS reports it for InputPath, Parameters and the like. */
    public static PathFailure runtime(String message) {
        return new PathFailure("States.Runtime", message);
    }

    /** The Step Functions error name, e.g. States.Runtime or States.IntrinsicFailure. */
    public String error() {
        return error;
    }
}
