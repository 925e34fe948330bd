package dev.ecstatic.functions;

import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.factories.JacksonFactory;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.InstanceRef;
import dev.ecstatic.functions.model.RecommendedImage;
import dev.ecstatic.functions.model.Settings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.model.AgentUpdateStatus;
import software.amazon.awssdk.services.ecs.model.Attribute;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Tag;
import software.amazon.awssdk.services.ecs.model.VersionInfo;

/** Builders for SDK model objects and payloads, and the Lambda runtime's serializer. */
final class Fixtures {
    static final Cluster PROD_WEB = new Cluster("prod-web", "arn:aws:ecs:us-east-1:123456789012:cluster/prod-web");
    static final Settings SETTINGS = new Settings(false, 1, 45, 30, 60);
    static final Map<String, RecommendedImage> RECOMMENDED = Map.of("amazon-linux-2023",
            new RecommendedImage("1.88.0", "25.0.8", "ami-0al2023new", "al2023-ami-ecs-hvm"));
    static final Path EVENTS = Path.of("../events");

    private Fixtures() {
    }

    /** A healthy, updatable Linux x86_64 instance on agent {@code version}; customise with toBuilder(). */
    static ContainerInstance instance(int n, String version) {
        return ContainerInstance.builder()
                .containerInstanceArn(String.format(
                        "arn:aws:ecs:us-east-1:123456789012:container-instance/prod-web/%032x", n))
                .ec2InstanceId(String.format("i-%017x", n))
                .status("ACTIVE")
                .agentConnected(true)
                .versionInfo(VersionInfo.builder().agentVersion(version).dockerVersion("DockerVersion: 25.0.8").build())
                .attributes(Attribute.builder().name("ecs.os-type").value("linux").build(),
                        Attribute.builder().name("ecs.cpu-architecture").value("x86_64").build(),
                        Attribute.builder().name("ecs.ami-id").value("ami-0al2023new").build())
                .build();
    }

    static ContainerInstance withAttribute(ContainerInstance ci, String name, String value) {
        List<Attribute> attributes = new ArrayList<>(ci.attributes().stream().filter(a -> !a.name().equals(name)).toList());
        attributes.add(Attribute.builder().name(name).value(value).build());
        return ci.toBuilder().attributes(attributes).build();
    }

    static ContainerInstance withTag(ContainerInstance ci, String key, String value) {
        return ci.toBuilder().tags(Tag.builder().key(key).value(value).build()).build();
    }

    static ContainerInstance updating(ContainerInstance ci, AgentUpdateStatus status) {
        return ci.toBuilder().agentUpdateStatus(status).build();
    }

    static InstanceRef ref(String id, String version) {
        return new InstanceRef("ci-" + id, "i-" + id, version, "linux/x86_64", null);
    }

    static InstanceRef ref(String id, String version, String platform) {
        return new InstanceRef("ci-" + id, "i-" + id, version, platform, null);
    }

    static AwsServiceException awsError(String code, int status) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code + " happened").build())
                .message(code + " happened").build();
    }

    /** The serializer the Lambda Java runtime uses for POJO and record payloads. */
    static <T> PojoSerializer<T> serializer(Class<T> type) {
        return JacksonFactory.getInstance().getSerializer(type);
    }

    static <T> T fromJson(String json, Class<T> type) {
        return serializer(type).fromJson(json);
    }

    static <T> String toJson(T value, Class<T> type) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        serializer(type).toJson(value, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    static <T> T event(String file, Class<T> type) {
        try (InputStream in = Files.newInputStream(EVENTS.resolve(file))) {
            return serializer(type).fromJson(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read events/" + file, e);
        }
    }
}
