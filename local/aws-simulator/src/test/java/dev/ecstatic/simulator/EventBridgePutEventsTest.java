package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBridgeException;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResponse;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;
import software.amazon.awssdk.services.eventbridge.model.ResourceAlreadyExistsException;
import software.amazon.awssdk.services.eventbridge.model.ResourceNotFoundException;

/** EventBridge PutEvents through the AWS SDK for Java v2's EventBridge client (AWS JSON 1.1), unchanged but for the endpoint. */
class EventBridgePutEventsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");
    private static AwsSimulator sim;
    private static EventBridgeClient events;

    @BeforeAll
    static void start() {
        sim = Sim.start(Fleet.parse(Sim.resource("notify-fleet.json"), "notify-fleet.json"),
                Clock.fixed(T0, ZoneOffset.UTC));
        events = client(sim, "us-east-1");
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static EventBridgeClient client(AwsSimulator sim, String region) {
        return EventBridgeClient.builder().endpointOverride(sim.endpoint()).region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(AwsRetryStrategy.doNotRetry()).build())
                .build();
    }

    private static PutEventsRequestEntry entry(String bus, String detail) {
        return PutEventsRequestEntry.builder().eventBusName(bus).source("ecstatic").detailType("alert").detail(detail)
                .build();
    }

    private static PutEventsResultEntry only(PutEventsResponse r) {
        assertThat(r.entries()).hasSize(1);
        return r.entries().get(0);
    }

    @Test
    void anEvent_onTheDefaultBus_aNamedBus_andABusArn_isKeptWithItsFields() {
        Instant when = Instant.parse("2026-02-28T23:59:59Z");
        PutEventsResponse r = events.putEvents(b -> b.entries(
                PutEventsRequestEntry.builder().source("ecstatic").detailType("alert").detail("{\"cluster\":\"web\"}")
                        .resources("arn:aws:ecs:us-east-1:111111111111:cluster/web").time(when).build(),
                entry("ops", "{\"n\":1}"),
                entry("arn:aws:events:us-east-1:111111111111:event-bus/ops", "{\"n\":2}")));

        assertThat(r.failedEntryCount()).isZero();
        List<String> ids = r.entries().stream().map(PutEventsResultEntry::eventId).toList();
        assertThat(ids).doesNotContainNull().doesNotHaveDuplicates();
        List<AwsSimulator.Event> mine = sim.events().stream().filter(e -> ids.contains(e.eventId())).toList();
        assertThat(mine).extracting(AwsSimulator.Event::eventBusArn).containsExactly(
                "arn:aws:events:us-east-1:111111111111:event-bus/default",
                "arn:aws:events:us-east-1:111111111111:event-bus/ops",
                "arn:aws:events:us-east-1:111111111111:event-bus/ops");
        AwsSimulator.Event first = mine.get(0);
        assertThat(first.source()).isEqualTo("ecstatic");
        assertThat(first.detailType()).isEqualTo("alert");
        assertThat(first.detail()).isEqualTo("{\"cluster\":\"web\"}");
        assertThat(first.resources()).containsExactly("arn:aws:ecs:us-east-1:111111111111:cluster/web");
        assertThat(first.eventTime()).isEqualTo(when);
        assertThat(first.time()).isEqualTo(T0);
        assertThat(mine.get(1).eventTime()).as("no Time: the call's").isEqualTo(T0);
        assertThat(sim.callsByAction()).containsKey("PutEvents");
        assertThat(sim.callsByTarget().get("111111111111/us-east-1")).containsKey("PutEvents");
    }

    @Test
    void failedEntries_answer200_withFailedEntryCount_andTheOthersAreAccepted() {
        int before = sim.events().size();
        PutEventsResponse r = events.putEvents(b -> b.entries(
                entry(null, "{\"ok\":true}"),
                entry(null, "not json"),
                entry(null, "[1, 2]"),
                PutEventsRequestEntry.builder().detailType("alert").detail("{}").build(),
                PutEventsRequestEntry.builder().source("ecstatic").detail("{}").build(),
                PutEventsRequestEntry.builder().source("ecstatic").detailType("alert").build(),
                PutEventsRequestEntry.builder().source("ecstatic").detailType("x".repeat(129)).detail("{}").build(),
                PutEventsRequestEntry.builder().source("aws.ecs").detailType("alert").detail("{}").build(),
                entry("arn:aws:events:us-east-1:222222222222:event-bus/theirs", "{}")));

        assertThat(r.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(r.failedEntryCount()).isEqualTo(8);
        assertThat(r.entries()).extracting(PutEventsResultEntry::errorCode).containsExactly(null, "MalformedDetail",
                "MalformedDetail", "InvalidArgument", "InvalidArgument", "InvalidArgument", "InvalidArgument",
                "NotAuthorizedForSourceException", "AccessDeniedException");
        assertThat(r.entries().get(0).eventId()).isNotNull();
        assertThat(r.entries().get(1).errorMessage()).isEqualTo("Detail is malformed.");
        assertThat(r.entries().get(3).errorMessage())
                .isEqualTo("Parameter Source is not valid. Reason: Source is a required argument.");
        assertThat(r.entries().subList(1, 9)).allSatisfy(e -> assertThat(e.eventId()).isNull());
        assertThat(sim.events()).hasSize(before + 1);
    }

    @Test
    void anUnknownBus_isAcceptedAsOnAws_butDeliversNothing() {
        int before = sim.events().size();
        String id = only(events.putEvents(b -> b.entries(entry("nope", "{}")))).eventId();
        assertThat(id).isNotNull();
        assertThat(sim.events()).hasSize(before);
        assertThat(sim.undeliveredEvents()).anySatisfy(e -> {
            assertThat(e.eventId()).isEqualTo(id);
            assertThat(e.eventBusArn()).isEqualTo("arn:aws:events:us-east-1:111111111111:event-bus/nope");
        });
    }

    @Test
    void aRequestOfNoEntries_tooManyEntries_orTooManyBytes_isAValidationException() {
        List<PutEventsRequestEntry> eleven = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            eleven.add(entry(null, "{}"));
        }
        assertThatThrownBy(() -> events.putEvents(b -> b.entries(eleven))).isInstanceOf(EventBridgeException.class)
                .hasMessageContaining("Member must have length less than or equal to 10")
                .satisfies(e -> assertThat(((EventBridgeException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
        assertThatThrownBy(() -> events.putEvents(b -> b.entries(List.of())))
                .hasMessageContaining("greater than or equal to 1");
        String big = "{\"x\":\"" + "y".repeat(EventsApi.MAX_TOTAL_BYTES / 2) + "\"}";
        int before = sim.events().size();
        assertThatThrownBy(() -> events.putEvents(b -> b.entries(entry(null, big), entry(null, big))))
                .hasMessageContaining("Total size of the entries in the request is over the limit.");
        assertThat(sim.events()).as("none of a refused request's entries").hasSize(before);
        events.putEvents(b -> b.entries(entry(null, big)));
        assertThat(sim.events()).hasSize(before + 1);
    }

    @Test
    void eventBuses_areCreatedListedAndDescribed() {
        assertThat(events.listEventBuses(b -> b.build()).eventBuses()).extracting(x -> x.name())
                .startsWith("default", "ops");
        String arn = events.createEventBus(b -> b.name("made-here")).eventBusArn();
        assertThat(arn).isEqualTo("arn:aws:events:us-east-1:111111111111:event-bus/made-here");
        assertThat(events.describeEventBus(b -> b.name("made-here")).arn()).isEqualTo(arn);
        assertThatThrownBy(() -> events.createEventBus(b -> b.name("default")))
                .isInstanceOf(ResourceAlreadyExistsException.class);
        assertThatThrownBy(() -> events.describeEventBus(b -> b.name("gone")))
                .isInstanceOf(ResourceNotFoundException.class).hasMessageContaining("Event bus gone does not exist.");
        String id = only(events.putEvents(b -> b.entries(entry("made-here", "{}")))).eventId();
        assertThat(sim.events()).anyMatch(e -> e.eventId().equals(id) && e.eventBusArn().equals(arn));
    }

    @Test
    void anotherRegionsClient_putsOntoThatRegionsDefaultBus() {
        try (EventBridgeClient eu = client(sim, "eu-west-1")) {
            String id = only(eu.putEvents(b -> b.entries(entry(null, "{}")))).eventId();
            assertThat(sim.events()).filteredOn(e -> e.eventId().equals(id)).singleElement().satisfies(e -> {
                assertThat(e.region()).isEqualTo("eu-west-1");
                assertThat(e.eventBusArn()).isEqualTo("arn:aws:events:eu-west-1:111111111111:event-bus/default");
            });
        }
    }

    @Test
    void putEventsFailedEntryRate_failsEntriesWithInternalFailure_insideA200() {
        Fleet fleet = Fleet.parse("""
                { "latestAgentVersion": "1.89.0", "clusters": [], "faults": { "putEventsFailedEntryRate": 1 } }
                """, "faulty.json");
        try (AwsSimulator faulty = Sim.start(fleet, Clock.fixed(T0, ZoneOffset.UTC));
                EventBridgeClient client = client(faulty, "us-east-1")) {
            PutEventsResponse r = client.putEvents(b -> b.entries(entry(null, "{}"), entry(null, "{}")));
            assertThat(r.failedEntryCount()).isEqualTo(2);
            assertThat(r.entries()).extracting(PutEventsResultEntry::errorCode).containsOnly("InternalFailure");
            assertThat(faulty.events()).isEmpty();
        }
    }

    @Test
    void aFailedEntryRate_isDeterministicForTheSeed() {
        String text = """
                { "seed": 7, "latestAgentVersion": "1.89.0", "clusters": [], "faults": { "putEventsFailedEntryRate": 0.5 } }
                """;
        List<List<String>> runs = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            try (AwsSimulator s = Sim.start(Fleet.parse(text, "half.json"), Clock.fixed(T0, ZoneOffset.UTC));
                    EventBridgeClient client = client(s, "us-east-1")) {
                List<String> codes = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    PutEventsResponse r = client.putEvents(b -> b.entries(entry(null, "{}"), entry(null, "{}"),
                            entry(null, "{}"), entry(null, "{}"), entry(null, "{}")));
                    r.entries().forEach(e -> codes.add(String.valueOf(e.errorCode())));
                }
                runs.add(codes);
            }
        }
        assertThat(runs.get(0)).isEqualTo(runs.get(1)).contains("InternalFailure", "null");
    }
}
