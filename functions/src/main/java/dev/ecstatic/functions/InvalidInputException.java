package dev.ecstatic.functions;

/**
 * The execution input is wrong. The Lambda Java runtime reports a handler's exception with its class
 * name as {@code errorType} (https://docs.aws.amazon.com/lambda/latest/dg/java-exceptions.html),
 * which is the error name Step Functions matches; the package and class name are part of the contract. The state machine fails the execution with {@code ecstatic.InvalidInput}
 * and this message as the cause, so the message always names the offending field or cluster.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
