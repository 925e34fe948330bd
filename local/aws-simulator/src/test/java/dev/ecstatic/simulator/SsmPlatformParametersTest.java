package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

/**
 * The public parameters of every platform the replacement path compares AMIs against: Amazon Linux 2023 and
 * 2 on x86_64 and arm64, Bottlerocket aws-ecs-2, Windows Server 2022 Full and Core; GetParametersByPath.
 */
class SsmPlatformParametersTest {

    private static AwsSimulator sim;
    private static SsmClient ssm;

    @BeforeAll
    static void start() {
        sim = Sim.start(Sim.asgFleet(), MutableClock.at("2026-01-01T00:00:00Z"));
        ssm = Sim.ssm(sim);
    }

    @AfterAll
    static void stop() {
        ssm.close();
        sim.close();
    }

    private static String value(String name) {
        return ssm.getParameter(r -> r.name(name)).parameter().value();
    }

    @Test
    void amazonLinuxAndWindows_publishAJsonValueAndEachFieldAsASubParameter() throws Exception {
        JsonNode arm = new ObjectMapper().readTree(value("/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended"));
        assertThat(arm.get("image_id").asText()).isEqualTo("ami-0a1a2023arm");
        assertThat(arm.get("ecs_agent_version").asText()).isEqualTo("1.89.0");
        assertThat(value("/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/ecs_agent_version"))
                .isEqualTo("1.89.0");
        assertThat(value("/aws/service/ecs/optimized-ami/amazon-linux-2/recommended/image_id")).isEqualTo("ami-0a12new");

        String full = "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-ECS_Optimized";
        JsonNode windows = new ObjectMapper().readTree(value(full));
        assertThat(windows.get("image_id").asText()).isEqualTo("ami-0w022new");
        assertThat(windows.get("image_name").asText()).isEqualTo("Windows_Server-2022-English-Full-ECS_Optimized-2025.12.10");
        assertThat(windows.get("os").asText()).isEqualTo("Windows Server 2022 English Full");
        assertThat(value(full + "/image_id")).isEqualTo("ami-0w022new");
        assertThat(value("/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-ECS_Optimized/image_id"))
                .isEqualTo("ami-0w022core");
        assertThat(ssm.getParameter(r -> r.name(full + "/image_id")).parameter().dataType()).isEqualTo("aws:ec2:image");
    }

    @Test
    void bottlerocket_publishesItsImageIdAndVersion_andNoAgentVersion() {
        String base = "/aws/service/bottlerocket/aws-ecs-2/x86_64/latest";
        assertThat(value(base + "/image_id")).isEqualTo("ami-0b0132");
        assertThat(value(base + "/image_version")).isEqualTo("1.32.0-cacc4ce9");
        assertThatThrownBy(() -> value(base + "/ecs_agent_version")).isInstanceOf(ParameterNotFoundException.class);
        assertThatThrownBy(() -> value(base)).isInstanceOf(ParameterNotFoundException.class);
    }

    @Test
    void getParametersByPath_listsChildren_orEverythingBelowWhenRecursive_inPages() {
        List<String> children = ssm.getParametersByPathPaginator(r -> r
                        .path("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended").maxResults(3))
                .stream().flatMap(page -> page.parameters().stream()).map(Parameter::name).toList();
        assertThat(children).containsExactly(
                "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/ecs_agent_version",
                "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/ecs_runtime_version",
                "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id",
                "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_name",
                "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_version",
                "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/os",
                "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/schema_version",
                "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/source_image_name");

        assertThat(ssm.getParametersByPath(r -> r.path("/aws/service/ecs/optimized-ami/amazon-linux-2023")).parameters())
                .extracting(Parameter::name).containsExactly("/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended");
        List<String> bottlerocket = ssm.getParametersByPathPaginator(r -> r.path("/aws/service/bottlerocket")
                .recursive(true)).stream().flatMap(page -> page.parameters().stream()).map(Parameter::name).toList();
        assertThat(bottlerocket).containsExactly("/aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_id",
                "/aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_version");
        assertThat(ssm.getParametersByPath(r -> r.path("/aws/service/nothing").recursive(true)).parameters()).isEmpty();
    }

    @Test
    void getParametersByPath_refusesWhatSsmRefuses() {
        assertThatThrownBy(() -> ssm.getParametersByPath(r -> r.path("aws/service")))
                .isInstanceOf(SsmException.class).hasMessageContaining("forward slash");
        assertThatThrownBy(() -> ssm.getParametersByPath(r -> r.path("/aws/service").maxResults(11)))
                .isInstanceOf(SsmException.class).hasMessageContaining("less than or equal to 10");
        assertThatThrownBy(() -> ssm.getParametersByPath(r -> r.path("/aws/service").nextToken("bogus")))
                .isInstanceOf(SsmException.class)
                .satisfies(e -> assertThat(((SsmException) e).awsErrorDetails().errorCode()).isEqualTo("InvalidNextToken"));
    }
}
