package dev.ecstatic.functions;

import dev.ecstatic.functions.model.RecommendedImage;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The SSM public parameters that name the current ECS-optimized AMI of each platform ecstatic can
 * compare with (issue 13, "See"). Pure data and lookups; reading them is the caller's GetParameters.
 *
 * <p>Two kinds of value:
 * <ul>
 * <li>{@link Value#JSON_DOCUMENT}: the Amazon Linux {@code …/recommended} parameters and the Windows
 * {@code …-ECS_Optimized} parameters hold a JSON document with {@code image_id}, {@code image_name},
 * {@code ecs_agent_version} and {@code ecs_runtime_version} ("Docker version 25.0.8"), so the agent
 * and Docker of an instance can be compared with them as well as its AMI.</li>
 * <li>{@link Value#IMAGE_ID}: Bottlerocket publishes no such document; its {@code …/latest/image_id}
 * parameter is the bare AMI id. There is no agent version to compare with (Bottlerocket updates its
 * agent with the whole image), so its AMIs are compared by the image's creation date (DescribeImages
 * of that id) only.</li>
 * </ul>
 * Amazon Linux 2 is out of support since 2026-06-30 but still published: its instances keep a
 * recommendation to drift from.
 */
final class RecommendedAmis {
    /** Amazon Linux 2 and 2023, x86_64 and arm64, and the JSON value's fields. */
    static final String LINUX_DOC =
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_AMI.html";
    /** Bottlerocket aws-ecs-2, x86_64 and arm64: the image_id subparameter. */
    static final String BOTTLEROCKET_DOC =
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-bottlerocket-retrieve-ami.html";
    /** Windows Server 2022 and 2019, Full and Core. */
    static final String WINDOWS_DOC =
            "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/retrieve-ecs-optimized_windows_AMI.html";

    private static final Pattern AMI_ID = Pattern.compile("ami-[0-9A-Za-z]+");

    private RecommendedAmis() {
    }

    /** The OS family and variant of an ECS-optimized AMI line. */
    enum Family {
        AMAZON_LINUX_2023("al2023-ami-ecs-hvm-"),
        AMAZON_LINUX_2("amzn2-ami-ecs-hvm-"),
        BOTTLEROCKET_ECS_2("bottlerocket-aws-ecs-2-"),
        WINDOWS_2022_FULL("Windows_Server-2022-English-Full-ECS_Optimized-"),
        WINDOWS_2022_CORE("Windows_Server-2022-English-Core-ECS_Optimized-"),
        WINDOWS_2019_FULL("Windows_Server-2019-English-Full-ECS_Optimized-"),
        WINDOWS_2019_CORE("Windows_Server-2019-English-Core-ECS_Optimized-");

        /**
         * How the AMIs of the line are named (DescribeImages Name). The GPU, Neuron and kernel-5.10
         * lines ("al2023-ami-ecs-gpu-hvm-", "amzn2-ami-ecs-kernel-5.10-hvm-", …) have parameters of
         * their own, not in this catalogue, and must not be compared with the standard line.
         */
        private final String namePrefix;

        Family(String namePrefix) {
            this.namePrefix = namePrefix;
        }
    }

    enum Architecture {
        X86_64, ARM64;

        /**
         * "x86_64" and "arm64" as DescribeImages and the ecs.cpu-architecture attribute spell them (any
         * case; "amd64" and "aarch64" too); anything else is empty.
         */
        static Optional<Architecture> parse(String raw) {
            if (raw == null) {
                return Optional.empty();
            }
            return switch (raw.trim().toLowerCase(Locale.ROOT)) {
                case "x86_64", "amd64" -> Optional.of(X86_64);
                case "arm64", "aarch64" -> Optional.of(ARM64);
                default -> Optional.empty();
            };
        }
    }

    /** What the parameter's value is. */
    enum Value {
        /** JSON with image_id, image_name, ecs_agent_version, ecs_runtime_version. */
        JSON_DOCUMENT,
        /** The AMI id alone: no agent version, compare by creation date. */
        IMAGE_ID
    }

    /** One parameter of the catalogue, with the page its name was taken from. */
    record Source(Family family, Architecture architecture, String parameter, Value value, String documentation) {
        Source {
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(architecture, "architecture");
            Objects.requireNonNull(parameter, "parameter");
            Objects.requireNonNull(value, "value");
            Objects.requireNonNull(documentation, "documentation");
        }

        /** Whether the value names the agent version of the AMI (false: compare by creation date only). */
        boolean carriesAgentVersion() {
            return value == Value.JSON_DOCUMENT;
        }
    }

    static final List<Source> CATALOGUE = List.of(
            new Source(Family.AMAZON_LINUX_2023, Architecture.X86_64,
                    "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended", Value.JSON_DOCUMENT, LINUX_DOC),
            new Source(Family.AMAZON_LINUX_2023, Architecture.ARM64,
                    "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended", Value.JSON_DOCUMENT,
                    LINUX_DOC),
            new Source(Family.AMAZON_LINUX_2, Architecture.X86_64,
                    "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended", Value.JSON_DOCUMENT, LINUX_DOC),
            new Source(Family.AMAZON_LINUX_2, Architecture.ARM64,
                    "/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended", Value.JSON_DOCUMENT, LINUX_DOC),
            new Source(Family.BOTTLEROCKET_ECS_2, Architecture.X86_64,
                    "/aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_id", Value.IMAGE_ID, BOTTLEROCKET_DOC),
            new Source(Family.BOTTLEROCKET_ECS_2, Architecture.ARM64,
                    "/aws/service/bottlerocket/aws-ecs-2/arm64/latest/image_id", Value.IMAGE_ID, BOTTLEROCKET_DOC),
            // Windows ECS-optimized AMIs are x86_64 only.
            new Source(Family.WINDOWS_2022_FULL, Architecture.X86_64,
                    "/aws/service/ami-windows-latest/Windows_Server-2022-English-Full-ECS_Optimized",
                    Value.JSON_DOCUMENT, WINDOWS_DOC),
            new Source(Family.WINDOWS_2022_CORE, Architecture.X86_64,
                    "/aws/service/ami-windows-latest/Windows_Server-2022-English-Core-ECS_Optimized",
                    Value.JSON_DOCUMENT, WINDOWS_DOC),
            new Source(Family.WINDOWS_2019_FULL, Architecture.X86_64,
                    "/aws/service/ami-windows-latest/Windows_Server-2019-English-Full-ECS_Optimized",
                    Value.JSON_DOCUMENT, WINDOWS_DOC),
            new Source(Family.WINDOWS_2019_CORE, Architecture.X86_64,
                    "/aws/service/ami-windows-latest/Windows_Server-2019-English-Core-ECS_Optimized",
                    Value.JSON_DOCUMENT, WINDOWS_DOC));

    /** The parameter that names the current AMI of a platform; empty for a platform not catalogued. */
    static Optional<Source> parameterFor(Family family, Architecture architecture) {
        return CATALOGUE.stream().filter(s -> s.family() == family && s.architecture() == architecture).findFirst();
    }

    /** As above from DescribeImages' strings: the image's name and architecture; unknown → empty. */
    static Optional<Source> parameterFor(String imageName, String architecture) {
        Optional<Architecture> arch = Architecture.parse(architecture);
        return familyOf(imageName).flatMap(f -> arch.flatMap(a -> parameterFor(f, a)));
    }

    /**
     * The AMI line an image belongs to, from its name; empty for any other image (a custom AMI, a GPU
     * or Neuron line, an unnamed image): no recommendation applies to it.
     */
    static Optional<Family> familyOf(String imageName) {
        if (imageName == null) {
            return Optional.empty();
        }
        return Arrays.stream(Family.values()).filter(f -> imageName.startsWith(f.namePrefix)).findFirst();
    }

    /**
     * A parameter's value as a {@link RecommendedImage}: the JSON document as {@link RecommendedReader}
     * reads it, or the bare AMI id (agent and Docker versions null). A value that is neither fails
     * naming the parameter.
     */
    static RecommendedImage parseValue(Source source, String value) {
        Objects.requireNonNull(source, "source");
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(source.parameter() + ": the value is empty");
        }
        return switch (source.value()) {
            case JSON_DOCUMENT -> {
                try {
                    yield RecommendedReader.parse(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(source.parameter() + ": " + e.getMessage(), e);
                }
            }
            case IMAGE_ID -> {
                String id = value.trim();
                if (!AMI_ID.matcher(id).matches()) {
                    throw new IllegalArgumentException(source.parameter() + " is '"
                            + InventoryBuilder.truncate(id, 40) + "': an AMI id (ami-…) was expected");
                }
                yield new RecommendedImage(null, null, id, null);
            }
        };
    }
}
