package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AWS CLI v2 against the simulator's DynamoDB and S3, unchanged but for {@code --endpoint-url}:
 * {@code aws dynamodb …}, {@code aws s3 cp/ls/sync/rm/mb/rb} (multipart for a large file) and
 * {@code aws s3api …}, with each error the CLI prints.
 */
class AwsCliDynamoDbS3Test {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path aws;
    private static AwsSimulator sim;

    @TempDir
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        aws = RequiredTool.awsCliV2(System.getenv());
        // Real time: `aws s3 sync` compares the files' modification times with S3's LastModified.
        sim = ServiceClients.start(java.time.Clock.systemUTC(), "{\"throttle\": false}");
    }

    @AfterAll
    static void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    @Test
    void dynamodb_tablesItemsQueriesScansAndBatches() throws Exception {
        ok("dynamodb", "create-table", "--table-name", "cli-runs", "--billing-mode", "PAY_PER_REQUEST",
                "--attribute-definitions", "AttributeName=cluster,AttributeType=S", "AttributeName=run,AttributeType=N",
                "--key-schema", "AttributeName=cluster,KeyType=HASH", "AttributeName=run,KeyType=RANGE");
        run("dynamodb", "wait", "table-exists", "--table-name", "cli-runs");
        assertThat(ok("dynamodb", "describe-table", "--table-name", "cli-runs").at("/Table/TableStatus").asText())
                .isEqualTo("ACTIVE");
        for (int i = 1; i <= 5; i++) {
            ok("dynamodb", "put-item", "--table-name", "cli-runs", "--item",
                    "{\"cluster\": {\"S\": \"prod-web\"}, \"run\": {\"N\": \"" + i + "\"}, \"outcome\": {\"S\": \"STARTED\"}}");
        }
        JsonNode item = ok("dynamodb", "get-item", "--table-name", "cli-runs", "--key",
                "{\"cluster\": {\"S\": \"prod-web\"}, \"run\": {\"N\": \"3\"}}");
        assertThat(item.at("/Item/outcome/S").asText()).isEqualTo("STARTED");

        JsonNode updated = ok("dynamodb", "update-item", "--table-name", "cli-runs", "--key",
                "{\"cluster\": {\"S\": \"prod-web\"}, \"run\": {\"N\": \"3\"}}", "--update-expression",
                "SET outcome = :o ADD attempts :one", "--expression-attribute-values",
                "{\":o\": {\"S\": \"UP_TO_DATE\"}, \":one\": {\"N\": \"1\"}}", "--return-values", "ALL_NEW");
        assertThat(updated.at("/Attributes/attempts/N").asText()).isEqualTo("1");

        // The CLI pages through LastEvaluatedKey by itself.
        JsonNode queried = ok("dynamodb", "query", "--table-name", "cli-runs", "--key-condition-expression",
                "#c = :c AND #r >= :two", "--expression-attribute-names", "{\"#c\": \"cluster\", \"#r\": \"run\"}",
                "--expression-attribute-values", "{\":c\": {\"S\": \"prod-web\"}, \":two\": {\"N\": \"2\"}}",
                "--page-size", "2", "--no-scan-index-forward");
        assertThat(queried.get("Items")).extracting(i -> i.at("/run/N").asText()).containsExactly("5", "4", "3", "2");
        assertThat(queried.get("Count").asInt()).isEqualTo(4);

        JsonNode scanned = ok("dynamodb", "scan", "--table-name", "cli-runs", "--filter-expression", "outcome = :o",
                "--expression-attribute-values", "{\":o\": {\"S\": \"STARTED\"}}", "--page-size", "2");
        assertThat(scanned.get("Count").asInt()).isEqualTo(4);

        ok("dynamodb", "batch-write-item", "--request-items", "{\"cli-runs\": ["
                + "{\"PutRequest\": {\"Item\": {\"cluster\": {\"S\": \"batch\"}, \"run\": {\"N\": \"1\"}}}},"
                + "{\"DeleteRequest\": {\"Key\": {\"cluster\": {\"S\": \"prod-web\"}, \"run\": {\"N\": \"1\"}}}}]}");
        JsonNode got = ok("dynamodb", "batch-get-item", "--request-items", "{\"cli-runs\": {\"Keys\": ["
                + "{\"cluster\": {\"S\": \"batch\"}, \"run\": {\"N\": \"1\"}},"
                + "{\"cluster\": {\"S\": \"prod-web\"}, \"run\": {\"N\": \"1\"}}]}}");
        assertThat(got.at("/Responses/cli-runs")).hasSize(1);

        ok("dynamodb", "update-time-to-live", "--table-name", "cli-runs", "--time-to-live-specification",
                "Enabled=true,AttributeName=expires");
        assertThat(ok("dynamodb", "describe-time-to-live", "--table-name", "cli-runs")
                .at("/TimeToLiveDescription/TimeToLiveStatus").asText()).isEqualTo("ENABLED");
        ok("dynamodb", "delete-item", "--table-name", "cli-runs", "--key",
                "{\"cluster\": {\"S\": \"batch\"}, \"run\": {\"N\": \"1\"}}");
        assertThat(ok("dynamodb", "list-tables").get("TableNames")).extracting(JsonNode::asText).contains("cli-runs");
        ok("dynamodb", "delete-table", "--table-name", "cli-runs");
    }

    @Test
    void dynamodb_errorsAsTheCliPrintsThem() throws Exception {
        ok("dynamodb", "create-table", "--table-name", "cli-errors", "--billing-mode", "PAY_PER_REQUEST",
                "--attribute-definitions", "AttributeName=id,AttributeType=S", "--key-schema", "AttributeName=id,KeyType=HASH");
        ok("dynamodb", "put-item", "--table-name", "cli-errors", "--item", "{\"id\": {\"S\": \"a\"}}");
        fails("An error occurred (ConditionalCheckFailedException) when calling the PutItem operation: "
                        + "The conditional request failed",
                "dynamodb", "put-item", "--table-name", "cli-errors", "--item", "{\"id\": {\"S\": \"a\"}}",
                "--condition-expression", "attribute_not_exists(id)");
        fails("An error occurred (ResourceNotFoundException) when calling the GetItem operation: Requested resource not found",
                "dynamodb", "get-item", "--table-name", "no-such-table", "--key", "{\"id\": {\"S\": \"a\"}}");
        fails("An error occurred (ResourceInUseException) when calling the CreateTable operation: Table already exists: cli-errors",
                "dynamodb", "create-table", "--table-name", "cli-errors", "--billing-mode", "PAY_PER_REQUEST",
                "--attribute-definitions", "AttributeName=id,AttributeType=S", "--key-schema", "AttributeName=id,KeyType=HASH");
        fails("An error occurred (ValidationException) when calling the PutItem operation: One or more parameter values "
                        + "were invalid: Missing the key id in the item",
                "dynamodb", "put-item", "--table-name", "cli-errors", "--item", "{\"other\": {\"S\": \"a\"}}");
        fails("An error occurred (ValidationException) when calling the UpdateItem operation: Invalid UpdateExpression: "
                        + "Syntax error; token: \"<EOF>\", near: \"SET\"",
                "dynamodb", "update-item", "--table-name", "cli-errors", "--key", "{\"id\": {\"S\": \"a\"}}",
                "--update-expression", "SET");
    }

    @Test
    void s3_highLevelCommands_copyListSyncAndRemove_withMultipartForALargeFile(@TempDir Path dir) throws Exception {
        Path small = dir.resolve("small.txt");
        Files.writeString(small, "hello from the CLI");
        byte[] large = new byte[17 * 1024 * 1024];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i % 251);
        }
        Path big = dir.resolve("big.bin");
        Files.write(big, large);
        ok0("s3", "mb", "s3://cli-bucket");
        ok0("s3", "cp", small.toString(), "s3://cli-bucket/docs/small.txt");
        ok0("s3", "cp", big.toString(), "s3://cli-bucket/blobs/big.bin");

        // The CLI splits 17 MiB into 8 MiB parts: S3's multipart ETag, "<md5 of the part md5s>-3".
        JsonNode head = ok("s3api", "head-object", "--bucket", "cli-bucket", "--key", "blobs/big.bin");
        assertThat(head.get("ETag").asText()).isEqualTo("\"" + multipartEtag(large, 8 * 1024 * 1024) + "\"");
        assertThat(head.get("ContentLength").asLong()).isEqualTo(large.length);

        Path back = dir.resolve("back.bin");
        ok0("s3", "cp", "s3://cli-bucket/blobs/big.bin", back.toString());
        assertThat(Files.readAllBytes(back)).isEqualTo(large);

        String listing = ok0("s3", "ls", "s3://cli-bucket/");
        assertThat(listing).contains("PRE blobs/", "PRE docs/");
        assertThat(ok0("s3", "ls", "--recursive", "s3://cli-bucket/")).contains("docs/small.txt", "blobs/big.bin");

        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("a.json"), "{\"a\": 1}");
        Files.writeString(tree.resolve("sub/b.json"), "{\"b\": 2}");
        ok0("s3", "sync", tree.toString(), "s3://cli-bucket/tree/");
        assertThat(ok0("s3", "sync", tree.toString(), "s3://cli-bucket/tree/")).isBlank();
        Path copy = dir.resolve("copy");
        ok0("s3", "sync", "s3://cli-bucket/tree/", copy.toString());
        assertThat(Files.readString(copy.resolve("sub/b.json"))).isEqualTo("{\"b\": 2}");

        ok0("s3", "rm", "--recursive", "s3://cli-bucket/tree/");
        assertThat(sim.s3().keys("cli-bucket")).containsExactly("blobs/big.bin", "docs/small.txt");
        fails("An error occurred (BucketNotEmpty) when calling the DeleteBucket operation", "s3", "rb", "s3://cli-bucket");
        ok0("s3", "rb", "--force", "s3://cli-bucket");
        assertThat(sim.s3().bucketExists("cli-bucket")).isFalse();
    }

    @Test
    void s3api_objectsRangesCopiesDeletesAndErrors(@TempDir Path dir) throws Exception {
        ok("s3api", "create-bucket", "--bucket", "api-bucket");
        Path body = dir.resolve("body.txt");
        Files.writeString(body, "0123456789");
        JsonNode put = ok("s3api", "put-object", "--bucket", "api-bucket", "--key", "digits.txt", "--body", body.toString(),
                "--content-type", "text/plain", "--metadata", "purpose=test");
        assertThat(put.get("ETag").asText()).isEqualTo("\"" + md5("0123456789".getBytes(StandardCharsets.UTF_8)) + "\"");

        Path out = dir.resolve("out.txt");
        JsonNode ranged = ok("s3api", "get-object", "--bucket", "api-bucket", "--key", "digits.txt", "--range", "bytes=3-5",
                out.toString());
        assertThat(Files.readString(out)).isEqualTo("345");
        assertThat(ranged.get("ContentRange").asText()).isEqualTo("bytes 3-5/10");
        assertThat(ok("s3api", "head-object", "--bucket", "api-bucket", "--key", "digits.txt").at("/Metadata/purpose").asText())
                .isEqualTo("test");

        ok("s3api", "copy-object", "--bucket", "api-bucket", "--key", "copies/digits.txt",
                "--copy-source", "api-bucket/digits.txt");
        JsonNode listed = ok("s3api", "list-objects-v2", "--bucket", "api-bucket", "--delimiter", "/");
        assertThat(listed.get("Contents")).extracting(c -> c.get("Key").asText()).containsExactly("digits.txt");
        assertThat(listed.get("CommonPrefixes")).extracting(c -> c.get("Prefix").asText()).containsExactly("copies/");
        JsonNode deleted = ok("s3api", "delete-objects", "--bucket", "api-bucket", "--delete",
                "{\"Objects\": [{\"Key\": \"copies/digits.txt\"}, {\"Key\": \"never\"}]}");
        assertThat(deleted.get("Deleted")).hasSize(2);

        fails("An error occurred (NoSuchKey) when calling the GetObject operation: The specified key does not exist.",
                "s3api", "get-object", "--bucket", "api-bucket", "--key", "absent", dir.resolve("x").toString());
        fails("An error occurred (NoSuchBucket) when calling the ListObjectsV2 operation: The specified bucket does not exist",
                "s3api", "list-objects-v2", "--bucket", "no-such-bucket");
        fails("An error occurred (InvalidRange) when calling the GetObject operation: The requested range is not satisfiable",
                "s3api", "get-object", "--bucket", "api-bucket", "--key", "digits.txt", "--range", "bytes=20-30",
                dir.resolve("y").toString());
        fails("An error occurred (BucketNotEmpty) when calling the DeleteBucket operation: The bucket you tried to delete is not empty",
                "s3api", "delete-bucket", "--bucket", "api-bucket");
    }

    @Test
    void s3api_bucketAlreadyOwnedByYou_outsideUsEast1() throws Exception {
        try (AwsSimulator eu = AwsSimulator.start(ServiceClients.fleet("eu-west-1", "{\"throttle\": false}"), 0,
                MutableClock.at("2026-01-01T00:00:00Z"))) {
            List<String> create = List.of("s3api", "create-bucket", "--bucket", "eu-bucket", "--create-bucket-configuration",
                    "LocationConstraint=eu-west-1");
            Processes.Result first = run(eu, "eu-west-1", create.toArray(String[]::new));
            assertThat(first.exit()).as(first.stderr()).isZero();
            Processes.Result again = run(eu, "eu-west-1", create.toArray(String[]::new));
            assertThat(again.exit()).isNotZero();
            assertThat(again.stderr()).contains("An error occurred (BucketAlreadyOwnedByYou) when calling the CreateBucket "
                    + "operation: Your previous request to create the named bucket succeeded and you already own it.");
        }
    }

    private static String multipartEtag(byte[] data, int partSize) throws Exception {
        MessageDigest all = MessageDigest.getInstance("MD5");
        int parts = 0;
        for (int off = 0; off < data.length; off += partSize) {
            all.update(MessageDigest.getInstance("MD5").digest(java.util.Arrays.copyOfRange(data, off,
                    Math.min(data.length, off + partSize))));
            parts++;
        }
        return HexFormat.of().formatHex(all.digest()) + "-" + parts;
    }

    private static String md5(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    }

    private static JsonNode ok(String... args) throws Exception {
        String out = ok0(args);
        return out.isBlank() ? JSON.createObjectNode() : JSON.readTree(out);
    }

    /** Runs the CLI and returns its stdout; fails with its stderr when it exits non-zero. */
    private static String ok0(String... args) throws Exception {
        Processes.Result r = run(args);
        assertThat(r.exit()).as("aws %s failed: %s", String.join(" ", args), r.stderr()).isZero();
        return r.stdout();
    }

    private static void fails(String expected, String... args) throws Exception {
        Processes.Result r = run(args);
        assertThat(r.exit()).as("exit code of aws %s", String.join(" ", args)).isNotZero();
        assertThat(r.stderr()).contains(expected);
    }

    private static Processes.Result run(String... args) throws Exception {
        return run(sim, "us-east-1", args);
    }

    private static Processes.Result run(AwsSimulator target, String region, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(aws.toString(), "--endpoint-url", target.endpoint().toString(),
                "--region", region, "--output", "json"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("AWS_"));
        env.put("AWS_ACCESS_KEY_ID", "AKIDTEST");
        env.put("AWS_SECRET_ACCESS_KEY", "secret");
        env.put("AWS_CONFIG_FILE", home.resolve("config").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", home.resolve("credentials").toString());
        env.put("AWS_PAGER", "");
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        env.put("HOME", home.toString());
        return Processes.run(pb, Duration.ofSeconds(120));
    }
}
