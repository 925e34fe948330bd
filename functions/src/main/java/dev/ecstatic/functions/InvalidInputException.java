package dev.ecstatic.functions;

/**
 * The execution input is wrong. The state machine fails the execution with {@code ecstatic.InvalidInput}
 * and this message as the cause, so the message always names the offending field or cluster.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
