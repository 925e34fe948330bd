package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Notify gives a message up on the try after {@link NotifyHandler#MAX_RETRIES} retries: that count
 * must be the MaxAttempts of the webhook retrier on every state of statemachine/ecstatic.asl.json
 * that calls Notify, or Conclude (which posts its alert through Notify's code). Fewer attempts in the ASL and the last one throws, so the Catch counts the
 * failure without the WARN line and the metric; more, and Step Functions never makes them. Tagged
 * "template": like template.yaml, statemachine/ is absent when functions/ is built on its own.
 */
@Tag("template")
class NotifyRetriesTest {
    private static final Path DEFINITION = Path.of("../statemachine/ecstatic.asl.json");
    private static final List<String> POSTING = List.of("${NotifyFunctionArn}", "${ConcludeFunctionArn}");
    private static final String WEBHOOK_ERROR = TransientWebhookException.class.getName();

    /** One Task state that calls Notify or Conclude, and the MaxAttempts of its retrier for webhook errors. */
    record NotifyState(String name, Object maxAttempts) {
    }

    @Test
    void everyNotifyStateRetriesWebhookErrorsExactlyMaxRetriesTimes() throws Exception {
        List<NotifyState> states = new ArrayList<>();
        collect(definition(), states);

        assertThat(states).extracting(NotifyState::name).as("the states that call Notify or Conclude")
                .contains("Notify update started", "Alert failed branch", "Conclude", "Conclude without the lease");
        assertThat(states).allSatisfy(state -> assertThat(state.maxAttempts()).as(state.name())
                .isEqualTo((long) NotifyHandler.MAX_RETRIES));
    }

    /**
     * The definition as Step Functions receives it once CloudFormation has substituted it: the bare
     * placeholders (a number, e.g. TimeoutSeconds) become 0, the quoted ones stay text.
     */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> definition() throws Exception {
        String text = Files.readString(DEFINITION).replaceAll("(:\\s*)\\$\\{[A-Za-z0-9]+}", "$10");
        return (Map<String, Object>) Json.parse(text);
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<String, Object> machine, List<NotifyState> out) {
        Map<String, Object> states = (Map<String, Object>) machine.get("States");
        states.forEach((name, value) -> {
            Map<String, Object> state = (Map<String, Object>) value;
            if (state.get("ItemProcessor") instanceof Map<?, ?> processor) {
                collect((Map<String, Object>) processor, out);
            }
            if (state.get("Arguments") instanceof Map<?, ?> arguments && arguments.get("FunctionName") instanceof String function
                    && POSTING.contains(function)) {
                Object maxAttempts = ((List<Map<String, Object>>) state.getOrDefault("Retry", List.of())).stream()
                        .filter(retrier -> ((List<?>) retrier.get("ErrorEquals")).contains(WEBHOOK_ERROR))
                        .map(retrier -> retrier.get("MaxAttempts")).findFirst().orElse("no retrier for " + WEBHOOK_ERROR);
                out.add(new NotifyState(name, maxAttempts));
            }
        });
    }
}
