package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.asl.Engine;
import dev.ecstatic.asl.Execution;
import dev.ecstatic.asl.SimulatedClock;
import dev.ecstatic.asl.StateMachine;
import dev.ecstatic.cli.Home;
import dev.ecstatic.cli.wiring.TemplateWiring;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The state machine's {@code $clip}, taken from the "Alert failed branch" state of
 * statemachine/ecstatic.asl.json (it cuts a failed child's Cause in its alert) and run by the engine:
 * a text is cut at a word boundary, never inside a word, and stays within its limit (60 here, as a
 * record's detail). Conclude's records, and Summarize's for a failed child, are cut by the same rule in
 * Java (OutcomesTest).
 */
class RecordDetailTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static String clip(String text) throws Exception {
        String definition = TemplateWiring.load(Home.find().resolve("template.yaml"), "us-east-1", "123456789012", Map.of())
                .definition();
        String done = JSON.readTree(definition)
                .at("/States/Alert failed branches/ItemProcessor/States/Alert failed branch/Arguments/Payload/details").asText();
        int start = done.indexOf("$clip := function");
        int end = done.indexOf("'…' ) };", start) + "'…' ) };".length();
        String expression = "{% ( " + done.substring(start, end) + " $clip($states.input.text, 60) ) %}";
        String machine = JSON.writeValueAsString(Map.of("QueryLanguage", "JSONata", "StartAt", "Clip", "States",
                Map.of("Clip", Map.of("Type", "Pass", "Output", expression, "End", true))));
        Engine engine = Engine.builder().clock(new SimulatedClock(Simulation.EPOCH)).build();
        Execution execution = engine.run(StateMachine.parse(machine), "clip", JSON.writeValueAsString(Map.of("text", text)));
        JsonNode output = JSON.readTree(execution.output());
        return output.asText();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            // fits: as it is
            "1 agent update(s) FAILED: not updating this cluster | 1 agent update(s) FAILED: not updating this cluster",
            // the 60th character is inside "this": the word goes, an ellipsis stands for the rest
            "1 agent(s) still disconnected after a recheck: not updating this cluster | 1 agent(s) still disconnected after a recheck: not updating…",
            // the 60th character is a space: everything before it stays
            "every candidate runs 1.89.0, at or above the recommended ag more words here | every candidate runs 1.89.0, at or above the recommended ag…",
            // the 59th character is a space and the 60th starts a word: no trailing space before the ellipsis
            "every candidate runs 1.89.0, at or above the recommended a bcd more words | every candidate runs 1.89.0, at or above the recommended a…",
            // one word longer than the limit: cut inside it, as nothing else can be done
            "arn:aws:ecs:us-east-1:123456789012:container-instance/prod-web/0123456789abcdef0123 | arn:aws:ecs:us-east-1:123456789012:container-instance/prod-…"})
    void aDetailIsCutAtAWordBoundaryWithinSixtyCharacters(String text, String expected) throws Exception {
        String clipped = clip(text);

        assertThat(clipped).isEqualTo(expected);
        assertThat(clipped.length()).isLessThanOrEqualTo(60);
    }
}
