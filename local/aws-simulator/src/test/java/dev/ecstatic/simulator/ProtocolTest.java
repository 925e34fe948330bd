package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wire protocol seen by a hand-written client: AWS-style errors for everything it cannot serve. */
class ProtocolTest {

    private static final String ECS = "AmazonEC2ContainerServiceV20141113.";
    private static AwsSimulator sim;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() {
        sim = Sim.start(Sim.testFleet(), MutableClock.at("2026-01-01T00:00:00Z"));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.resetCounters();
    }

    @Test
    void validRequest_isAnsweredWithJson11AndARequestId() throws Exception {
        HttpResponse<String> r = post(ECS + "ListClusters", "{\"maxResults\":1}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
        assertThat(r.headers().firstValue("x-amzn-RequestId")).get().asString().matches("[0-9a-f-]{36}");
        assertThat(JSON.readTree(r.body()).get("clusterArns")).hasSize(1);
    }

    @Test
    void emptyBody_isTreatedAsAnEmptyRequest() throws Exception {
        assertThat(post(ECS + "ListClusters", "").statusCode()).isEqualTo(200);
    }

    @Test
    void unknownAction_isUnknownOperationException() throws Exception {
        assertError(post(ECS + "CreateCluster", "{}"), 400, "UnknownOperationException");
        assertError(post("AmazonSomethingElse.ListClusters", "{}"), 400, "UnknownOperationException");
    }

    @Test
    void missingTarget_isUnknownOperationException() throws Exception {
        assertError(post(null, "{}"), 400, "UnknownOperationException");
    }

    @Test
    void unparsableJson_isSerializationException() throws Exception {
        assertError(post(ECS + "ListClusters", "{\"maxResults\": "), 400, "SerializationException");
        assertError(post(ECS + "ListClusters", "[1,2]"), 400, "SerializationException");
        assertError(post(ECS + "ListClusters", "\u0000\u0001garbage"), 400, "SerializationException");
    }

    @Test
    void memberOfTheWrongType_isSerializationException() throws Exception {
        assertError(post(ECS + "ListClusters", "{\"maxResults\":\"ten\"}"), 400, "SerializationException");
        assertError(post(ECS + "DescribeContainerInstances", "{\"cluster\":\"prod-web\",\"containerInstances\":\"x\"}"),
                400, "SerializationException");
    }

    @Test
    void missingRequiredMember_isInvalidParameterException() throws Exception {
        assertError(post(ECS + "DescribeContainerInstances", "{\"cluster\":\"prod-web\"}"), 400,
                "InvalidParameterException");
    }

    @Test
    void getRequest_isS3sListBucketsNotAJsonError() throws Exception {
        // One endpoint serves every service: a REST request without X-Amz-Target is S3's.
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(sim.endpoint()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<ListAllMyBucketsResult").doesNotContain("\tat ");
    }

    @Test
    void callsByAction_countsEveryRequestIncludingFailedOnes() throws Exception {
        post(ECS + "ListClusters", "{}");
        post(ECS + "ListClusters", "{\"maxResults\":0}");
        post(ECS + "ListContainerInstances", "{\"cluster\":\"nope\"}");
        post(ECS + "CreateCluster", "{}");
        post("AmazonSSM.GetParameters", "{\"Names\":[\"/x\"]}");
        post(null, "{}");
        assertThat(sim.callsByAction()).containsOnly(
                org.assertj.core.api.Assertions.entry("ListClusters", 2L),
                org.assertj.core.api.Assertions.entry("ListContainerInstances", 1L),
                org.assertj.core.api.Assertions.entry("CreateCluster", 1L),
                org.assertj.core.api.Assertions.entry("GetParameters", 1L),
                org.assertj.core.api.Assertions.entry("(no target)", 1L));
        sim.resetCounters();
        assertThat(sim.callsByAction()).isEmpty();
    }

    private static void assertError(HttpResponse<String> r, int status, String type) throws Exception {
        assertThat(r.statusCode()).isEqualTo(status);
        assertThat(r.headers().firstValue("x-amzn-RequestId")).isPresent();
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.get("__type").asText()).isEqualTo(type);
        assertThat(body.get("message").asText()).isNotBlank().doesNotContain("\tat ");
    }

    private static HttpResponse<String> post(String target, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.endpoint() + "/"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (target != null) {
            b.header("X-Amz-Target", target);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
