package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.RecommendedAmis.Architecture;
import dev.ecstatic.functions.RecommendedAmis.Family;
import dev.ecstatic.functions.RecommendedAmis.Source;
import dev.ecstatic.functions.RecommendedAmis.Value;
import dev.ecstatic.functions.model.RecommendedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

/** The parameter catalogue: each platform to its exact SSM name, and how its value is read. */
class RecommendedAmisTest {

    @ParameterizedTest(name = "{0} {1} → {2}")
    @CsvSource({
            "AMAZON_LINUX_2023,  X86_64, /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended,                    JSON_DOCUMENT",
            "AMAZON_LINUX_2023,  ARM64,  /aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended,              JSON_DOCUMENT",
            "AMAZON_LINUX_2,     X86_64, /aws/service/ecs/optimized-ami/amazon-linux-2/recommended,                       JSON_DOCUMENT",
            "AMAZON_LINUX_2,     ARM64,  /aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended,                 JSON_DOCUMENT",
            "BOTTLEROCKET_ECS_2, X86_64, /aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_id,                      IMAGE_ID",
            "BOTTLEROCKET_ECS_2, ARM64,  /aws/service/bottlerocket/aws-ecs-2/arm64/latest/image_id,                       IMAGE_ID",
            "WINDOWS_2022_FULL,  X86_64, /aws/service/ami-windows-latest/Windows_Server-2022-English-Full-ECS_Optimized, JSON_DOCUMENT",
            "WINDOWS_2022_CORE,  X86_64, /aws/service/ami-windows-latest/Windows_Server-2022-English-Core-ECS_Optimized, JSON_DOCUMENT",
            "WINDOWS_2019_FULL,  X86_64, /aws/service/ami-windows-latest/Windows_Server-2019-English-Full-ECS_Optimized, JSON_DOCUMENT",
            "WINDOWS_2019_CORE,  X86_64, /aws/service/ami-windows-latest/Windows_Server-2019-English-Core-ECS_Optimized, JSON_DOCUMENT"})
    void eachPlatform_hasItsExactParameter(Family family, Architecture arch, String parameter, Value value) {
        Source source = RecommendedAmis.parameterFor(family, arch).orElseThrow();
        assertThat(source.parameter()).isEqualTo(parameter);
        assertThat(source.value()).isEqualTo(value);
        assertThat(source.carriesAgentVersion()).isEqualTo(value == Value.JSON_DOCUMENT);
    }

    @Test
    void catalogue_holdsTenParameters_eachOnce_eachWithItsPage() {
        assertThat(RecommendedAmis.CATALOGUE).hasSize(10);
        assertThat(RecommendedAmis.CATALOGUE).extracting(Source::parameter).doesNotHaveDuplicates();
        assertThat(RecommendedAmis.CATALOGUE).allSatisfy(s -> assertThat(s.documentation())
                .startsWith("https://docs.aws.amazon.com/AmazonECS/latest/developerguide/"));
    }

    @Test
    void onlyBottlerocket_carriesNoAgentVersion() {
        assertThat(RecommendedAmis.CATALOGUE).filteredOn(s -> !s.carriesAgentVersion())
                .extracting(Source::family).containsOnly(Family.BOTTLEROCKET_ECS_2);
    }

    @Test
    void existingReader_usesTheCatalogueNames() {
        assertThat(RecommendedReader.PARAMETERS.get("amazon-linux-2023"))
                .isEqualTo(RecommendedAmis.parameterFor(Family.AMAZON_LINUX_2023, Architecture.X86_64)
                        .orElseThrow().parameter());
        assertThat(RecommendedReader.PARAMETERS.get("amazon-linux-2"))
                .isEqualTo(RecommendedAmis.parameterFor(Family.AMAZON_LINUX_2, Architecture.X86_64)
                        .orElseThrow().parameter());
    }

    @ParameterizedTest
    @CsvSource({"WINDOWS_2022_FULL", "WINDOWS_2022_CORE", "WINDOWS_2019_FULL", "WINDOWS_2019_CORE"})
    void windowsArm64_isNotCatalogued(Family family) {
        assertThat(RecommendedAmis.parameterFor(family, Architecture.ARM64)).isEmpty();
    }

    @Test
    void nullFamilyOrArchitecture_isEmpty() {
        assertThat(RecommendedAmis.parameterFor((Family) null, Architecture.X86_64)).isEmpty();
        assertThat(RecommendedAmis.parameterFor(Family.AMAZON_LINUX_2023, null)).isEmpty();
    }

    @ParameterizedTest(name = "{0} ({1}) → {2}")
    @CsvSource({
            "al2023-ami-ecs-hvm-2023.0.20240702-kernel-6.1-x86_64,        x86_64,  /aws/service/ecs/optimized-ami/amazon-linux-2023/recommended",
            "al2023-ami-ecs-hvm-2023.0.20240702-kernel-6.1-arm64,         arm64,   /aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended",
            "amzn2-ami-ecs-hvm-2.0.20240611-x86_64-ebs,                   x86_64,  /aws/service/ecs/optimized-ami/amazon-linux-2/recommended",
            "amzn2-ami-ecs-hvm-2.0.20240611-arm64-ebs,                    ARM64,   /aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended",
            "bottlerocket-aws-ecs-2-x86_64-v1.20.3-5d9ac849,              x86_64,  /aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_id",
            "bottlerocket-aws-ecs-2-aarch64-v1.20.3-5d9ac849,             arm64,   /aws/service/bottlerocket/aws-ecs-2/arm64/latest/image_id",
            "Windows_Server-2022-English-Full-ECS_Optimized-2024.01.10,   x86_64,  /aws/service/ami-windows-latest/Windows_Server-2022-English-Full-ECS_Optimized",
            "Windows_Server-2022-English-Core-ECS_Optimized-2024.01.10,   x86_64,  /aws/service/ami-windows-latest/Windows_Server-2022-English-Core-ECS_Optimized",
            "Windows_Server-2019-English-Full-ECS_Optimized-2024.01.10,   x86_64,  /aws/service/ami-windows-latest/Windows_Server-2019-English-Full-ECS_Optimized",
            "Windows_Server-2019-English-Core-ECS_Optimized-2024.01.10,   x86_64,  /aws/service/ami-windows-latest/Windows_Server-2019-English-Core-ECS_Optimized"})
    void describedImage_mapsToItsParameter(String imageName, String architecture, String parameter) {
        assertThat(RecommendedAmis.parameterFor(imageName, architecture)).map(Source::parameter).contains(parameter);
    }

    @ParameterizedTest(name = "{0} ({1}) → none")
    @CsvSource({
            // Other ECS-optimized lines have parameters of their own: never compared with the standard one.
            "al2023-ami-ecs-gpu-hvm-2023.0.20240702-kernel-6.1-x86_64-ebs, x86_64",
            "al2023-ami-ecs-neuron-hvm-2023.0.20240702-kernel-6.1-x86_64,  x86_64",
            "amzn2-ami-ecs-kernel-5.10-hvm-2.0.20240611-x86_64-ebs,        x86_64",
            "amzn2-ami-ecs-gpu-hvm-2.0.20240611-x86_64-ebs,                x86_64",
            "amzn2-ami-ecs-inf-hvm-2.0.20240611-x86_64-ebs,                x86_64",
            "bottlerocket-aws-ecs-1-x86_64-v1.20.3-5d9ac849,               x86_64",
            "Windows_Server-2016-English-Full-ECS_Optimized-2024.01.10,    x86_64",
            "Windows_Server-2022-English-Full-ECS_Optimized-2024.01.10,    arm64",
            "my-golden-image-2024-07-02,                                   x86_64",
            "al2023-ami-ecs-hvm-2023.0.20240702-kernel-6.1-x86_64,         i386",
            "al2023-ami-ecs-hvm-2023.0.20240702-kernel-6.1-x86_64,         x86_64_mac",
            "al2023-ami-ecs-hvm-2023.0.20240702-kernel-6.1-x86_64,         ''"})
    void unknownImageOrArchitecture_isEmpty(String imageName, String architecture) {
        assertThat(RecommendedAmis.parameterFor(imageName, architecture)).isEmpty();
    }

    @Test
    void unnamedImage_isEmpty() {
        assertThat(RecommendedAmis.parameterFor(null, "x86_64")).isEmpty();
        assertThat(RecommendedAmis.parameterFor("al2023-ami-ecs-hvm-2023.0.20240702-kernel-6.1-x86_64", null))
                .isEmpty();
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"x86_64, X86_64", "X86_64, X86_64", "amd64, X86_64", " arm64 , ARM64", "aarch64, ARM64"})
    void architecture_readsTheUsualSpellings(String raw, Architecture expected) {
        assertThat(Architecture.parse(raw)).contains(expected);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"i386", "x86_64_mac", "arm64_mac", "armv7"})
    void otherArchitectures_areUnknown(String raw) {
        assertThat(Architecture.parse(raw)).isEmpty();
    }

    @Test
    void jsonValue_isReadWithAgentAndDocker() {
        Source al2023arm = RecommendedAmis.parameterFor(Family.AMAZON_LINUX_2023, Architecture.ARM64).orElseThrow();
        RecommendedImage image = RecommendedAmis.parseValue(al2023arm, """
                {"schema_version":1,"image_name":"al2023-ami-ecs-hvm-2023.0.20240702-kernel-6.1-arm64",
                 "image_id":"ami-0a1b2c3d4e5f60718","os":"Amazon Linux 2023",
                 "ecs_runtime_version":"Docker version 25.0.8","ecs_agent_version":"1.88.0"}""");
        assertThat(image).isEqualTo(new RecommendedImage("1.88.0", "25.0.8", "ami-0a1b2c3d4e5f60718",
                "al2023-ami-ecs-hvm-2023.0.20240702-kernel-6.1-arm64"));
    }

    @Test
    void bottlerocketValue_isTheBareAmiId_withoutAgentOrDocker() {
        Source bottlerocket = RecommendedAmis.parameterFor(Family.BOTTLEROCKET_ECS_2, Architecture.X86_64).orElseThrow();
        assertThat(RecommendedAmis.parseValue(bottlerocket, " ami-0bottlerocket1 \n"))
                .isEqualTo(new RecommendedImage(null, null, "ami-0bottlerocket1", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"image_id\":\"ami-1\"}", "not-an-ami", "ami-", "ami-01 ami-02"})
    void bottlerocketValueThatIsNotAnAmiId_failsNamingTheParameter(String value) {
        Source bottlerocket = RecommendedAmis.parameterFor(Family.BOTTLEROCKET_ECS_2, Architecture.ARM64).orElseThrow();
        assertThatThrownBy(() -> RecommendedAmis.parseValue(bottlerocket, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("/aws/service/bottlerocket/aws-ecs-2/arm64/latest/image_id is '")
                .hasMessageEndingWith("': an AMI id (ami-…) was expected");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ami-0a1b2c3d4e5f60718 | not JSON: ",
            "[1, 2]                | the value is not a JSON object",
            "{\"os\":\"Windows\"}  | the value has neither ecs_agent_version nor image_id"})
    void jsonValueThatIsNotTheDocument_failsNamingTheParameter(String value, String problem) {
        Source windows = RecommendedAmis.parameterFor(Family.WINDOWS_2022_CORE, Architecture.X86_64).orElseThrow();
        assertThatThrownBy(() -> RecommendedAmis.parseValue(windows, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(
                        "/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-ECS_Optimized: " + problem);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"  "})
    void emptyValue_failsNamingTheParameter(String value) {
        Source al2 = RecommendedAmis.parameterFor(Family.AMAZON_LINUX_2, Architecture.X86_64).orElseThrow();
        assertThatThrownBy(() -> RecommendedAmis.parseValue(al2, value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("/aws/service/ecs/optimized-ami/amazon-linux-2/recommended: the value is empty");
    }
}
