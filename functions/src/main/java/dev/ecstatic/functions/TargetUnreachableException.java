package dev.ecstatic.functions;

/**
 * A target (an account and a region) cannot be reached: the member role cannot be assumed, the region is
 * not enabled in the account, or the role may not list its clusters. Permanent: the state machine does not
 * retry it; the branch of the target's stand-in (a {@code (target)} cluster) ends ERROR and alerts once,
 * under the memory's rules. The class name is the Step Functions error name.
 */
public class TargetUnreachableException extends RuntimeException {
    public TargetUnreachableException(String message) {
        super(message);
    }

    public TargetUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
