package dev.ecstatic.functions;

/**
 * The execution input is wrong. The state machine fails the execution with {@code ecstatic.InvalidInput}
 * and this message as the cause, so the message always names the offending field or cluster.
 * <p>
 * The Lambda Java runtime reports a handler's exception with its class name as {@code errorType}
 * (https://docs.aws.amazon.com/lambda/latest/dg/java-exceptions.html), the error name Step Functions
 * matches: the package and class names of the three exceptions are part of the contract.
 * <p>The message is at most {@value #MAX_MESSAGE} characters: it becomes the execution's cause, read by
 * people in the console and in alarms. Lists of bad items name the first few ({@link #firstFew}).
 */
public class InvalidInputException extends RuntimeException {
    public static final int MAX_MESSAGE = 1024;
    /** How many bad items a message names, and how long each may be. */
    static final int NAMED = 10;
    static final int ITEM_CHARS = 60;

    public InvalidInputException(String message) {
        super(InventoryBuilder.truncate(message, MAX_MESSAGE));
    }

    /** "a, b, … and 9,990 more": the first {@value #NAMED} items, each cut at {@value #ITEM_CHARS}. */
    static String firstFew(java.util.List<String> items) {
        String named = String.join(", ", items.stream().limit(NAMED)
                .map(item -> InventoryBuilder.truncate(item, ITEM_CHARS)).toList());
        return items.size() <= NAMED ? named
                : named + " … and " + String.format(java.util.Locale.ROOT, "%,d", items.size() - NAMED) + " more";
    }
}
