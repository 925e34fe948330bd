/**
 * The AWS services the local engine's Task states and Distributed Maps call, as Step Functions calls
 * them: {@link dev.ecstatic.cli.integrations.DynamoDbIntegration} ({@code arn:aws:states:::dynamodb:*}),
 * {@link dev.ecstatic.cli.integrations.AwsSdkIntegration} ({@code arn:aws:states:::aws-sdk:*}) and
 * {@link dev.ecstatic.cli.integrations.S3ObjectStore} (ItemReader, ResultWriter), assembled by
 * {@link dev.ecstatic.cli.integrations.AwsIntegrations}; the Lambda integration is
 * {@link dev.ecstatic.cli.lambda.LambdaTaskInvoker}.
 *
 * <p>One path for the simulator and AWS: the AWS SDK for Java v2's own clients
 * ({@link dev.ecstatic.cli.integrations.AwsClients}), with the default credential chain, their SigV4
 * signers, the url-connection HTTP client and the SDK's endpoint settings;
 * {@link dev.ecstatic.cli.integrations.SdkSettings} points those at a simulator, and
 * {@link dev.ecstatic.cli.integrations.EmbeddedSimulator} runs one holding a
 * {@link dev.ecstatic.cli.integrations.Setup} ({@code ecstatic execute --setup}).
 *
 * <p>Where these differ from AWS, knowingly:
 * <ul>
 * <li>The SDK clients never retry; a Task's Retry decides (Step Functions' own retries inside an
 *     integration are not documented).
 * <li>A parameter the API does not have, or of the wrong type, fails the Task at run time with
 *     {@code States.Runtime}, naming it; AWS refuses a static one at creation ("The field ... is not
 *     supported by Step Functions").
 * <li>The optimized DynamoDB result's {@code SdkHttpMetadata} holds the headers the server sent, as
 *     spelled on the wire: the simulator's HTTP server writes {@code Content-type} where DynamoDB
 *     writes {@code Content-Type}.
 * <li>A call that gets no answer (the service cannot be reached) is {@code States.TaskFailed}.
 * </ul>
 */
package dev.ecstatic.cli.integrations;
