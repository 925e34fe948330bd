package dev.ecstatic.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateParameterTest {

    static TemplateParameter parameter(Map<String, Object> properties) {
        return TemplateParameter.of("P", properties, "template.yaml: Parameters.P");
    }

    @Test
    void aNumberMustBeANumberWithinItsBounds() {
        TemplateParameter p = parameter(Map.of("Type", "Number", "MinValue", 1, "MaxValue", 100));

        assertThat(p.problem("100")).isNull();
        assertThat(p.problem("500")).isEqualTo("must be at most 100, was '500'");
        assertThat(p.problem("0")).isEqualTo("must be at least 1, was '0'");
        assertThat(p.problem("ten")).isEqualTo("must be a number, was 'ten'");
    }

    @Test
    void allowedValuesOfANumberCompareAsNumbersAndOfAStringExactly() {
        TemplateParameter minutes = parameter(Map.of("Type", "Number", "AllowedValues", java.util.List.of(5, 45)));
        TemplateParameter flag = parameter(Map.of("Type", "String", "AllowedValues", java.util.List.of("true", "false")));

        assertThat(minutes.problem("45")).isNull();
        assertThat(minutes.problem("45.0")).isNull();
        assertThat(minutes.problem("50")).isEqualTo("must be one of 5, 45, was '50'");
        assertThat(flag.problem("false")).isNull();
        assertThat(flag.problem("False")).isEqualTo("must be one of true, false, was 'False'");
    }

    @Test
    void aPatternMustMatchTheWholeValueAndALengthItsBounds() {
        TemplateParameter p = parameter(Map.of("Type", "String", "AllowedPattern", "^$|^[a-z-]+$", "MaxLength", 8,
                "ConstraintDescription", "lower-case words."));

        assertThat(p.problem("")).isNull();
        assertThat(p.problem("prod-web")).isNull();
        assertThat(p.problem("Prod")).isEqualTo("must match ^$|^[a-z-]+$ (lower-case words), was 'Prod'");
        assertThat(p.problem("prod-webs")).isEqualTo("must have at most 8 characters, was 9");
    }

    @Test
    void aNoEchoValueIsNeverRepeated() {
        TemplateParameter secret = parameter(Map.of("Type", "String", "NoEcho", true, "AllowedPattern", "^https://\\S+$"));

        assertThat(secret.problem("http://hooks.example/T000/SECRET")).doesNotContain("SECRET").startsWith("must match");
    }
}
