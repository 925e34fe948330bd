package dev.ecstatic.cli.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.ecstatic.cli.integrations.SdkSettings;
import dev.ecstatic.functions.ListClustersHandler;
import dev.ecstatic.functions.ListInstancesHandler;
import dev.ecstatic.functions.model.AmiClass;
import dev.ecstatic.functions.model.AmiExample;
import dev.ecstatic.functions.model.AmiReport;
import dev.ecstatic.functions.model.GroupBehind;
import dev.ecstatic.functions.model.Inventory;
import dev.ecstatic.functions.model.ListClustersRequest;
import dev.ecstatic.functions.model.ListClustersResponse;
import dev.ecstatic.functions.model.ListInstancesRequest;
import dev.ecstatic.functions.model.ReplaceCandidate;
import dev.ecstatic.simulator.AwsSimulator;
import dev.ecstatic.simulator.Fleet;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * List clusters and List instances against the simulator's EC2, Auto Scaling and SSM: the AMI drift
 * of a fleet with groups on several platforms, as the handlers read it over the wire.
 */
class AmiDriftSimulatorTest {
    static final String FLEET = """
            { "region": "us-east-1", "accountId": "123456789012", "seed": 13, "latestAgentVersion": "1.89.0",
              "amis": [
                { "id": "ami-0a1a2023old", "name": "al2023-ami-ecs-hvm-2023.0.20240905-kernel-6.1-x86_64",
                  "creationDate": "2024-09-05T10:00:00Z", "deprecationTime": "2025-09-05T10:00:00Z",
                  "agentVersion": "1.86.3", "dockerVersion": "25.0.6" },
                { "id": "ami-0a1a2023new", "name": "al2023-ami-ecs-hvm-2023.0.20251210-kernel-6.1-x86_64",
                  "creationDate": "2025-12-10T10:00:00Z", "agentVersion": "1.89.0", "dockerVersion": "25.0.8" },
                { "id": "ami-0a12old", "name": "amzn2-ami-ecs-hvm-2.0.20230109-x86_64-ebs",
                  "creationDate": "2023-01-09T10:00:00Z", "agentVersion": "1.68.0", "dockerVersion": "20.10.17" },
                { "id": "ami-0a12new", "name": "amzn2-ami-ecs-hvm-2.0.20251210-x86_64-ebs",
                  "creationDate": "2025-12-10T10:00:00Z", "agentVersion": "1.89.0", "dockerVersion": "25.0.8" },
                { "id": "ami-0w022old", "name": "Windows_Server-2022-English-Full-ECS_Optimized-2025.03.12",
                  "platform": "windows", "creationDate": "2025-03-12T10:00:00Z", "private": true,
                  "agentVersion": "1.85.0", "dockerVersion": "25.0.6" },
                { "id": "ami-0w022new", "name": "Windows_Server-2022-English-Full-ECS_Optimized-2025.12.10",
                  "platform": "windows", "creationDate": "2025-12-10T10:00:00Z", "agentVersion": "1.89.0",
                  "dockerVersion": "25.0.8" } ],
              "recommended": {
                "amazon-linux-2023": { "image_id": "ami-0a1a2023new" },
                "amazon-linux-2": { "image_id": "ami-0a12new" },
                "Windows_Server-2022-English-Full-ECS_Optimized": { "image_id": "ami-0w022new" } },
              "launchTemplates": [
                { "name": "web", "versions": [ { "imageId": "ami-0a1a2023old" }, { "imageId": "ami-0a1a2023new" } ] },
                { "name": "legacy", "versions": [ { "imageId": "ami-0a12old" }, { "imageId": "ami-0a1a2023new" } ] },
                { "name": "stale", "versions": [ { "imageId": "ami-0a1a2023old" } ] },
                { "name": "windows", "versions": [ { "imageId": "ami-0w022new", "instanceType": "m6i.xlarge" } ] },
                { "name": "compute", "versions": [ { "imageId": "ami-0a1a2023new", "instanceType": "c6i.large" } ] } ],
              "clusters": [ { "name": "prod",
                "instances": [ { "amiId": "ami-0a1a2023old" } ],
                "autoScalingGroups": [
                  { "name": "web-asg", "maxSize": 4, "launchTemplate": { "name": "web", "version": "$Latest" },
                    "instances": [ { "count": 2, "launchTemplateVersion": "1" }, { } ] },
                  { "name": "legacy-asg", "maxSize": 2, "launchTemplate": { "name": "legacy", "version": "2" },
                    "instances": [ { "launchTemplateVersion": "1" } ] },
                  { "name": "stale-asg", "maxSize": 2, "launchTemplate": { "name": "stale" },
                    "instances": [ { } ] },
                  { "name": "windows-asg", "maxSize": 2, "launchTemplate": { "name": "windows" },
                    "instances": [ { "amiId": "ami-0w022old" } ] },
                  { "name": "mixed-asg", "maxSize": 4,
                    "mixedInstancesPolicy": {
                      "launchTemplate": { "name": "stale", "version": "$Default" },
                      "overrides": [ { "instanceType": "m6i.large" },
                                     { "instanceType": "c6i.large",
                                       "launchTemplate": { "name": "compute", "version": "1" } } ] },
                    "instances": [ { "instanceType": "m6i.large" },
                                   { "instanceType": "c6i.large", "amiId": "ami-0a1a2023old" } ] } ] } ],
              "faults": { "throttle": false } }
            """;

    @Test
    void aFleetOnSeveralPlatforms_isClassifiedFromWhatEc2AndAutoScalingSay() throws Exception {
        Fleet fleet = Fleet.parse(FLEET, "ami drift fleet");
        Clock clock = Clock.fixed(Instant.parse("2026-01-05T09:00:00Z"), ZoneOffset.UTC);
        List<String> log = new ArrayList<>();
        try (AwsSimulator sim = AwsSimulator.start(fleet, 0, clock);
             SdkSettings ignored = SdkSettings.simulator(sim.endpoint(), "us-east-1")) {
            Map<String, String> env = Map.of("AWS_REGION", "us-east-1");
            ListClustersResponse clusters = new ListClustersHandler(env)
                    .handleRequest(new ListClustersRequest(Map.of()), context(log));
            sim.resetCounters();

            Inventory inventory = new ListInstancesHandler(env).handleRequest(new ListInstancesRequest(
                    clusters.clusters().getFirst(), clusters.recommended(), null, clusters.recommendedAmis()),
                    context(log));

            assertThat(clusters.recommendedAmis()).containsOnlyKeys(
                    "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended",
                    "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended",
                    "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-ECS_Optimized");
            AmiReport amis = inventory.amis();
            assertThat(amis.counts()).containsExactly(Map.entry(AmiClass.AMI_CURRENT, 1),
                    Map.entry(AmiClass.BEHIND_ASG, 4), Map.entry(AmiClass.ASG_BEHIND, 2),
                    Map.entry(AmiClass.NOT_IN_ASG, 1), Map.entry(AmiClass.AMI_UNKNOWN, 1));
            assertThat(amis.examples(AmiClass.AMI_UNKNOWN)).singleElement().satisfies(e -> {
                assertThat(e.group()).isEqualTo("windows-asg");
                assertThat(e.ami()).isEqualTo("ami-0w022old");
                assertThat(e.reason()).isEqualTo("AMI ami-0w022old could not be described");
            });
            assertThat(amis.examples(AmiClass.NOT_IN_ASG)).singleElement().extracting(AmiExample::reason)
                    .isEqualTo("in no group, AMI older than recommended: replace by hand");
            assertThat(amis.examples(AmiClass.ASG_BEHIND)).extracting(AmiExample::group)
                    .containsExactlyInAnyOrder("stale-asg", "mixed-asg");
            assertThat(amis.examples(AmiClass.BEHIND_ASG)).extracting(AmiExample::group)
                    .containsExactlyInAnyOrder("web-asg", "web-asg", "legacy-asg", "mixed-asg");
            assertThat(amis.groupsBehind()).containsExactly(
                    new GroupBehind("mixed-asg", "ami-0a1a2023old", "ami-0a1a2023new"),
                    new GroupBehind("stale-asg", "ami-0a1a2023old", "ami-0a1a2023new"));
            assertThat(amis.replaceable()).hasSize(4);
            assertThat(amis.replaceable().getFirst()).as("the oldest AMI first: AL2 of 2023").satisfies(r -> {
                assertThat(r.group()).isEqualTo("legacy-asg");
                assertThat(r.ami()).isEqualTo("ami-0a12old");
                assertThat(r.groupAmi()).as("its group's template now points at AL2023").isEqualTo("ami-0a1a2023new");
            });
            assertThat(amis.replaceable().subList(1, 4)).extracting(ReplaceCandidate::ec2InstanceId).isSorted();
            assertThat(amis.replaceable()).filteredOn(r -> r.group().equals("mixed-asg")).singleElement()
                    .satisfies(r -> {
                        assertThat(r.instanceType()).isEqualTo("c6i.large");
                        assertThat(r.groupAmi()).as("the c6i.large override's template").isEqualTo("ami-0a1a2023new");
                    });
            assertThat(amis.warnings()).isEmpty();
            assertThat(amis.dockerBehind()).as("Docker 25.0.6 and 20.10.17 against 25.0.8 recommended")
                    .isEqualTo(7);
            assertThat(sim.callsByAction()).containsEntry("DescribeInstances", 1L)
                    .containsEntry("DescribeAutoScalingGroups", 1L).containsEntry("DescribeImages", 1L)
                    .containsEntry("DescribeLaunchTemplateVersions", 5L);
        }
        assertThat(String.join("\n", log)).doesNotContain("\tat ");
    }

    private static Context context(List<String> log) {
        return new Context() {
            @Override public String getAwsRequestId() { return "local"; }
            @Override public String getLogGroupName() { return "/aws/lambda/test"; }
            @Override public String getLogStreamName() { return "local"; }
            @Override public String getFunctionName() { return "test"; }
            @Override public String getFunctionVersion() { return "$LATEST"; }
            @Override public String getInvokedFunctionArn() { return "arn:aws:lambda:us-east-1:123456789012:function:test"; }
            @Override public CognitoIdentity getIdentity() { return null; }
            @Override public ClientContext getClientContext() { return null; }
            @Override public int getRemainingTimeInMillis() { return 900_000; }
            @Override public int getMemoryLimitInMB() { return 1024; }
            @Override public LambdaLogger getLogger() {
                return new LambdaLogger() {
                    @Override public void log(String message) { log.add(message); }
                    @Override public void log(byte[] message) { log.add(new String(message, StandardCharsets.UTF_8)); }
                };
            }
        };
    }
}
