package dev.ecstatic.functions;

/**
 * The execution input is wrong. The state machine fails the execution with {@code ecstatic.InvalidInput}
 * and this message as the cause, so the message always names the offending field or cluster.
 * <p>
 * The Lambda Java runtime reports a handler's exception with its class name as {@code errorType}
 * (https://docs.aws.amazon.com/lambda/latest/dg/java-exceptions.html), the error name Step Functions
 * matches: the package and class names of the three exceptions are part of the contract.
 */
public class InvalidInputException extends RuntimeException {
    public InvalidInputException(String message) {
        super(message);
    }
}
