package dev.ecstatic.simulator.dynamodb;

/**
 * Which requests, and which items of a batch, the fleet's {@code dynamodbThrottleRate} fault
 * throttles. A throttled request answers ProvisionedThroughputExceededException (ThrottlingException
 * for control-plane actions); a throttled batch item is returned unprocessed, and a batch whose
 * every item is throttled fails as a whole, as DynamoDB does (BatchWriteItem,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html).
 */
interface InjectedThrottle {

    InjectedThrottle NONE = index -> false;

    /** @param index -1 for the request as a whole, else the position of the key or write in the batch */
    boolean throttled(int index);
}
