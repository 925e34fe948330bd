package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The fleet file's SNS topics, EventBridge buses and their faults: what it accepts and every refusal, with its path. */
class FleetNotificationsParsingTest {

    private static final String HEAD = """
            { "accountId": "111111111111", "latestAgentVersion": "1.89.0", "clusters": [],
            """;

    @Test
    void aFleetWithoutThem_hasNoTopicsNoBusesBesidesDefault_andNoNotificationFaults() {
        Fleet f = Sim.testFleet();
        assertThat(f.topics()).isEmpty();
        assertThat(f.eventBuses()).isEmpty();
        assertThat(f.faults().snsErrorRate()).isZero();
        assertThat(f.faults().putEventsFailedEntryRate()).isZero();
    }

    @Test
    void topicsBusesAndFaults_areRead_forTheMainTargetAndEachOther() {
        Fleet f = Fleet.parse(Sim.resource("notify-fleet.json"), "notify-fleet.json");
        assertThat(f.topics()).containsExactly("ecstatic-alerts");
        assertThat(f.eventBuses()).containsExactly("ops");
        assertThat(f.targets().get(0).topics()).containsExactly("ecstatic-alerts-eu");
        assertThat(f.targets().get(0).eventBuses()).isEmpty();
        assertThat(f.targets().get(1).eventBuses()).containsExactly("theirs");
        Fleet faulty = Fleet.parse(HEAD + """
                "faults": { "snsErrorRate": 0.25, "putEventsFailedEntryRate": 0.5 } }""", "f.json");
        assertThat(faulty.faults().snsErrorRate()).isEqualTo(0.25);
        assertThat(faulty.faults().putEventsFailedEntryRate()).isEqualTo(0.5);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            "topics": "t" }                               | $.topics       | must be an array, was a string
            "topics": [ 3 ] }                             | $.topics[0]    | must be a string, was a number
            "topics": [ "a b" ] }                         | $.topics[0]    | a topic name has 1-256 letters
            "topics": [ "alerts.fifo" ] }                 | $.topics[0]    | FIFO topics are not simulated
            "topics": [ "" ] }                            | $.topics[0]    | a topic name has 1-256 letters
            "topics": [ "a", "a" ] }                      | $.topics[1]    | duplicate name "a" (also $.topics[0])
            "eventBuses": [ "default" ] }                 | $.eventBuses[0] | the default event bus always exists
            "eventBuses": [ "a:b" ] }                     | $.eventBuses[0] | an event bus name has 1-256 letters
            "eventBuses": {} }                            | $.eventBuses   | must be an array, was an object
            "faults": { "snsErrorRate": 1.5 } }           | $.faults.snsErrorRate | 1.5 is out of range (0–1)
            "faults": { "putEventsFailedEntryRate": -0.1 } } | $.faults.putEventsFailedEntryRate | -0.1 is out of range (0–1)
            "faults": { "putEventsFailedEntryRate": "x" } }  | $.faults.putEventsFailedEntryRate | must be a number, was a string
            "targets": [ { "region": "eu-west-1", "clusters": [], "topics": [ "a/b" ] } ] } | $.targets[0].topics[0] | a topic name
            "targets": [ { "region": "eu-west-1", "clusters": [], "eventBuses": [ "x", "x" ] } ] } | $.targets[0].eventBuses[1] | duplicate name
            "targets": [ { "region": "eu-west-1", "clusters": [], "queues": [] } ] } | $.targets[0].queues | unknown field
            """)
    void aBadTopicBusOrFault_isRefused_namingItsPath(String tail, String path, String problem) {
        assertThatThrownBy(() -> Fleet.parse(HEAD + tail, "f.json")).isInstanceOf(FleetException.class)
                .hasMessageContaining(path + ":").hasMessageContaining(problem);
    }

    @Test
    void tooManyTopics_areRefused() {
        StringBuilder names = new StringBuilder();
        for (int i = 0; i <= FleetParser.MAX_TOPICS; i++) {
            names.append(i == 0 ? "" : ",").append("\"t").append(i).append('"');
        }
        assertThatThrownBy(() -> Fleet.parse(HEAD + "\"topics\": [" + names + "] }", "f.json"))
                .hasMessageContaining("$.topics: 1001 names; at most 1000");
    }
}
