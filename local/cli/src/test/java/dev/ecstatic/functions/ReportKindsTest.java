package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ecstatic.cli.simulate.HtmlReport;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.NotifyRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The HTML report tells a message's kind from its text: checked against the messages SlackMessage
 * really builds, so a reworded title fails here rather than turning into a plain "message" in the report.
 */
class ReportKindsTest {
    private static final Cluster CLUSTER = new Cluster("prod-web",
            "arn:aws:ecs:eu-west-1:222233334444:cluster/prod-web", null, null, null, null);

    private static String text(NotificationKind kind, Cluster cluster) {
        Map<String, Object> message = SlackMessage.build(new NotifyRequest(kind, cluster, List.of(), "some detail",
                "arn:aws:states:eu-west-1:111122223333:execution:ecstatic:run", 0), "eu-west-1");
        return new ObjectMapper().valueToTree(message).path("text").asText();
    }

    @ParameterizedTest
    @EnumSource(value = NotificationKind.class, mode = EnumSource.Mode.EXCLUDE, names = "DIGEST")
    void everyKindSlackMessageBuilds_isTheKindTheReportReads(NotificationKind kind) {
        assertThat(HtmlReport.kind(text(kind, CLUSTER))).isEqualTo(kind.name());
    }

    @ParameterizedTest
    @EnumSource(value = NotificationKind.class, names = "ERROR")
    void anUnreachableTargetsAlert_isAnError(NotificationKind kind) {
        Cluster target = Cluster.unreachableTarget("aws", "444444444444", "eu-west-1", "AccessDenied");
        assertThat(HtmlReport.kind(text(kind, target))).isEqualTo("ERROR");
    }
}
