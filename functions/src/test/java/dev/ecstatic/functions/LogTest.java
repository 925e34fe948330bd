package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.functions.model.Cluster;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The EMF line's dimensions: per stack always, per target when the metric is about a cluster, never per cluster. */
class LogTest {
    static List<Arguments> metrics() {
        List<String> stack = List.of("FunctionName");
        List<String> target = List.of("FunctionName", "Account", "Region");
        return List.of(
                Arguments.of("a cluster", new Cluster("prod-web", "arn:aws:ecs:eu-west-1:222233334444:cluster/prod-web"),
                        List.of(stack, target), "222233334444", "eu-west-1"),
                Arguments.of("a target's stand-in", Cluster.unreachableTarget("aws", "222233334444", "eu-west-1", "why"),
                        List.of(stack, target), "222233334444", "eu-west-1"),
                Arguments.of("no cluster (the digest)", null, List.of(stack), null, null),
                Arguments.of("a cluster whose ARN names no target", new Cluster("unknown", "exec-7"), List.of(stack),
                        null, null),
                Arguments.of("an ARN without an account", new Cluster("c", "arn:aws:ecs:eu-west-1::cluster/c"),
                        List.of(stack), null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("metrics")
    @SuppressWarnings("unchecked")
    void dimensions(String what, Cluster cluster, List<List<String>> dimensions, String account, String region) {
        CapturingContext context = new CapturingContext();

        Log.of(context, Log.Level.INFO, "Test").metric("UpdatesStarted", 1, cluster);

        Map<String, Object> line = context.json().getFirst();
        Map<String, Object> aws = (Map<String, Object>) line.get("_aws");
        Map<String, Object> directive = ((List<Map<String, Object>>) aws.get("CloudWatchMetrics")).getFirst();
        assertThat(directive.get("Dimensions")).isEqualTo(dimensions);
        // Every dimension a directive names is a member of the line (EMF drops the metric otherwise).
        dimensions.forEach(set -> set.forEach(d -> assertThat(line.get(d)).as(d).isInstanceOf(String.class)));
        assertThat(line.get("Account")).isEqualTo(account);
        assertThat(line.get("Region")).isEqualTo(region);
        assertThat(line).doesNotContainKey("Cluster").containsEntry("UpdatesStarted", 1L);
        assertThat(line.get("cluster")).isEqualTo(cluster == null ? null : cluster.name());
    }
}
