package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** boto3 (client and resource layers, its transfer manager, paginators, waiters) against DynamoDB and S3. */
class Boto3DynamoDbS3Test {

    @Test
    void boto3_drivesDynamoDbAndS3AndSeesAwssErrors(@TempDir Path dir) throws Exception {
        String python = RequiredTool.pythonWithBoto3(System.getenv());
        Path script = dir.resolve("dynamodb_s3.py");
        try (var in = Boto3DynamoDbS3Test.class.getResourceAsStream("/boto3/dynamodb_s3.py")) {
            Files.write(script, in.readAllBytes());
        }
        try (AwsSimulator sim = ServiceClients.start(Clock.systemUTC(), "{\"throttle\": false}")) {
            ProcessBuilder pb = new ProcessBuilder(python, script.toString(), sim.endpoint().toString());
            Map<String, String> env = pb.environment();
            env.keySet().removeIf(k -> k.startsWith("AWS_"));
            env.put("AWS_ACCESS_KEY_ID", "AKIDTEST");
            env.put("AWS_SECRET_ACCESS_KEY", "secret");
            env.put("AWS_CONFIG_FILE", dir.resolve("config").toString());
            env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("credentials").toString());
            env.put("AWS_EC2_METADATA_DISABLED", "true");
            Processes.Result p = Processes.run(pb, Duration.ofSeconds(180));
            assertThat(p.exit()).as("boto3 script failed: %s", p.stderr()).isZero();

            JsonNode r = new ObjectMapper().readTree(p.stdout());
            assertThat(r.get("n").asText()).isEqualTo("1.5");
            assertThat(r.get("blob")).extracting(JsonNode::asInt).containsExactly(0, 1);
            assertThat(r.get("count").asInt()).isEqualTo(2);
            assertThat(r.get("tags")).extracting(JsonNode::asText).containsExactly("y");
            assertThat(r.get("scanned").asInt()).isEqualTo(32);
            assertThat(r.get("g1").asInt()).isEqualTo(10);
            assertThat(r.get("queried")).extracting(JsonNode::asText).containsExactly("item-07");
            assertThat(r.get("batchGot").asInt()).isEqualTo(2);
            assertThat(r.get("body").asText()).isEqualTo("hello, boto3");
            assertThat(r.get("range").asText()).isEqualTo("boto3");
            assertThat(r.get("bigRoundTrip").asBoolean()).isTrue();
            assertThat(r.get("bigEtag").asText()).endsWith("-3\"");
            assertThat(r.get("prefixes")).extracting(JsonNode::asText).containsExactly("blobs/", "dir/");
            assertThat(r.get("keys")).extracting(JsonNode::asText)
                    .containsExactly("blobs/big.bin", "dir/copy.txt", "dir/hello.txt");
            assertThat(r.get("deleted")).extracting(JsonNode::asText).containsExactly("dir/copy.txt");
            assertThat(r.get("errors")).extracting(JsonNode::asText).containsExactly(
                    "ConditionalCheckFailedException: The conditional request failed",
                    "ResourceNotFoundException: Requested resource not found",
                    "ValidationException: Invalid UpdateExpression: An expression attribute name used in the document "
                            + "path is not defined; attribute name: #x",
                    "ValidationException: One or more parameter values were invalid: Type mismatch for key id expected: S "
                            + "actual: N",
                    "NoSuchKey: The specified key does not exist.",
                    "NoSuchBucket: The specified bucket does not exist",
                    "BucketNotEmpty: The bucket you tried to delete is not empty",
                    "InvalidRange: The requested range is not satisfiable");
        }
    }
}
