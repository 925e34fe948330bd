package dev.ecstatic.asl.definition;

/**
 * One element of a Choice state's Choices: its test, the state it goes to, and (JSONata Output,
 * Assign; JSONPath Assign) what it does on the way.
 */
public record ChoiceRule(Condition condition, String next, DataFlow dataFlow) {}
