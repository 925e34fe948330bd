package dev.ecstatic.functions;

import static dev.ecstatic.functions.ConcludeFixtures.NOW;
import static dev.ecstatic.functions.ConcludeFixtures.after;
import static dev.ecstatic.functions.ConcludeFixtures.blocked;
import static dev.ecstatic.functions.ConcludeFixtures.decision;
import static dev.ecstatic.functions.ConcludeFixtures.withCannotUpdate;
import static dev.ecstatic.functions.model.NotificationTarget.EVENTS;
import static dev.ecstatic.functions.model.NotificationTarget.SNS;
import static dev.ecstatic.functions.model.NotificationTarget.WEBHOOK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.ConcludeFixtures.Req;
import dev.ecstatic.functions.model.ConcludeRequest;
import dev.ecstatic.functions.model.Decision;
import dev.ecstatic.functions.model.DecisionKind;
import dev.ecstatic.functions.model.Memory;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.NotificationTarget;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.ProblemSet;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The alert policy for each target (issue 15): the same rules over what each target was told, so that one
 * target's failed delivery is tried again for it alone, a target configured later is told what is still
 * open, and a problem stays remembered until every target that was told of it got its RESOLVED.
 */
class AlertPolicyTargetsTest {
    private static final String REASON = "2 agent(s) still disconnected after a recheck: not updating this cluster";
    private static final Decision DISCONNECTED = blocked(NotificationKind.AGENTS_DISCONNECTED, REASON, "i-2", "i-1");
    private static final String HASH = AlertPolicy.hash(List.of("i-1", "i-2"));
    private static final Decision HEALTHY = decision(DecisionKind.NOTHING_TO_DO, "all 3 agent(s) current", List.of());
    private static final String NINE = "2026-01-05T09:00:00Z";
    private static final Set<NotificationTarget> ALL = EnumSet.allOf(NotificationTarget.class);

    private static Memory told(Memory.Alerted alerted) {
        return new Memory(1, new Memory.Problem(NotificationKind.AGENTS_DISCONNECTED, 2, HASH, List.of("i-1", "i-2"),
                REASON, NINE, 5, alerted), Map.of(), null, Outcome.BLOCKED, "2026-01-05T13:00:00Z", 12);
    }

    private static Map<NotificationTarget, AlertPolicy.Plan> plans(Req request, Set<NotificationTarget> targets) {
        ConcludeRequest built = request.build();
        return AlertPolicy.plans(built, Outcomes.of(built), 24, targets);
    }

    /** What each target is sent: its kind, " reminder" when it is one; "-" for nothing. */
    private static Map<NotificationTarget, String> sent(Map<NotificationTarget, AlertPolicy.Plan> plans) {
        Map<NotificationTarget, String> sent = new EnumMap<>(NotificationTarget.class);
        plans.forEach((t, p) -> sent.put(t, p.alert() == null ? "-"
                : p.alert().kind() + (p.alert().reminder() ? " reminder" : "")));
        return sent;
    }

    static Stream<Arguments> whatEachTargetIsSent() {
        Memory allTold = told(new Memory.Alerted(NINE, NINE, NINE));
        Memory snsFailed = told(new Memory.Alerted(NINE, null, NINE));
        Memory webhookOnly = told(new Memory.Alerted(NINE));
        Memory resolvedOnWebhookOnly = told(new Memory.Alerted(null, NINE, null));
        return Stream.of(
                Arguments.of("a new problem: every target", after(DISCONNECTED), ALL,
                        "AGENTS_DISCONNECTED", "AGENTS_DISCONNECTED", "AGENTS_DISCONNECTED"),
                Arguments.of("told all 5 h ago: quiet everywhere", after(DISCONNECTED).memory(allTold), ALL, "-", "-", "-"),
                Arguments.of("SNS failed last run: SNS alone, not as a reminder", after(DISCONNECTED).memory(snsFailed),
                        ALL, "-", "AGENTS_DISCONNECTED", "-"),
                Arguments.of("a day later: reminders where told, SNS still the alert itself",
                        after(DISCONNECTED).memory(snsFailed).at("2026-01-06T09:00:00Z"), ALL,
                        "AGENTS_DISCONNECTED reminder", "AGENTS_DISCONNECTED", "AGENTS_DISCONNECTED reminder"),
                Arguments.of("a memory of the version before SNS, both configured since: told what is open",
                        after(DISCONNECTED).memory(webhookOnly), ALL, "-", "AGENTS_DISCONNECTED", "AGENTS_DISCONNECTED"),
                Arguments.of("healthy: RESOLVED only where the problem was told", after(HEALTHY).memory(snsFailed), ALL,
                        "RESOLVED", "-", "RESOLVED"),
                Arguments.of("healthy, the webhook already had its RESOLVED, SNS not yet: SNS alone",
                        after(HEALTHY).memory(resolvedOnWebhookOnly), ALL, "-", "RESOLVED", "-"),
                Arguments.of("webhook only configured: SNS and EventBridge are not planned",
                        after(DISCONNECTED).memory(snsFailed), EnumSet.of(WEBHOOK), "-", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void whatEachTargetIsSent(String why, Req request, Set<NotificationTarget> targets, String webhook, String sns,
                              String events) {
        Map<NotificationTarget, String> sent = sent(plans(request, targets));

        assertThat(sent.get(WEBHOOK)).as("webhook").isEqualTo(webhook);
        assertThat(sent.get(SNS)).as("SNS").isEqualTo(sns);
        assertThat(sent.get(EVENTS)).as("EventBridge").isEqualTo(events);
    }

    @Test
    void oneTargetFailing_isRememberedForItAlone() {
        Map<NotificationTarget, AlertPolicy.Plan> plans = plans(after(DISCONNECTED), ALL);

        Memory merged = AlertPolicy.merge(Map.of(WEBHOOK, plans.get(WEBHOOK).memory(true),
                SNS, plans.get(SNS).memory(false), EVENTS, plans.get(EVENTS).memory(true)));

        assertThat(merged.problem().lastAlerted()).isEqualTo(new Memory.Alerted(NOW, null, NOW));
        assertThat(sent(plans(after(DISCONNECTED).memory(merged).at("2026-01-05T15:10:00Z"), ALL)))
                .as("the next run").containsExactlyInAnyOrderEntriesOf(Map.of(WEBHOOK, "-", SNS, "AGENTS_DISCONNECTED", EVENTS, "-"));
    }

    @Test
    void resolvedDeliveredToSomeTargets_keepsTheProblemUntilTheOthersHaveIt() {
        Memory allTold = told(new Memory.Alerted(NINE, NINE, NINE));
        Map<NotificationTarget, AlertPolicy.Plan> plans = plans(after(HEALTHY).memory(allTold), ALL);

        Memory snsMissed = AlertPolicy.merge(Map.of(WEBHOOK, plans.get(WEBHOOK).memory(true),
                SNS, plans.get(SNS).memory(false), EVENTS, plans.get(EVENTS).memory(true)));
        Memory allResolved = AlertPolicy.merge(Map.of(WEBHOOK, plans.get(WEBHOOK).memory(true),
                SNS, plans.get(SNS).memory(true), EVENTS, plans.get(EVENTS).memory(true)));

        assertThat(snsMissed.problem()).as("kept for SNS's RESOLVED").isNotNull();
        assertThat(snsMissed.problem().lastAlerted()).isEqualTo(new Memory.Alerted(null, NINE, null));
        assertThat(allResolved.problem()).as("every target told: forgotten").isNull();
    }

    @Test
    void aTargetNotConfigured_keepsNothing_soConfiguredAgainItIsToldWhatIsOpen() {
        Memory allTold = told(new Memory.Alerted(NINE, NINE, NINE));
        Map<NotificationTarget, AlertPolicy.Plan> plans = plans(after(DISCONNECTED).memory(allTold), EnumSet.of(WEBHOOK));

        Memory merged = AlertPolicy.merge(Map.of(WEBHOOK, plans.get(WEBHOOK).memory(true)));

        assertThat(merged.problem().lastAlerted()).isEqualTo(new Memory.Alerted(NINE, null, null));
    }

    @Test
    void cannotUpdate_isSaidToEachTargetUpToItsOwnCount() {
        ProblemSet three = new ProblemSet(NotificationKind.CANNOT_UPDATE, 3,
                AlertPolicy.hash(List.of("i-w1", "i-w2", "i-w3")), List.of("i-w1", "i-w2", "i-w3"));
        Memory said = new Memory(1, null, Map.of(), new Memory.CannotUpdate(NotificationKind.CANNOT_UPDATE, 3,
                three.hash(), three.instances(), NINE, 3, List.of(), 2, 0), Outcome.NOTHING_TO_DO, NINE, 3);
        Req request = after(withCannotUpdate(HEALTHY, three)).memory(said);

        Map<NotificationTarget, AlertPolicy.Plan> plans = plans(request, ALL);
        Memory merged = AlertPolicy.merge(Map.of(WEBHOOK, plans.get(WEBHOOK).memory(true),
                SNS, plans.get(SNS).memory(true), EVENTS, plans.get(EVENTS).memory(false)));

        assertThat(sent(plans)).containsExactlyInAnyOrderEntriesOf(Map.of(WEBHOOK, "-", SNS, "CANNOT_UPDATE",
                EVENTS, "CANNOT_UPDATE"));
        assertThat(plans.get(SNS).alert().details()).contains("up from 2");
        assertThat(merged.cannotUpdate().alertedCount()).isEqualTo(3);
        assertThat(merged.cannotUpdate().snsAlertedCount()).isEqualTo(3);
        assertThat(merged.cannotUpdate().eventsAlertedCount()).as("not delivered: still owed").isZero();
    }

    @Test
    void theWebhookIsAlwaysPlanned() {
        ConcludeRequest built = after(DISCONNECTED).build();

        assertThatThrownBy(() -> AlertPolicy.plans(built, Outcomes.of(built), 24, EnumSet.of(SNS)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("always a target");
    }
}
