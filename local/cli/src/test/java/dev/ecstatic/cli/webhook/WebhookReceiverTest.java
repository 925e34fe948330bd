package dev.ecstatic.cli.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
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
    void notesWhenEachBodyArrivedOnItsClock() throws Exception {
        AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-05T09:00:00Z"));
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
        try (WebhookReceiver receiver = WebhookReceiver.start(clock)) {
            HttpClient http = HttpClient.newHttpClient();
            http.send(HttpRequest.newBuilder(receiver.url()).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            now.set(Instant.parse("2026-01-05T10:00:05Z"));
            http.send(HttpRequest.newBuilder(receiver.url()).POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(receiver.times()).containsExactly(Instant.parse("2026-01-05T09:00:00Z"),
                    Instant.parse("2026-01-05T10:00:05Z"));
        }
    }

    @Test
    void refusesOtherMethodsWithoutRecordingThem() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(receiver.url()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(receiver.bodies()).isEmpty();
            assertThat(receiver.times()).isEmpty();
        }
    }
}
