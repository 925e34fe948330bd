package dev.ecstatic.cli.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateWiringTest {

    static final Path TEMPLATE = Path.of("src/test/resources/wiring/template.yaml");

    @Test
    void functionsGetTheirHandlerAndMergedEnvironment() throws Exception {
        TemplateWiring wiring = TemplateWiring.load(TEMPLATE, "eu-west-1", "111122223333", Map.of());

        TemplateWiring.FunctionSpec echo = wiring.functions()
                .get("arn:aws:lambda:eu-west-1:111122223333:function:ecstatic-EchoFunction:live");
        assertThat(echo).isNotNull();
        assertThat(echo.handlerClass()).isEqualTo("dev.ecstatic.cli.lambda.EchoHandler");
        assertThat(echo.handlerMethod()).isEqualTo("handleRequest");
        assertThat(echo.environment()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "SHARED", "hello", "LITERAL", "plain", "SECRET", "", "REGION", "eu-west-1"));
        assertThat(wiring.functions()).containsKey("arn:aws:lambda:eu-west-1:111122223333:function:ecstatic-FailFunction");
    }

    @Test
    void substitutionsResolveAliasRefsGetAttAndParameters() throws Exception {
        TemplateWiring wiring = TemplateWiring.load(TEMPLATE, "us-east-1", "123456789012", Map.of("Concurrency", "3"));

        assertThat(wiring.substitutions()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "EchoArn", "arn:aws:lambda:us-east-1:123456789012:function:ecstatic-EchoFunction:live",
                "FailArn", "arn:aws:lambda:us-east-1:123456789012:function:ecstatic-FailFunction",
                "Concurrency", "3"));
        assertThat(wiring.definition())
                .contains("\"FunctionName\": \"arn:aws:lambda:us-east-1:123456789012:function:ecstatic-EchoFunction:live\"")
                .contains("$number('3')")
                .doesNotContain("${");
        assertThat(wiring.placeholders()).containsExactly("EchoArn", "FailArn", "Concurrency");
    }

    @Test
    void parameterOverridesReplaceDefaultsInEnvironments() throws Exception {
        TemplateWiring wiring = TemplateWiring.load(TEMPLATE, "us-east-1", "123456789012",
                Map.of("Greeting", "bonjour", "Secret", "https://hooks.example/x"));

        assertThat(wiring.functions().values()).allSatisfy(f -> assertThat(f.environment()).containsEntry("SHARED", "bonjour"));
        assertThat(wiring.parameters()).containsEntry("Secret", "https://hooks.example/x");
    }

    @Test
    void aSubstitutionLooksUpAMappingByAParameterAsCloudFormationDoes(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("statemachine"));
        Files.writeString(dir.resolve("statemachine/machine.asl.json"), "{\"TimeoutSeconds\": ${Timeout}}");
        Files.writeString(dir.resolve("template.yaml"), """
                Parameters:
                  Minutes: { Type: Number, Default: 45, AllowedValues: [5, 45] }
                Mappings:
                  Timeouts:
                    "5": { Seconds: 3900 }
                    "45": { Seconds: 6300 }
                Resources:
                  Machine:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: statemachine/machine.asl.json
                      DefinitionSubstitutions:
                        Timeout: !FindInMap [Timeouts, !Ref Minutes, Seconds]
                """);

        assertThat(TemplateWiring.load(dir.resolve("template.yaml"), "us-east-1", "123456789012", Map.of()).definition())
                .isEqualTo("{\"TimeoutSeconds\": 6300}");
        assertThat(TemplateWiring.load(dir.resolve("template.yaml"), "us-east-1", "123456789012", Map.of("Minutes", "5"))
                .definition()).isEqualTo("{\"TimeoutSeconds\": 3900}");
        assertThatThrownBy(() -> TemplateWiring.load(dir.resolve("template.yaml"), "us-east-1", "123456789012",
                Map.of("Minutes", "7"))).isInstanceOf(WiringException.class).hasMessageContaining("Mappings.Timeouts has no 7.Seconds");
    }

    @Test
    void anOverrideOfAnUnknownParameterIsRefused() {
        assertThatThrownBy(() -> TemplateWiring.load(TEMPLATE, "us-east-1", "123456789012", Map.of("Nope", "1")))
                .isInstanceOf(WiringException.class)
                .hasMessageContaining("no parameter named Nope");
    }

    @Test
    void aPlaceholderWithoutSubstitutionIsNamed(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("statemachine"));
        Files.writeString(dir.resolve("statemachine/machine.asl.json"), "{\"x\": \"${Missing}\", \"y\": \"${EchoArn}\"}");
        Files.copy(TEMPLATE, dir.resolve("template.yaml"));
        TemplateWiring wiring = TemplateWiring.load(dir.resolve("template.yaml"), "us-east-1", "123456789012", Map.of());

        assertThatThrownBy(wiring::definition).isInstanceOf(WiringException.class).hasMessageContaining("[Missing]");
    }

    @Test
    void aRefToNothingIsNamedWithItsPath(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("template.yaml"), """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::c
                      Environment:
                        Variables:
                          X: !Ref Nowhere
                  M:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: m.json
                """);

        assertThatThrownBy(() -> TemplateWiring.load(dir.resolve("template.yaml"), "us-east-1", "123456789012", Map.of()))
                .isInstanceOf(WiringException.class)
                .hasMessageContaining("Resources.F.Properties.Environment.Variables.X")
                .hasMessageContaining("Ref Nowhere");
    }

    @Test
    void intrinsicsBeyondRefAndGetAttAreRefusedClearly(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("template.yaml"), """
                Resources:
                  F:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: a.B::c
                      Environment:
                        Variables:
                          X: !Sub "${AWS::Region}-x"
                  M:
                    Type: AWS::Serverless::StateMachine
                    Properties:
                      DefinitionUri: m.json
                """);

        assertThatThrownBy(() -> TemplateWiring.load(dir.resolve("template.yaml"), "us-east-1", "123456789012", Map.of()))
                .isInstanceOf(WiringException.class)
                .hasMessageContaining("Variables.X")
                .hasMessageContaining("Fn::Sub");
    }
}
