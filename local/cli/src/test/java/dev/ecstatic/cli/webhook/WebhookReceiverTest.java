package dev.ecstatic.cli.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class WebhookReceiverTest {

    @Test
    void recordsEveryPostedBodyInOrderAndAnswersOkAsSlackDoes() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            HttpClient http = HttpClient.newHttpClient();
            for (String body : new String[] {"{\"text\":\"one\"}", "{\"text\":\"two\"}"}) {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(receiver.url())
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.body()).isEqualTo("ok");
            }
            assertThat(receiver.bodies()).containsExactly("{\"text\":\"one\"}", "{\"text\":\"two\"}");
        }
    }

    @Test
    void refusesOtherMethodsWithoutRecordingThem() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(receiver.url()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(receiver.bodies()).isEmpty();
        }
    }
}
