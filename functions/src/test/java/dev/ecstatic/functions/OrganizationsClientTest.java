package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/** The Organizations calls' retries and answers, against a scripted HTTP client. */
class OrganizationsClientTest {
    private static final String ACCOUNTS = "{\"Accounts\":[{\"Id\":\"222233334444\",\"State\":\"ACTIVE\"}]}";
    private static final String NO_UNITS = "{\"OrganizationalUnits\":[]}";
    private static final String THROTTLED = "{\"__type\":\"TooManyRequestsException\",\"Message\":\"AWS Organizations can't"
            + " complete your request because another request is already in progress. Try again later.\"}";

    /** Status and body of each answer, in turn. */
    private final Deque<Object[]> answers = new ArrayDeque<>();
    private final List<String> actions = new ArrayList<>();
    private final List<Duration> pauses = new ArrayList<>();
    private String keyId;
    private String secret;

    @BeforeEach
    void credentials() {
        keyId = System.getProperty("aws.accessKeyId");
        secret = System.getProperty("aws.secretAccessKey");
        System.setProperty("aws.accessKeyId", "AKIDTEST");
        System.setProperty("aws.secretAccessKey", "secret");
    }

    @AfterEach
    void restore() {
        restore("aws.accessKeyId", keyId);
        restore("aws.secretAccessKey", secret);
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    private void answer(int status, String body) {
        answers.add(new Object[] {status, body});
    }

    private OrganizationsClient client() {
        SdkHttpClient http = new SdkHttpClient() {
            @Override
            public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
                actions.add(request.httpRequest().firstMatchingHeader("X-Amz-Target").orElseThrow());
                return new ExecutableHttpRequest() {
                    @Override
                    public HttpExecuteResponse call() {
                        Object[] next = answers.remove();
                        return HttpExecuteResponse.builder()
                                .response(SdkHttpResponse.builder().statusCode((int) next[0]).build())
                                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(
                                        ((String) next[1]).getBytes(StandardCharsets.UTF_8))))
                                .build();
                    }

                    @Override
                    public void abort() {
                    }
                };
            }

            @Override
            public void close() {
            }
        };
        return new OrganizationsClient(URI.create("https://organizations.us-east-1.amazonaws.com"), "us-east-1", http,
                pauses::add);
    }

    @Test
    void aThrottledCall_isTriedAgainAfterGrowingPauses_andTheUnitIsStillResolved() {
        answer(400, THROTTLED);
        answer(400, THROTTLED);
        answer(200, ACCOUNTS);
        answer(200, NO_UNITS);

        assertThat(client().accounts("ou-ab12-11111111")).containsExactly("222233334444");
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(actions).containsExactly("AWSOrganizationsV20161128.ListAccountsForParent",
                "AWSOrganizationsV20161128.ListAccountsForParent", "AWSOrganizationsV20161128.ListAccountsForParent",
                "AWSOrganizationsV20161128.ListOrganizationalUnitsForParent");
    }

    @Test
    void aThrottleThatLasts_isTransient_afterThreeRetries() {
        for (int i = 0; i < 4; i++) {
            answer(400, THROTTLED);
        }

        assertThatThrownBy(() -> client().accounts("ou-ab12-11111111")).isInstanceOf(TransientAwsException.class)
                .hasMessageStartingWith("Organizations ListAccountsForParent of ou-ab12-11111111: TooManyRequestsException");
        assertThat(pauses).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(answers).isEmpty();
    }

    @Test
    void aServerErrorWithoutJson_isTriedAgain() {
        answer(502, "<html><body>Bad Gateway</body></html>");
        answer(200, ACCOUNTS);
        answer(200, NO_UNITS);

        assertThat(client().accounts("r-ab12")).containsExactly("222233334444");
        assertThat(pauses).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aRefusal_failsAtOnce_namingTheUnitAndWhatToDo() {
        answer(400, "{\"__type\":\"AccessDeniedException\",\"Message\":\"You don't have permissions to access this"
                + " resource.\"}");

        assertThatThrownBy(() -> client().accounts("ou-ab12-11111111")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Organizations ListAccountsForParent of ou-ab12-11111111: AccessDeniedException:"
                        + " You don't have permissions")
                .hasMessageContaining("management account or a delegated administrator");
        assertThat(pauses).isEmpty();
    }

    @Test
    void aClientErrorWithoutJson_failsAtOnce_quotingTheStartOfTheAnswer() {
        answer(403, "<html>Forbidden by proxy</html>");

        assertThatThrownBy(() -> client().accounts("ou-ab12-11111111")).isInstanceOf(IllegalStateException.class)
                .hasMessage("Organizations ListAccountsForParent of ou-ab12-11111111 answered 403 with no JSON:"
                        + " <html>Forbidden by proxy</html>");
        assertThat(pauses).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
            "eu-west-1,      us-east-1,      https://organizations.us-east-1.amazonaws.com",
            "us-gov-east-1,  us-gov-west-1,  https://organizations.us-gov-west-1.amazonaws.com",
            "cn-north-1,     cn-northwest-1, https://organizations.cn-northwest-1.amazonaws.com.cn",
    })
    void theEndpoint_isThePartitionsOne(String ownRegion, String signingRegion, String endpoint) {
        assertThat(OrganizationsClient.signingRegion(ownRegion)).isEqualTo(signingRegion);
        assertThat(OrganizationsClient.endpoint(Map.of("AWS_REGION", ownRegion))).hasToString(endpoint);
    }
}
