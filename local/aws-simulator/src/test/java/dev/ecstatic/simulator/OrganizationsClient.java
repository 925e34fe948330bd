package dev.ecstatic.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.AwsSessionCredentialsIdentity;

/**
 * Organizations requests as the SDK v2 would send them: AWS JSON 1.1 bodies, signed with the SDK's own SigV4 signer
 * for the service {@code organizations}. Maven Central here serves no {@code software.amazon.awssdk:organizations}
 * artifact, so the wire format is checked against the AWS CLI and boto3 ({@link AwsCliOrganizationsTest},
 * {@link Boto3OrganizationsTest}); this client lets Java tests reach every error path quickly.
 */
final class OrganizationsClient {

    /** What came back: the HTTP status and the JSON body. */
    record Answer(int status, JsonNode body) {

        String errorType() {
            return body.path("__type").asText(null);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final URI endpoint;
    private final AwsCredentialsIdentity credentials;
    private final String region;

    private OrganizationsClient(URI endpoint, AwsCredentialsIdentity credentials, String region) {
        this.endpoint = endpoint;
        this.credentials = credentials;
        this.region = region;
    }

    /** With the placeholder keys (the fleet's main account), signed for us-east-1 as on AWS. */
    static OrganizationsClient placeholders(AwsSimulator sim) {
        return new OrganizationsClient(sim.endpoint(), AwsCredentialsIdentity.create("AKIDTEST", "secret"), "us-east-1");
    }

    static OrganizationsClient session(AwsSimulator sim, String accessKeyId, String secret, String token) {
        return new OrganizationsClient(sim.endpoint(), AwsSessionCredentialsIdentity.create(accessKeyId, secret, token),
                "us-east-1");
    }

    /** The same credentials, signing for another region (as a client given an endpoint URL does). */
    OrganizationsClient inRegion(String otherRegion) {
        return new OrganizationsClient(endpoint, credentials, otherRegion);
    }

    Answer call(String action, String body) {
        SdkHttpRequest request = SdkHttpRequest.builder().method(SdkHttpMethod.POST).uri(endpoint)
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", OrganizationsApi.PREFIX + action).build();
        SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r.identity(credentials).request(request)
                .payload(ContentStreamProvider.fromUtf8String(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "organizations")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        HttpRequest.Builder http = HttpRequest.newBuilder(endpoint)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        signed.request().headers().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Host")) {
                values.forEach(v -> http.header(name, v));
            }
        });
        try {
            HttpResponse<String> r = HTTP.send(http.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(r.statusCode(), JSON.readTree(r.body()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
