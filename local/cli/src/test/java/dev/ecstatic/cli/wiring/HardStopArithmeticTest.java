package dev.ecstatic.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.Home;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The hard stop's margin, recomputed from the state machine's own retriers and the functions'
 * Timeouts, so that a change to either that would let an update go unannounced past the run's
 * timeout breaks the build. What may follow an UpdateContainerAgent call made just before the hard
 * stop: the rest of that attempt and every retry that only looks (the function's Timeout each, after
 * its retrier's interval), then Notify update started and Conclude (every attempt they may make, at
 * their Timeout, with the longest backoff), Remember and, when it fails, Give the lease back.
 */
class HardStopArithmeticTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Errors after which Update one agent's earlier attempt may have called UpdateContainerAgent. */
    static final List<String> MAY_HAVE_CALLED = List.of("Lambda.ClientExecutionTimeoutException",
            "Lambda.SdkClientException", "Lambda.Unknown", "States.Timeout");

    static Map<?, ?> resources() throws Exception {
        Map<?, ?> template = (Map<?, ?>) CloudFormationYaml.parse(Files.readString(Home.find().resolve("template.yaml")));
        return (Map<?, ?>) template.get("Resources");
    }

    static int timeout(String function) throws Exception {
        Map<?, ?> f = (Map<?, ?>) resources().get(function);
        return ((Number) ((Map<?, ?>) f.get("Properties")).get("Timeout")).intValue();
    }

    static JsonNode states() throws Exception {
        TemplateWiring wiring = TemplateWiring.load(Home.find().resolve("template.yaml"), "us-east-1", "123456789012",
                Map.of());
        return JSON.readTree(wiring.definition()).at("/States/For each cluster/ItemProcessor/States");
    }

    /** The longest a retrier can wait in all: every interval at its full backoff, capped by MaxDelaySeconds. */
    static double delays(JsonNode retrier) {
        double interval = retrier.path("IntervalSeconds").asDouble(1);
        double rate = retrier.path("BackoffRate").asDouble(2);
        double cap = retrier.has("MaxDelaySeconds") ? retrier.path("MaxDelaySeconds").asDouble() : Double.MAX_VALUE;
        double sum = 0;
        for (int k = 0; k < retrier.path("MaxAttempts").asInt(3); k++) {
            sum += Math.min(interval * Math.pow(rate, k), cap);
        }
        return sum;
    }

    /** Every attempt a state may make (at {@code attemptSeconds} each) and every wait between them. */
    static double everyRetry(JsonNode state, int attemptSeconds) {
        double seconds = attemptSeconds;
        for (JsonNode retrier : state.path("Retry")) {
            seconds += retrier.path("MaxAttempts").asInt(3) * (double) attemptSeconds + delays(retrier);
        }
        return seconds;
    }

    @Test
    void whatMayFollowACallJustBeforeTheHardStop_endsBeforeTheRunTimesOut() throws Exception {
        JsonNode states = states();
        Matcher margin = Pattern.compile("\\(\\d+ - (\\d+)\\) \\* 1000").matcher(
                states.at("/Take the lease/Assign/hardStop").asText());
        assertThat(margin.find()).as("the hard stop is run start + RunTimeoutSeconds - a margin").isTrue();
        int marginSeconds = Integer.parseInt(margin.group(1));

        int update = timeout("UpdateOneAgentFunction");
        double lookingRetries = update;
        for (JsonNode retrier : states.at("/Update one agent/Retry")) {
            boolean mayHaveCalled = false;
            for (JsonNode e : retrier.path("ErrorEquals")) {
                mayHaveCalled |= MAY_HAVE_CALLED.contains(e.asText());
            }
            if (mayHaveCalled) {
                lookingRetries += retrier.path("MaxAttempts").asInt(3) * (double) update + delays(retrier);
            }
        }
        double notify = everyRetry(states.path("Notify update started"), timeout("NotifyFunction"));
        double conclude = everyRetry(states.path("Conclude"), timeout("ConcludeFunction"));
        double remember = everyRetry(states.path("Remember"), states.at("/Remember/TimeoutSeconds").asInt());
        double giveBack = everyRetry(states.path("Give the lease back"),
                states.at("/Give the lease back/TimeoutSeconds").asInt());
        double total = lookingRetries + notify + conclude + remember + giveBack;

        assertThat(lookingRetries).as("the call's attempt and the retries that only look").isEqualTo(975);
        assertThat(total).as("all that may follow, against the margin of %d s", marginSeconds)
                .isLessThanOrEqualTo(marginSeconds);
        assertThat(states.at("/Take the lease/Comment").asText()).as("the comment states the sum")
                .contains(String.format("%,d s of %,d", (long) Math.ceil(total), marginSeconds));
    }

    /**
     * The replacement path acts earlier: no drain and no termination at or after the hard stop - 10 min
     * (a termination also not past 100 s into its attempt, so an attempt the state machine gave up on cannot
     * act). What may follow a termination made just then: every attempt of Terminate the instance at its
     * Task timeout, then either Record the termination or, when it failed, Undo the drain and the
     * announcement; then Conclude, Remember, Give the lease back. It must end before the run times out.
     */
    @Test
    void whatMayFollowATerminationJustBeforeItsLimit_endsBeforeTheRunTimesOut() throws Exception {
        JsonNode states = states();
        Matcher margin = Pattern.compile("\\(\\d+ - (\\d+)\\) \\* 1000").matcher(
                states.at("/Take the lease/Assign/hardStop").asText());
        assertThat(margin.find()).isTrue();
        int marginSeconds = Integer.parseInt(margin.group(1));
        String notAfter = states.at("/Terminate the instance/Arguments/Payload/notAfter").asText();
        Matcher earlier = Pattern.compile("\\$hardStop - (\\d+)000, .*EnteredTime\\) \\+ (\\d+)000").matcher(notAfter);
        assertThat(earlier.find()).as("TERMINATE's notAfter: %s", notAfter).isTrue();
        int replacementMargin = marginSeconds + Integer.parseInt(earlier.group(1));
        int terminateTimeout = states.at("/Terminate the instance/TimeoutSeconds").asInt();
        assertThat(Integer.parseInt(earlier.group(2))).as("the call is made within the attempt's own Task timeout")
                .isLessThan(terminateTimeout);
        assertThat(states.at("/Drain the instance/Arguments/Payload/notAfter").asText())
                .contains("$hardStop - " + earlier.group(1) + "000");

        double terminate = everyRetry(states.path("Terminate the instance"), terminateTimeout);
        double record = states.at("/Record the termination/TimeoutSeconds").asInt();
        assertThat(states.path("Record the termination").has("Retry")).as("one attempt: Remember writes it too").isFalse();
        double undo = everyRetry(states.path("Undo the drain"), states.at("/Undo the drain/TimeoutSeconds").asInt());
        double announce = everyRetry(states.path("Post the announcement"), timeout("NotifyFunction"));
        double end = everyRetry(states.path("Conclude"), timeout("ConcludeFunction"))
                + everyRetry(states.path("Remember"), states.at("/Remember/TimeoutSeconds").asInt())
                + everyRetry(states.path("Give the lease back"), states.at("/Give the lease back/TimeoutSeconds").asInt());

        assertThat(terminate + record + end).as("terminated").isLessThanOrEqualTo(replacementMargin);
        assertThat(terminate + undo + announce + end).as("refused or failed, the drain undone")
                .isLessThanOrEqualTo(replacementMargin);
        assertThat(states.at("/Take the lease/Comment").asText()).as("the comment states the sum")
                .contains(String.format("%,d s of %,d", (long) Math.ceil(terminate + undo + announce + end),
                        replacementMargin));
    }
}
