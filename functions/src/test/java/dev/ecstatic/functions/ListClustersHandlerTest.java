package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.amazonaws.services.lambda.runtime.tests.annotations.Event;
import com.amazonaws.services.lambda.runtime.tests.annotations.Events;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.ExcludedCluster;
import dev.ecstatic.functions.model.ListClustersRequest;
import dev.ecstatic.functions.model.ListClustersResponse;
import dev.ecstatic.functions.model.RecommendedImage;
import dev.ecstatic.functions.model.Settings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.mockito.ArgumentCaptor;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ClusterField;
import software.amazon.awssdk.services.ecs.model.DescribeClustersRequest;
import software.amazon.awssdk.services.ecs.model.DescribeClustersResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.ListClustersResponse.Builder;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersRequest;
import software.amazon.awssdk.services.ssm.model.GetParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;

class ListClustersHandlerTest {
    private static final String ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/";
    private static final String AL2023 = "/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended";
    private static final String AL2 = "/aws/service/ecs/optimized-ami/amazon-linux-2/recommended";
    private static final Settings DEFAULTS = new Settings(false, 1, 45, 30, 60);

    private final EcsClient ecs = mock(EcsClient.class);
    private final SsmClient ssm = mock(SsmClient.class);
    private final CapturingContext context = new CapturingContext();
    /** The account's clusters by name: status and tags. */
    private final Map<String, software.amazon.awssdk.services.ecs.model.Cluster> account = new LinkedHashMap<>();
    private List<String> exclude = List.of();

    @BeforeEach
    void awsAnswersFromTheAccount() {
        when(ecs.listClusters(any(software.amazon.awssdk.services.ecs.model.ListClustersRequest.class))).thenAnswer(call -> {
            software.amazon.awssdk.services.ecs.model.ListClustersRequest r = call.getArgument(0);
            List<String> arns = account.keySet().stream().map(n -> ARN + n).toList();
            int from = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
            int to = Math.min(from + r.maxResults(), arns.size());
            Builder page = software.amazon.awssdk.services.ecs.model.ListClustersResponse.builder()
                    .clusterArns(arns.subList(from, to));
            return page.nextToken(to < arns.size() ? String.valueOf(to) : null).build();
        });
        when(ecs.describeClusters(any(DescribeClustersRequest.class))).thenAnswer(call -> {
            DescribeClustersRequest r = call.getArgument(0);
            List<software.amazon.awssdk.services.ecs.model.Cluster> found = new ArrayList<>();
            List<Failure> failures = new ArrayList<>();
            for (String id : r.clusters()) {
                String name = id.startsWith("arn:") ? id.substring(id.lastIndexOf('/') + 1) : id;
                if (account.containsKey(name)) {
                    found.add(account.get(name));
                } else {
                    failures.add(Failure.builder().arn(ARN + name).reason("MISSING").build());
                }
            }
            return DescribeClustersResponse.builder().clusters(found).failures(failures).build();
        });
        when(ssm.getParameters(any(GetParametersRequest.class))).thenReturn(GetParametersResponse.builder()
                .parameters(Parameter.builder().name(AL2023).value("""
                        {"ecs_agent_version":"1.88.0","ecs_runtime_version":"Docker version 25.0.8",
                         "image_id":"ami-0al2023new","image_name":"al2023-ami-ecs-hvm-2023.0.20241115-kernel-6.1-x86_64",
                         "os":"Amazon Linux 2023","schema_version":1}""").build(), catalogued(AL2023_ARM, "ami-0arm"),
                        catalogued(AL2_ARM, "ami-0al2arm"), Parameter.builder().name(BOTTLEROCKET_X86).value("ami-0br").build(),
                        Parameter.builder().name(BOTTLEROCKET_ARM).value("ami-0brarm").build(),
                        catalogued(WINDOWS + "2022-English-Full-ECS_Optimized", "ami-0w22f"),
                        catalogued(WINDOWS + "2022-English-Core-ECS_Optimized", "ami-0w22c"),
                        catalogued(WINDOWS + "2019-English-Full-ECS_Optimized", "ami-0w19f"),
                        catalogued(WINDOWS + "2019-English-Core-ECS_Optimized", "ami-0w19c"))
                .invalidParameters(AL2).build());
    }

    static final String AL2023_ARM = "/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended";
    static final String AL2_ARM = "/aws/service/ecs/optimized-ami/amazon-linux-2/arm64/recommended";
    static final String BOTTLEROCKET_X86 = "/aws/service/bottlerocket/aws-ecs-2/x86_64/latest/image_id";
    static final String BOTTLEROCKET_ARM = "/aws/service/bottlerocket/aws-ecs-2/arm64/latest/image_id";
    static final String WINDOWS = "/aws/service/ami-windows-latest/Windows_Server-";

    private static Parameter catalogued(String name, String ami) {
        return Parameter.builder().name(name).value("{\"ecs_agent_version\":\"1.89.0\",\"ecs_runtime_version\":"
                + "\"Docker version 25.0.8\",\"image_id\":\"" + ami + "\"}").build();
    }

    @Test
    void theWindowAndSilenceTagsRideWithTheCluster() {
        cluster("weekend", "ACTIVE", Map.of("ecstatic:window", "Sat 02:00-06:00 UTC",
                "ecstatic:silence-until", "2026-12-24T00:00:00.000Z"));
        cluster("plain");

        ListClustersResponse r = run(Map.of());

        assertThat(r.clusters()).containsExactlyInAnyOrder(
                new Cluster("weekend", ARN + "weekend", "Sat 02:00-06:00 UTC", "2026-12-24T00:00:00Z"),
                new Cluster("plain", ARN + "plain", null, null));
        assertThat(r.warnings()).noneMatch(w -> w.contains("cluster "));
    }

    @Test
    void aWindowTagThatIsNoWindowIsKeptAsWritten_soNoUpdateStarts_andWarnedAbout() {
        cluster("typo", "ACTIVE", Map.of("ecstatic:window", "Sat 2-6"));

        ListClustersResponse r = run(Map.of());

        assertThat(r.clusters()).containsExactly(new Cluster("typo", ARN + "typo", "Sat 2-6", null));
        assertThat(r.warnings()).filteredOn(w -> w.startsWith("cluster ")).singleElement().asString().contains("cluster typo", "ecstatic:window",
                "'Sat 2-6' is not an update window", "no update starts there until it is fixed");
    }

    @Test
    void aSilenceTagThatIsNoInstantIsIgnored_andWarnedAbout() {
        cluster("quiet", "ACTIVE", Map.of("ecstatic:silence-until", "next tuesday"));

        ListClustersResponse r = run(Map.of());

        assertThat(r.clusters()).containsExactly(new Cluster("quiet", ARN + "quiet", null, null));
        assertThat(r.warnings()).filteredOn(w -> w.startsWith("cluster ")).singleElement().asString().contains("cluster quiet",
                "ecstatic:silence-until=next tuesday is not an ISO-8601 instant", "alerts are not silenced");
    }

    private void cluster(String name) {
        cluster(name, "ACTIVE", Map.of());
    }

    private void cluster(String name, String status, Map<String, String> tags) {
        account.put(name, software.amazon.awssdk.services.ecs.model.Cluster.builder().clusterName(name)
                .clusterArn(ARN + name).status(status)
                .tags(tags.entrySet().stream().map(e -> software.amazon.awssdk.services.ecs.model.Tag.builder()
                        .key(e.getKey()).value(e.getValue()).build()).toList())
                .build());
    }

    private ListClustersResponse run(Object input) {
        ListClustersHandler handler = new ListClustersHandler(new ListClustersConfig(DEFAULTS, exclude, Log.Level.INFO), ecs, ssm);
        return handler.handleRequest(new ListClustersRequest(input), context);
    }

    private List<String> names(ListClustersResponse r) {
        return r.clusters().stream().map(Cluster::name).toList();
    }

    static Stream<Arguments> invalidInputs() {
        Map<String, Object> unknown = Map.of("dryrun", true);
        return Stream.of(
                Arguments.of(null, "execution input must be a JSON object"),
                Arguments.of(List.of("prod-web"), "execution input must be a JSON object"),
                Arguments.of("prod-web", "execution input must be a JSON object"),
                Arguments.of(7, "execution input must be a JSON object"),
                Arguments.of(unknown, "unknown field 'dryrun'"),
                Arguments.of(Map.of("clusters", "prod-web"), "clusters must be a non-empty array"),
                Arguments.of(Map.of("clusters", List.of()), "clusters must be a non-empty array"),
                Arguments.of(Map.of("clusters", List.of("prod-web", 3)), "clusters must hold non-empty, distinct strings"
                        + " (cluster names or ARNs): clusters[1] is a number (3)"),
                Arguments.of(Map.of("clusters", List.of(" ")), "clusters[0] is blank"),
                Arguments.of(Map.of("clusters", List.of("a", "a")), "clusters[1] 'a' is listed twice"),
                Arguments.of(Map.of("dryRun", "true"), "dryRun must be true or false"),
                Arguments.of(Map.of("maxUpdatesPerCluster", 0), "maxUpdatesPerCluster must be from 1 to 100"),
                Arguments.of(Map.of("maxUpdatesPerCluster", 101), "maxUpdatesPerCluster must be from 1 to 100"),
                Arguments.of(Map.of("maxUpdatesPerCluster", 2.5), "maxUpdatesPerCluster must be a whole number"),
                Arguments.of(Map.of("maxUpdatesPerCluster", "2"), "maxUpdatesPerCluster must be a whole number"),
                Arguments.of(Map.of("replaceInstances", "always"),
                        "replaceInstances must be \"never\", \"unupdatable\" or \"drifted\", got 'always'"),
                Arguments.of(Map.of("replaceInstances", "Never"), "replaceInstances must be \"never\", \"unupdatable\""
                        + " or \"drifted\", got 'Never'"),
                Arguments.of(Map.of("replaceInstances", true), "replaceInstances must be \"never\", \"unupdatable\""
                        + " or \"drifted\", got a boolean"),
                Arguments.of(Map.of("replaceInstances", List.of("never")), "replaceInstances must be \"never\","
                        + " \"unupdatable\" or \"drifted\", got an array"),
                Arguments.of(nullReplace(), "replaceInstances must be \"never\", \"unupdatable\" or \"drifted\","
                        + " got null"),
                Arguments.of(Map.of("replaceInstances", "x".repeat(5_000)), "got '" + "x".repeat(37) + "...'"),
                Arguments.of(Map.of("replaceinstances", "never"), "unknown field 'replaceinstances' in the execution input:"
                        + " the known fields are clusters, dryRun, maxUpdatesPerCluster, replaceInstances"));
    }

    private static Map<String, Object> nullReplace() {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("replaceInstances", null);
        return input;
    }

    private ListClustersResponse runDeployed(String deployedMode, Object input) {
        Settings deployed = new Settings(false, 1, 45, 30, 60, deployedMode, 40, 25);
        return new ListClustersHandler(new ListClustersConfig(deployed, exclude, Log.Level.INFO), ecs, ssm)
                .handleRequest(new ListClustersRequest(input), context);
    }

    @ParameterizedTest
    @CsvSource({
        "drifted,     drifted,     drifted",
        "drifted,     unupdatable, unupdatable",
        "drifted,     never,       never",
        "unupdatable, unupdatable, unupdatable",
        "unupdatable, never,       never",
        "never,       never,       never"})
    void replaceInstancesInTheInput_mayLowerTheDeployedMode(String deployed, String given, String resolved) {
        cluster("a");

        ListClustersResponse r = runDeployed(deployed, Map.of("replaceInstances", given));

        assertThat(r.settings()).isEqualTo(new Settings(false, 1, 45, 30, 60, resolved, 40, 25));
    }

    @ParameterizedTest
    @CsvSource({"never, unupdatable", "never, drifted", "unupdatable, drifted"})
    void replaceInstancesInTheInput_mayNotRaiseTheDeployedMode_andNothingIsCalled(String deployed, String given) {
        cluster("a");

        assertThatThrownBy(() -> runDeployed(deployed, Map.of("replaceInstances", given)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("replaceInstances '" + given + "' is more than the deployed ReplaceInstances '" + deployed
                        + "': the execution input may only lower it (never < unupdatable < drifted)");
        verify(ecs, never()).listClusters(any(software.amazon.awssdk.services.ecs.model.ListClustersRequest.class));
        verify(ssm, never()).getParameters(any(GetParametersRequest.class));
    }

    @ParameterizedTest
    @ValueSource(strings = {"never", "unupdatable", "drifted"})
    void withoutReplaceInstancesInTheInput_theDeployedModeAndTimeoutsHold(String deployed) {
        cluster("a");

        ListClustersResponse r = runDeployed(deployed, Map.of("dryRun", true, "maxUpdatesPerCluster", 2));

        assertThat(r.settings()).isEqualTo(new Settings(true, 2, 45, 30, 60, deployed, 40, 25));
    }

    @ParameterizedTest
    @MethodSource("invalidInputs")
    void invalidInput_isRejectedNamingTheField(Object input, String message) {
        cluster("a");

        assertThatThrownBy(() -> run(input)).isInstanceOf(InvalidInputException.class).hasMessageContaining(message);
        verify(ecs, never()).listClusters(any(software.amazon.awssdk.services.ecs.model.ListClustersRequest.class));
    }

    @Test
    void tenThousandClusterNames_areRefusedBeforeAnyCall_inOneShortSentence() {
        List<String> names = IntStream.range(0, 10_000).mapToObj(i -> "cluster-" + i).toList();

        assertThatThrownBy(() -> run(Map.of("clusters", names))).isInstanceOf(InvalidInputException.class)
                .hasMessage("clusters holds at most 1,000 names, got 10,000: name fewer, or leave clusters out to visit"
                        + " every cluster");
        verify(ecs, never()).describeClusters(any(DescribeClustersRequest.class));
    }

    @Test
    void tenThousandBadNames_nameTheFirstTenAndCountTheRest_withinOneKiB() {
        List<Object> names = new ArrayList<>(IntStream.range(0, 10_000).mapToObj(i -> (Object) i).toList());

        Throwable error = catchThrowable(() -> run(Map.of("clusters", names)));

        assertThat(error).isInstanceOf(InvalidInputException.class);
        assertThat(error.getMessage()).hasSizeLessThanOrEqualTo(1024)
                .startsWith("clusters must hold non-empty, distinct strings (cluster names or ARNs): clusters[0] is a"
                        + " number (0), clusters[1] is a number (1), ")
                .contains("clusters[9] is a number (9) … and 9,990 more")
                .doesNotContain("clusters[10]")
                .endsWith("; and clusters holds at most 1,000 names, got 10,000: name fewer, or leave clusters out to"
                        + " visit every cluster");
    }

    @Test
    void hugeBadNames_areCutSoTheCauseStaysWithinOneKiB() {
        String huge = "x".repeat(100_000);
        List<String> names = IntStream.range(0, 1_000).mapToObj(i -> huge).toList();

        Throwable error = catchThrowable(() -> run(Map.of("clusters", names)));

        assertThat(error).isInstanceOf(InvalidInputException.class);
        assertThat(error.getMessage()).hasSizeLessThanOrEqualTo(1024).contains("clusters[1] 'xxx", "… and 989 more");
    }

    @Test
    void aThousandUnknownClusters_nameTheFirstTen_withinOneKiB() {
        List<String> names = IntStream.range(0, 1_000).mapToObj(i -> "nowhere-" + i).toList();

        Throwable error = catchThrowable(() -> run(Map.of("clusters", names)));

        assertThat(error).isInstanceOf(InvalidInputException.class);
        assertThat(error.getMessage()).hasSizeLessThanOrEqualTo(1024)
                .startsWith("clusters: no such cluster: nowhere-0, nowhere-1, ")
                .endsWith("nowhere-9 … and 990 more");
        verify(ecs, times(10)).describeClusters(any(DescribeClustersRequest.class));
    }

    @Test
    void aThousandNamedClusters_areAccepted() {
        IntStream.range(0, 1_000).forEach(i -> cluster("c" + i));

        ListClustersResponse r = run(Map.of("clusters", IntStream.range(0, 1_000).mapToObj(i -> "c" + i).toList()));

        assertThat(r.clusters()).hasSize(1_000);
    }

    @Test
    void inputAsTheRuntimeReadsIt_isValidated() {
        ListClustersRequest request = Fixtures.fromJson("{\"input\": {\"maxUpdatesPerCluster\": 3, \"dryRun\": true}}",
                ListClustersRequest.class);
        cluster("a");

        ListClustersResponse r = new ListClustersHandler(new ListClustersConfig(DEFAULTS, exclude, Log.Level.INFO), ecs, ssm)
                .handleRequest(request, context);

        assertThat(r.settings()).isEqualTo(new Settings(true, 3, 45, 30, 60));
    }

    @Test
    void wholeNumberAsDouble_isAccepted() {
        cluster("a");

        assertThat(run(Map.of("maxUpdatesPerCluster", 2.0)).settings().maxUpdatesPerCluster()).isEqualTo(2);
    }

    @Test
    void emptyInput_visitsEveryClusterWithTheTemplateDefaults() {
        cluster("a");
        cluster("b");

        ListClustersResponse r = run(Map.of());

        assertThat(r.clusters()).containsExactly(new Cluster("a", ARN + "a"), new Cluster("b", ARN + "b"));
        assertThat(r.settings()).isEqualTo(DEFAULTS);
        assertThat(r.excluded()).isEmpty();
    }

    @Test
    void listing_followsNextTokenAndDescribesInBatchesOf100WithTags() {
        IntStream.range(0, 250).forEach(i -> cluster(String.format("c%03d", i)));

        ListClustersResponse r = run(Map.of());

        var lists = ArgumentCaptor.forClass(software.amazon.awssdk.services.ecs.model.ListClustersRequest.class);
        verify(ecs, times(3)).listClusters(lists.capture());
        assertThat(lists.getAllValues()).extracting(software.amazon.awssdk.services.ecs.model.ListClustersRequest::nextToken)
                .containsExactly(null, "100", "200");
        assertThat(lists.getAllValues()).allSatisfy(l -> assertThat(l.maxResults()).isEqualTo(100));
        var described = ArgumentCaptor.forClass(DescribeClustersRequest.class);
        verify(ecs, times(3)).describeClusters(described.capture());
        assertThat(described.getAllValues()).extracting(d -> d.clusters().size()).containsExactly(100, 100, 50);
        assertThat(described.getAllValues()).allSatisfy(d -> assertThat(d.include()).containsExactly(ClusterField.TAGS));
        assertThat(r.clusters()).hasSize(250);
    }

    @Test
    void ignoreTag_excludesTheCluster() {
        cluster("a");
        cluster("legacy", "ACTIVE", Map.of("ecstatic:ignore", "true"));
        cluster("kept", "ACTIVE", Map.of("ecstatic:ignore", "false"));

        ListClustersResponse r = run(Map.of());

        assertThat(names(r)).containsExactly("a", "kept");
        assertThat(r.excluded()).containsExactly(new ExcludedCluster("legacy", "tag ecstatic:ignore=true"));
        assertThat(r.excludedCount()).isEqualTo(1);
    }

    @Test
    void excludeClustersParameter_excludesByNameWithoutDescribingThem() {
        cluster("a");
        cluster("b");
        exclude = List.of("b");

        ListClustersResponse r = run(Map.of());

        assertThat(names(r)).containsExactly("a");
        assertThat(r.excluded()).containsExactly(new ExcludedCluster("b", "listed in ExcludeClusters"));
        var described = ArgumentCaptor.forClass(DescribeClustersRequest.class);
        verify(ecs).describeClusters(described.capture());
        assertThat(described.getValue().clusters()).containsExactly(ARN + "a");
    }

    @Test
    void nonActiveCluster_isExcludedWithItsStatus() {
        cluster("a");
        cluster("going", "DEPROVISIONING", Map.of());

        ListClustersResponse r = run(Map.of());

        assertThat(names(r)).containsExactly("a");
        assertThat(r.excluded()).containsExactly(new ExcludedCluster("going", "status DEPROVISIONING"));
    }

    @Test
    void manyExcludedClusters_listAtMost20AndCountThemAll() {
        IntStream.range(0, 30).forEach(i -> cluster("x" + i, "ACTIVE", Map.of("ecstatic:ignore", "yes")));

        ListClustersResponse r = run(Map.of());

        assertThat(r.clusters()).isEmpty();
        assertThat(r.excluded()).hasSize(20);
        assertThat(r.excludedCount()).isEqualTo(30);
    }

    @Test
    void clustersDeletedBetweenListAndDescribe_becomeAtMostTenWarnings() {
        IntStream.range(0, 15).forEach(i -> cluster("gone" + i));
        when(ecs.describeClusters(any(DescribeClustersRequest.class))).thenAnswer(call -> {
            DescribeClustersRequest r = call.getArgument(0);
            return DescribeClustersResponse.builder().failures(r.clusters().stream()
                    .map(arn -> Failure.builder().arn(arn).reason("MISSING").build()).toList()).build();
        });

        ListClustersResponse r = run(Map.of());

        assertThat(r.clusters()).isEmpty();
        assertThat(r.warnings()).hasSize(10);
        assertThat(r.warnings().getFirst()).isEqualTo("could not describe cluster gone0: MISSING");
        assertThat(r.warnings().getLast()).contains("and 7 more warnings");
    }

    @Test
    void namedClusters_areDescribedNotListed() {
        cluster("prod-web");
        cluster("batch");
        cluster("other");

        ListClustersResponse r = run(Map.of("clusters", List.of("prod-web", ARN + "batch")));

        verify(ecs, never()).listClusters(any(software.amazon.awssdk.services.ecs.model.ListClustersRequest.class));
        var described = ArgumentCaptor.forClass(DescribeClustersRequest.class);
        verify(ecs).describeClusters(described.capture());
        assertThat(described.getValue().clusters()).containsExactly("prod-web", ARN + "batch");
        assertThat(described.getValue().include()).containsExactly(ClusterField.TAGS);
        assertThat(names(r)).containsExactly("prod-web", "batch");
    }

    @Test
    void namedClusterWithTheIgnoreTagOrInTheExcludeList_isHonouredWithAWarning() {
        cluster("legacy", "ACTIVE", Map.of("ecstatic:ignore", "true"));
        exclude = List.of("legacy");

        ListClustersResponse r = run(Map.of("clusters", List.of("legacy")));

        assertThat(names(r)).containsExactly("legacy");
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("legacy", "ecstatic:ignore", "named"));
        assertThat(r.warnings()).anySatisfy(w -> assertThat(w).contains("legacy", "ExcludeClusters", "named"));
    }

    @Test
    void namedClusterThatDoesNotExist_isInvalidInputNamingIt() {
        cluster("prod-web");

        assertThatThrownBy(() -> run(Map.of("clusters", List.of("prod-web", "prod-wbe"))))
                .isInstanceOf(InvalidInputException.class).hasMessage("clusters: no such cluster: prod-wbe");
    }

    @Test
    void namedClusterThatWasDeleted_isInvalidInputSayingItsStatus() {
        cluster("prod-web");
        cluster("old-batch", "INACTIVE", Map.of());

        assertThatThrownBy(() -> run(Map.of("clusters", List.of("prod-web", "old-batch"))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("clusters: not ACTIVE, nothing to update: old-batch is INACTIVE");
    }

    @Test
    void namedClusterEcsRejects_isInvalidInput() {
        when(ecs.describeClusters(any(DescribeClustersRequest.class))).thenThrow(InvalidParameterException.builder()
                .message("bad").awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                        .errorMessage("Cluster identifier is not valid").build()).build());

        assertThatThrownBy(() -> run(Map.of("clusters", List.of("arn:nonsense"))))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("clusters:")
                .hasMessageContaining("Cluster identifier is not valid");
    }

    @Test
    void recommendedParameters_areReadOnceInOneCall() {
        cluster("a");

        ListClustersResponse r = run(Map.of());

        var sent = ArgumentCaptor.forClass(GetParametersRequest.class);
        verify(ssm, times(1)).getParameters(sent.capture());
        assertThat(sent.getValue().names()).as("the two agent-version families, then the rest of the catalogue")
                .containsExactly(AL2023, AL2, AL2023_ARM, AL2_ARM, BOTTLEROCKET_X86, BOTTLEROCKET_ARM,
                        WINDOWS + "2022-English-Full-ECS_Optimized", WINDOWS + "2022-English-Core-ECS_Optimized",
                        WINDOWS + "2019-English-Full-ECS_Optimized", WINDOWS + "2019-English-Core-ECS_Optimized");
        assertThat(r.recommended()).containsExactly(Map.entry("amazon-linux-2023", new RecommendedImage("1.88.0",
                "25.0.8", "ami-0al2023new", "al2023-ami-ecs-hvm-2023.0.20241115-kernel-6.1-x86_64")));
        assertThat(r.warnings()).containsExactly("could not read " + AL2 + ": no such parameter");
        assertThat(r.recommendedAmis()).hasSize(9).doesNotContainKey(AL2)
                .containsEntry(BOTTLEROCKET_X86, new RecommendedImage(null, null, "ami-0br", null))
                .containsEntry(AL2023, r.recommended().get("amazon-linux-2023"))
                .containsEntry(AL2_ARM, new RecommendedImage("1.89.0", "25.0.8", "ami-0al2arm", null));
    }

    @Test
    void catalogueParametersARegionDoesNotPublish_areOneWarning() {
        cluster("a");
        when(ssm.getParameters(any(GetParametersRequest.class))).thenReturn(GetParametersResponse.builder()
                .parameters(catalogued(AL2023, "ami-0new"), catalogued(AL2, "ami-0al2"),
                        Parameter.builder().name(BOTTLEROCKET_X86).value("not an ami").build())
                .invalidParameters(WINDOWS + "2019-English-Core-ECS_Optimized").build());

        ListClustersResponse r = run(Map.of());

        assertThat(r.recommendedAmis()).containsOnlyKeys(AL2023, AL2);
        assertThat(r.warnings()).containsExactly(
                "could not read " + BOTTLEROCKET_X86 + " is 'not an ami': an AMI id (ami-…) was expected",
                "no recommended AMI published for AMAZON_LINUX_2023/ARM64, AMAZON_LINUX_2/ARM64,"
                        + " BOTTLEROCKET_ECS_2/ARM64, WINDOWS_2022_FULL/X86_64, WINDOWS_2022_CORE/X86_64,"
                        + " WINDOWS_2019_FULL/X86_64, WINDOWS_2019_CORE/X86_64: their instances' AMIs are not"
                        + " compared with one");
    }

    @Test
    void ssmFailure_isOnlyAWarning() {
        cluster("a");
        when(ssm.getParameters(any(GetParametersRequest.class))).thenThrow(Fixtures.awsError("AccessDeniedException", 400));

        ListClustersResponse r = run(Map.of());

        assertThat(names(r)).containsExactly("a");
        assertThat(r.recommended()).isEmpty();
        assertThat(r.warnings()).singleElement().asString().contains("could not read the recommended AMI parameters");
    }

    @Test
    void unreadableParameterValue_isOnlyAWarning() {
        cluster("a");
        when(ssm.getParameters(any(GetParametersRequest.class))).thenReturn(GetParametersResponse.builder()
                .parameters(Parameter.builder().name(AL2023).value("not json").build(),
                        Parameter.builder().name(AL2).value("{\"ecs_agent_version\":\"1.87.0\"}").build()).build());

        ListClustersResponse r = run(Map.of());

        assertThat(r.recommended()).containsOnlyKeys("amazon-linux-2");
        assertThat(r.warnings()).first().asString().startsWith("could not read " + AL2023);
        assertThat(r.warnings()).last().asString().startsWith("no recommended AMI published for");
    }

    @Test
    void throttledListing_isTransient() {
        when(ecs.listClusters(any(software.amazon.awssdk.services.ecs.model.ListClustersRequest.class)))
                .thenThrow(Fixtures.awsError("ThrottlingException", 400));

        assertThatThrownBy(() -> run(Map.of())).isInstanceOf(TransientAwsException.class);
    }

    @Test
    void accessDenied_propagatesWithItsOwnMessage() {
        when(ecs.listClusters(any(software.amazon.awssdk.services.ecs.model.ListClustersRequest.class)))
                .thenThrow(Fixtures.awsError("AccessDeniedException", 400));

        assertThatThrownBy(() -> run(Map.of())).isNotInstanceOf(TransientAwsException.class)
                .hasMessageContaining("AccessDeniedException happened");
    }

    @Test
    void resolution_isLoggedAsOneJsonLine() {
        cluster("a");

        run(Map.of());

        assertThat(context.events("clusters resolved")).singleElement()
                .satisfies(line -> assertThat(line).containsEntry("clusters", 1L).containsEntry("level", "INFO"));
    }

    @Tag("events")
    @ParameterizedTest
    @Event(value = "../events/list-clusters.json", type = ListClustersRequest.class)
    void sampleEvent_resolvesTheNamedClusters(ListClustersRequest request) {
        cluster("prod-web");
        cluster("batch");

        ListClustersResponse r = new ListClustersHandler(new ListClustersConfig(DEFAULTS, exclude, Log.Level.INFO), ecs, ssm)
                .handleRequest(request, context);

        assertThat(names(r)).containsExactly("prod-web", "batch");
        assertThat(r.settings().maxUpdatesPerCluster()).isEqualTo(2);
    }

    @Tag("events")
    @ParameterizedTest
    @Events(type = Object.class, events = {
        @Event("../events/execution-all-clusters.json"),
        @Event("../events/execution-one-cluster.json"),
        @Event("../events/execution-dry-run.json")})
    void sampleExecutionInputs_areValid(Object input) {
        cluster("prod-web");

        ListClustersResponse r = run(input);

        assertThat(names(r)).containsExactly("prod-web");
    }

    @Tag("events")
    @ParameterizedTest
    @Events(type = Object.class, events = @Event("../events/execution-other-account.json"))
    void theSampleReplayInAnotherAccount_describesTheClusterThere_withThatTargetsClient(Object input) {
        cluster("prod-web");
        EcsClient home = org.mockito.Mockito.mock(EcsClient.class);
        var sts = org.mockito.Mockito.mock(software.amazon.awssdk.services.sts.StsClient.class);
        when(sts.assumeRole(any(software.amazon.awssdk.services.sts.model.AssumeRoleRequest.class))).thenReturn(
                software.amazon.awssdk.services.sts.model.AssumeRoleResponse.builder().credentials(c -> c
                        .accessKeyId("ASIA").secretAccessKey("s").sessionToken("t")
                        .expiration(java.time.Instant.now().plusSeconds(3600))).build());
        MemberAccess access = new MemberAccess("111122223333", "ecstatic-member", () -> sts);
        List<String> asked = new java.util.ArrayList<>();
        TargetClients<EcsClient> clients = new TargetClients<>(home, "us-east-1", access, (region, credentials) -> {
            asked.add("client in " + region.id() + (credentials == null ? "" : " as the member role"));
            return ecs;
        });
        ListClustersHandler handler = new ListClustersHandler(new ListClustersConfig(DEFAULTS, exclude, Log.Level.INFO,
                null, List.of("222233334444"), List.of("us-east-1", "eu-west-1")), clients, TargetClients.only(ssm), null,
                access, "us-east-1", null);

        ListClustersResponse r = handler.handleRequest(new ListClustersRequest(input), context);

        assertThat(names(r)).containsExactly("prod-web");
        assertThat(asked).containsExactly("client in eu-west-1 as the member role");
        org.mockito.Mockito.verify(sts).assumeRole(
                org.mockito.ArgumentMatchers.<software.amazon.awssdk.services.sts.model.AssumeRoleRequest>argThat(
                        a -> a.roleArn().equals("arn:aws:iam::222233334444:role/ecstatic-member")));
        org.mockito.Mockito.verifyNoInteractions(home);
        assertThat(r.recommendedByRegion()).containsOnlyKeys("eu-west-1");
    }

    /** A context with {@code remaining} of the invocation left. */
    private static CapturingContext leaving(java.time.Duration remaining) {
        return new CapturingContext((int) remaining.toMillis());
    }

    /** This account in one region, listed through {@link #ecs}, the deadlines read on {@code clock}. */
    private ListClustersHandler oneTarget(java.util.concurrent.atomic.AtomicLong clock) {
        MemberAccess access = new MemberAccess("111122223333", "ecstatic-member", () -> {
            throw new IllegalStateException("no STS: one account");
        });
        return new ListClustersHandler(new ListClustersConfig(DEFAULTS, exclude, Log.Level.INFO, null,
                List.of("111122223333"), List.of("us-east-1")), TargetClients.only(ecs), TargetClients.only(ssm), null,
                access, "us-east-1", null).withNanoTime(clock::get);
    }

    @Test
    void aListingStillGoingNearTheEnd_stopsBetweenPages_andItsTargetIsAStandIn_notALambdaTimeout() {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        // A listing that never ends, each page 100 s of the invocation's 900.
        when(ecs.listClusters(any(software.amazon.awssdk.services.ecs.model.ListClustersRequest.class))).thenAnswer(a -> {
            clock.addAndGet(java.time.Duration.ofSeconds(100).toNanos());
            return software.amazon.awssdk.services.ecs.model.ListClustersResponse.builder()
                    .clusterArns(ARN + "c" + clock.get()).nextToken("more").build();
        });

        ListClustersResponse r = oneTarget(clock).handleRequest(new ListClustersRequest(Map.of()),
                leaving(java.time.Duration.ofSeconds(900)));

        assertThat(r.clusters()).singleElement().satisfies(c -> {
            assertThat(c.name()).isEqualTo(Cluster.TARGET);
            assertThat(c.unreachable()).startsWith("not fully listed: List clusters ran out of time while listing");
        });
        // Stopped before the page that would pass 900 s less what the run's recommended versions and its
        // clusters' object still need.
        long limit = java.time.Duration.ofSeconds(900).minus(ListClustersHandler.finishReserve(1)).toSeconds() / 100 + 1;
        org.mockito.Mockito.verify(ecs, org.mockito.Mockito.times((int) limit))
                .listClusters(any(software.amazon.awssdk.services.ecs.model.ListClustersRequest.class));
        org.mockito.Mockito.verify(ecs, org.mockito.Mockito.never()).describeClusters(any(DescribeClustersRequest.class));
    }

    @Test
    void aTargetWhoseTurnComesTooLate_isAStandIn_withoutAnyCall() {
        java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong();
        java.time.Duration remaining = ListClustersHandler.finishReserve(1).plus(ListClustersHandler.START_BUDGET)
                .minusSeconds(1);

        ListClustersResponse r = oneTarget(clock).handleRequest(new ListClustersRequest(Map.of()), leaving(remaining));

        assertThat(r.clusters()).singleElement().satisfies(c -> assertThat(c.unreachable())
                .startsWith("not listed: List clusters ran out of time before this target's turn"));
        org.mockito.Mockito.verifyNoInteractions(ecs);
    }

    // The run's clusters in the runs bucket (runs/<executionName>/clusters.jsonl).

    private static final String BUCKET = "ecstatic-runsbucket-1a2b3c";
    private final FakeS3 s3 = new FakeS3();

    private ListClustersResponse runNamed(Object input, String bucket) {
        return new ListClustersHandler(new ListClustersConfig(DEFAULTS, exclude, Log.Level.INFO, bucket), ecs, ssm,
                s3.client).handleRequest(new ListClustersRequest(input, new dev.ecstatic.functions.model.Run("run-42")),
                context);
    }

    @Test
    void aRunNamedInTheRequest_putsItsClustersInTheBucket_oneLinePerCluster_andAnswersOnlyWhereTheyAre() {
        cluster("weekend", "ACTIVE", Map.of("ecstatic:window", "Sat 02:00-06:00 UTC",
                "ecstatic:silence-until", "2026-12-24T00:00:00Z"));
        cluster("plain");
        cluster("legacy", "ACTIVE", Map.of("ecstatic:ignore", "true"));

        ListClustersResponse r = runNamed(Map.of(), BUCKET);

        assertThat(r.clusters()).isEmpty();
        assertThat(r.items()).isEqualTo(new dev.ecstatic.functions.model.RunItems(BUCKET, "runs/run-42/clusters.jsonl", 2));
        assertThat(r.excludedCount()).isEqualTo(1);
        assertThat(s3.puts).hasSize(1);
        var put = s3.puts.getFirst();
        assertThat(put.request().bucket()).isEqualTo(BUCKET);
        assertThat(put.request().key()).isEqualTo("runs/run-42/clusters.jsonl");
        assertThat(put.request().contentType()).isEqualTo("application/x-ndjson");
        assertThat(put.body()).isEqualTo("""
                {"name":"weekend","arn":"%sweekend","window":"Sat 02:00-06:00 UTC","silenceUntil":"2026-12-24T00:00:00Z"}
                {"name":"plain","arn":"%splain"}
                """.formatted(ARN, ARN));
    }

    @Test
    void eachLine_readsBackAsTheClusterTheResponseHeldInline() {
        cluster("weekend", "ACTIVE", Map.of("ecstatic:window", "Sat 02:00-06:00 UTC"));
        cluster("plain");
        List<Cluster> inline = run(Map.of()).clusters();

        runNamed(Map.of(), BUCKET);

        List<Cluster> lines = s3.puts.getFirst().body().lines().map(l -> Fixtures.fromJson(l, Cluster.class)).toList();
        assertThat(lines).isEqualTo(inline);
    }

    @Test
    void noCluster_isAnEmptyObject_andACountOfZero() {
        ListClustersResponse r = runNamed(Map.of(), BUCKET);

        assertThat(r.items().count()).isZero();
        assertThat(s3.puts.getFirst().body()).isEmpty();
    }

    @Test
    void aRequestWithoutItsRun_answersTheClustersInline_andWritesNothing() {
        cluster("plain");

        ListClustersResponse r = new ListClustersHandler(new ListClustersConfig(DEFAULTS, exclude, Log.Level.INFO, BUCKET),
                ecs, ssm, s3.client).handleRequest(new ListClustersRequest(Map.of()), context);

        assertThat(names(r)).containsExactly("plain");
        assertThat(r.items()).isNull();
        verify(s3.client, never()).putObject(any(software.amazon.awssdk.services.s3.model.PutObjectRequest.class),
                any(software.amazon.awssdk.core.sync.RequestBody.class));
    }

    @Test
    void aRunWithoutABucketConfigured_failsNamingTheVariable_beforeAnyEcsCall() {
        cluster("plain");

        assertThatThrownBy(() -> runNamed(Map.of(), null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ECSTATIC_RUNS_BUCKET is not set");
        verify(ecs, never()).listClusters(any(software.amazon.awssdk.services.ecs.model.ListClustersRequest.class));
    }

    @ParameterizedTest
    @CsvSource({
        "503, SlowDown,      Please reduce your request rate.",
        "500, InternalError, We encountered an internal error. Please try again."
    })
    void throttlingOrAServerError_writingTheClusters_isTransient(int status, String code, String message) {
        cluster("plain");
        s3.errors.put(BUCKET + "/runs/run-42/clusters.jsonl", FakeS3.error(status, code, message));

        assertThatThrownBy(() -> runNamed(Map.of(), BUCKET)).isInstanceOf(TransientAwsException.class)
                .hasMessageContaining("writing the run's clusters to s3://" + BUCKET + "/runs/run-42/clusters.jsonl");
    }

    @ParameterizedTest
    @CsvSource({
        "403, AccessDenied, Access Denied",
        "404, NoSuchBucket, The specified bucket does not exist"
    })
    void aPermanentS3Error_writingTheClusters_failsTheRunWithS3sOwnError(int status, String code, String message) {
        cluster("plain");
        s3.errors.put(BUCKET + "/runs/run-42/clusters.jsonl", FakeS3.error(status, code, message));

        Throwable thrown = catchThrowable(() -> runNamed(Map.of(), BUCKET));

        assertThat(thrown).isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class)
                .isNotInstanceOf(TransientAwsException.class);
        assertThat(((software.amazon.awssdk.services.s3.model.S3Exception) thrown).awsErrorDetails().errorCode())
                .isEqualTo(code);
    }
}
