package dev.ecstatic.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.SsmException;

class SsmParametersTest {

    private static final String AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended";
    private static final String AL2 = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended";
    private static AwsSimulator sim;
    private static SsmClient ssm;

    @BeforeAll
    static void start() {
        sim = Sim.start(Sim.testFleet(), MutableClock.at("2026-01-01T00:00:00Z"));
        ssm = Sim.ssm(sim);
    }

    @AfterAll
    static void stop() {
        ssm.close();
        sim.close();
    }

    @Test
    void getParameter_returnsTheRecommendedAmiAsAJsonString() throws Exception {
        Parameter p = ssm.getParameter(r -> r.name(AL2023)).parameter();
        assertThat(p.name()).isEqualTo(AL2023);
        assertThat(p.typeAsString()).isEqualTo("String");
        assertThat(p.arn()).isEqualTo("arn:aws:ssm:us-east-1::parameter" + AL2023);
        assertThat(p.version()).isPositive();
        assertThat(p.lastModifiedDate()).isBefore(java.time.Instant.parse("2026-01-01T00:00:00Z"));
        JsonNode v = new ObjectMapper().readTree(p.value());
        assertThat(v.get("ecs_agent_version").asText()).isEqualTo("1.88.0");
        assertThat(v.get("ecs_runtime_version").asText()).isEqualTo("Docker version 25.0.8");
        assertThat(v.get("image_id").asText()).isEqualTo("ami-0al2023new");
        assertThat(v.get("image_name").asText()).startsWith("al2023-ami-ecs-hvm-");
        assertThat(v.get("os").asText()).isEqualTo("Amazon Linux 2023");
        assertThat(v.get("schema_version").asInt()).isEqualTo(1);
        assertThat(v.get("source_image_name").asText()).startsWith("al2023-ami-minimal-");
    }

    @Test
    void getParameter_ofTheImageIdSubParameter_isThePlainAmiId() {
        assertThat(ssm.getParameter(r -> r.name(AL2023 + "/image_id")).parameter().value()).isEqualTo("ami-0al2023new");
    }

    @Test
    void getParameter_unknownName_isParameterNotFoundException() {
        assertThatThrownBy(() -> ssm.getParameter(r -> r.name("/aws/service/ecs/optimized-ami/windows/recommended")))
                .isInstanceOf(ParameterNotFoundException.class);
    }

    @Test
    void getParameters_listsUnknownNamesAsInvalidParameters() {
        String unknown = "/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended";
        GetParametersResponse r = ssm.getParameters(b -> b.names(AL2023, AL2, unknown));
        assertThat(r.parameters()).extracting(Parameter::name).containsExactly(AL2023, AL2);
        assertThat(r.invalidParameters()).containsExactly(unknown);
    }

    @Test
    void getParameters_ofMoreThanTenNames_isAValidationError() {
        String[] names = IntStream.range(0, 11).mapToObj(i -> AL2023 + i).toArray(String[]::new);
        assertThatThrownBy(() -> ssm.getParameters(b -> b.names(names)))
                .isInstanceOf(SsmException.class)
                .satisfies(e -> assertThat(((SsmException) e).awsErrorDetails().errorCode())
                        .isEqualTo("ValidationException"));
    }
}
