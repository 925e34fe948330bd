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
 * client, whose model holds what a hand-made table would: the endpoint prefix and signing name
 * (dynamodb, s3, ecs, ssm), the protocol (AWS JSON 1.0 with target prefix {@code DynamoDB_20120810};
 * REST-XML; JSON 1.1 with {@code AmazonEC2ContainerServiceV20141113}; JSON 1.1 with
 * {@code AmazonSSM}) and the error classes.
 *
 * <p>This list is the services ecstatic may call and the simulator serves; adding one is a line
 * here and its SDK module in the POM.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/supported-services-awssdk.html">AWS SDK service integrations</a>
 */
public enum SdkService {
    DYNAMODB("dynamodb", DynamoDbClient.class, settings -> settings.build(DynamoDbClient.builder())),
    S3("s3", S3Client.class, settings -> settings.build(S3Client.builder())),
    ECS("ecs", EcsClient.class, settings -> settings.build(EcsClient.builder())),
    SSM("ssm", SsmClient.class, settings -> settings.build(SsmClient.builder()));

    private final String resourceName;
    private final Class<? extends SdkClient> clientType;
    private final Function<AwsClients.Settings, SdkClient> client;

    SdkService(String resourceName, Class<? extends SdkClient> clientType, Function<AwsClients.Settings, SdkClient> client) {
        this.resourceName = resourceName;
        this.clientType = clientType;
        this.client = client;
    }

    /** The service's name in a Resource, lower case, e.g. {@code dynamodb}. */
    public String resourceName() {
        return resourceName;
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
