package dev.ecstatic.cli.integrations;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * The services the local {@code aws-sdk} integration calls, by the name a Task's Resource gives them
 * ({@code arn:aws:states:::aws-sdk:<name>:<action>}), each with the AWS SDK for Java v2 client that
 * calls it.
 *
 * <p>Step Functions' AWS SDK integrations are the SDK v2's: errors are named after its exception
 * classes ({@code DynamoDb.ConditionalCheckFailedException}), parameters after its model's members
 * in PascalCase, and an S3 putObject of a string body is stored as {@code text/plain; charset=UTF-8},
 * which is the SDK v2's {@code RequestBody.fromString}. So each service is called through its SDK v2
 * client, whose model holds the rest of what a hand-made table would: the endpoint prefix and signing
 * name (dynamodb, s3, ecs, ssm), the target prefix of the JSON protocols ({@code DynamoDB_20120810},
 * AWS JSON 1.0; {@code AmazonEC2ContainerServiceV20141113} and {@code AmazonSSM}, AWS JSON 1.1) and
 * the error classes. The protocol family is here because it decides how members are named.
 *
 * <p>This list is the services ecstatic may call and the simulator serves; adding one is a line
 * here and its SDK module in the POM.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html">AWS SDK service integrations</a>
 */
public enum SdkService {
    DYNAMODB("dynamodb", Protocol.JSON, DynamoDbClient.class, settings -> settings.build(DynamoDbClient.builder())),
    S3("s3", Protocol.REST_XML, S3Client.class, settings -> settings.build(S3Client.builder())),
    ECS("ecs", Protocol.JSON, EcsClient.class, settings -> settings.build(EcsClient.builder())),
    SSM("ssm", Protocol.JSON, SsmClient.class, settings -> settings.build(SsmClient.builder()));

    /** How a service's requests and responses travel, which decides how its members are named ({@link SdkModelJson}). */
    public enum Protocol { JSON, REST_XML }

    private final String resourceName;
    private final Protocol protocol;
    private final Class<? extends SdkClient> clientType;
    private final Function<AwsClients.Settings, SdkClient> client;

    SdkService(String resourceName, Protocol protocol, Class<? extends SdkClient> clientType,
            Function<AwsClients.Settings, SdkClient> client) {
        this.resourceName = resourceName;
        this.protocol = protocol;
        this.clientType = clientType;
        this.client = client;
    }

    /** The service's name in a Resource, lower case, e.g. {@code dynamodb}. */
    public String resourceName() {
        return resourceName;
    }

    /** The service's protocol: AWS JSON (1.0 or 1.1) or REST-XML. */
    public Protocol protocol() {
        return protocol;
    }

    /** The SDK's client interface, whose methods are the service's actions. */
    Class<? extends SdkClient> clientType() {
        return clientType;
    }

    /** A new client of the service, built with {@code settings}. */
    SdkClient newClient(AwsClients.Settings settings) {
        return client.apply(settings);
    }

    /** The service a Resource names, if this list has it. */
    public static Optional<SdkService> named(String resourceName) {
        return Arrays.stream(values()).filter(service -> service.resourceName.equals(resourceName)).findFirst();
    }
}
