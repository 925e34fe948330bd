package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceField;

/** A 5,000-instance cluster read the way ListInstances reads it: ⌈M/100⌉ List + ⌈M/100⌉ Describe calls. */
class ScaleTest {

    @Test
    void fiveThousandInstances_areListedAndDescribedInHundreds() {
        Fleet fleet = Fleet.parse("""
                { "latestAgentVersion": "1.89.0", "faults": { "throttle": false },
                  "clusters": [ { "name": "big", "instances": [
                      { "count": 4000, "agentVersion": "1.86.3" }, { "count": 1000, "agentVersion": "1.88.0" } ] } ] }
                """, "big.json");
        try (AwsSimulator sim = Sim.start(fleet, MutableClock.at("2026-01-01T00:00:00Z")); EcsClient ecs = Sim.ecs(sim)) {
            List<String> arns = ecs.listContainerInstancesPaginator(r -> r.cluster("big")).containerInstanceArns()
                    .stream().toList();
            List<ContainerInstance> described = new ArrayList<>();
            for (int k = 0; k < arns.size(); k += 100) {
                List<String> batch = arns.subList(k, Math.min(arns.size(), k + 100));
                described.addAll(ecs.describeContainerInstances(r -> r.cluster("big").containerInstances(batch)
                        .include(ContainerInstanceField.TAGS)).containerInstances());
            }
            assertThat(arns).hasSize(5000).doesNotHaveDuplicates();
            assertThat(described).hasSize(5000);
            assertThat(described.stream().filter(ci -> ci.versionInfo().agentVersion().equals("1.86.3")).count())
                    .isEqualTo(4000);
            assertThat(sim.callsByAction()).containsEntry("ListContainerInstances", 50L)
                    .containsEntry("DescribeContainerInstances", 50L);
        }
    }
}
