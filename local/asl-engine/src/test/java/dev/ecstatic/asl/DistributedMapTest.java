package dev.ecstatic.asl;

import static dev.ecstatic.asl.EngineTest.T0;
import static dev.ecstatic.asl.EngineTest.sm;
import static dev.ecstatic.asl.EngineTest.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.asl.definition.ItemBatcher;
import dev.ecstatic.asl.support.InMemoryObjectStore;
import dev.ecstatic.asl.support.Recorded;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A Distributed Map's ItemReader, ItemBatcher, ResultWriter and Map Run, against an in-memory S3.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itemreader.html">ItemReader</a>
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-itembatcher.html">ItemBatcher</a>
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultwriter.html">ResultWriter</a>
 */
@SuppressWarnings("unchecked")
class DistributedMapTest {

    /** A distributed Map over {@code source} (ItemReader, ItemBatcher, ResultWriter... fields) whose children pass or fail. */
    static String map(String fields, String processor) {
        return """
                {"StartAt":"Each","States":{"Each":{"Type":"Map",%s
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"},
                    "StartAt":"Work","States":%s},"End":true}}}""".formatted(fields, processor);
    }

    static final String PASS = "{\"Work\":{\"Type\":\"Pass\",\"End\":true}}";
    /** Fails the child whose input is (or holds) "bad". */
    static final String FAIL_ON_BAD = """
            {"Work":{"Type":"Choice","Choices":[{"Variable":"$.v","StringEquals":"bad","Next":"Bad"}],"Default":"Good"},
             "Bad":{"Type":"Fail","Error":"Item.Bad","Cause":"a bad item"},"Good":{"Type":"Pass","End":true}}""";

    static Execution run(InMemoryObjectStore store, String definition, String input) {
        return Engine.builder().objectStore(store).clock(new SimulatedClock(T0)).stateMachineName("Reader").build()
                .run(sm(definition), "reading", input);
    }

    @Test
    void jsonLines_makeOneItemPerLine_upToMaxItems() {
        InMemoryObjectStore store = new InMemoryObjectStore().object("b", "items.jsonl", "{\"n\":1}\n{\"n\":2}\n\n{\"n\":3}\n");
        Execution execution = run(store, map("""
                "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSONL","MaxItems":2},
                  "Parameters":{"Bucket":"b","Key":"items.jsonl"}},""", PASS), "{}");
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("[{\"n\":1},{\"n\":2}]"));
        assertThat(execution.children()).hasSize(2);
    }

    @Test
    void csv_withDeclaredHeaders_quotedFields_andAnotherDelimiter() {
        InMemoryObjectStore store = new InMemoryObjectStore().object("b", "rows.csv", "1|\"a|b\"\r\n2|\"say \"\"hi\"\"\"\n3");
        Execution execution = run(store, map("""
                "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"CSV",
                  "CSVHeaderLocation":"GIVEN","CSVHeaders":["id","text"],"CSVDelimiter":"PIPE"},
                  "Parameters":{"Bucket":"b","Key":"rows.csv"}},""", PASS), "{}");
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse(
                "[{\"id\":\"1\",\"text\":\"a|b\"},{\"id\":\"2\",\"text\":\"say \\\"hi\\\"\"},{\"id\":\"3\",\"text\":\"\"}]"));
    }

    @Test
    void listObjectsV2_readsEveryPage_underThePrefix() {
        InMemoryObjectStore store = new InMemoryObjectStore(2, Instant.parse("2025-01-02T03:04:05Z"));
        for (String key : List.of("in/a", "in/b", "in/c", "in/d", "in/e", "out/x")) {
            store.object("b", key, key);
        }
        Execution execution = run(store, map("""
                "ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b","Prefix":"in/"}},""",
                PASS), "{}");
        List<Object> items = (List<Object>) Json.parse(execution.output());
        assertThat(items).extracting(item -> ((Map<String, Object>) item).get("Key"))
                .containsExactly("in/a", "in/b", "in/c", "in/d", "in/e");
        assertThat((Map<String, Object>) items.get(0)).containsEntry("Size", 4).containsEntry("StorageClass", "STANDARD")
                .containsEntry("LastModified", 1735787045).containsKey("Etag");
    }

    @Test
    void aMissingObjectOrBucket_failsTheMapRunWithItemReaderFailed_whichCatchCatches() {
        InMemoryObjectStore store = new InMemoryObjectStore().bucket("b");
        String reader = """
                "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"JSON"},
                  "Parameters":{"Bucket.$":"$.bucket","Key":"missing.json"}},""";
        Execution noKey = run(store, map(reader, PASS), "{\"bucket\":\"b\"}");
        assertThat(noKey.error()).isEqualTo("States.ItemReaderFailed");
        assertThat(noKey.cause()).contains("NoSuchKey");
        assertThat(types(noKey)).containsExactly("ExecutionStarted", "MapStateEntered", "MapStateStarted", "MapRunStarted",
                "MapRunFailed", "MapStateFailed", "ExecutionFailed");
        assertThat(run(store, map(reader, PASS), "{\"bucket\":\"none\"}").cause()).contains("NoSuchBucket");
        Execution caught = run(store, """
                {"StartAt":"Each","States":{"Each":{"Type":"Map",%s
                  "Catch":[{"ErrorEquals":["States.ItemReaderFailed"],"Next":"Caught"}],
                  "ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"Work","States":%s},"End":true},
                  "Caught":{"Type":"Succeed"}}}""".formatted(reader, PASS), "{\"bucket\":\"b\"}");
        assertThat(caught.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void itemBatcher_groupsItemsByCountAndBytes_withBatchInput() {
        Execution byCount = run(new InMemoryObjectStore(), map("""
                "ItemsPath":"$.items","ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"run.$":"$.run"}},""", PASS),
                "{\"items\":[1,2,3,4,5],\"run\":\"r\"}");
        assertThat(Json.parse(byCount.output())).isEqualTo(Json.parse("""
                [{"BatchInput":{"run":"r"},"Items":[1,2]},{"BatchInput":{"run":"r"},"Items":[3,4]},
                 {"BatchInput":{"run":"r"},"Items":[5]}]"""));
        // {"Items":[]} is 12 bytes, each "xxxx" 6 and the comma between two 1: 2 items fit in 25 bytes, not 3.
        Execution byBytes = run(new InMemoryObjectStore(), map("""
                "ItemBatcher":{"MaxInputBytesPerBatch":25},""", PASS), "[\"aaaa\",\"bbbb\",\"cccc\"]");
        assertThat(Json.parse(byBytes.output())).isEqualTo(Json.parse(
                "[{\"Items\":[\"aaaa\",\"bbbb\"]},{\"Items\":[\"cccc\"]}]"));
        assertThat(byBytes.mapRuns()).singleElement().satisfies(mapRun -> {
            assertThat(mapRun.executionCounts().total()).isEqualTo(2);
            assertThat(mapRun.itemCounts().total()).isEqualTo(3);
            assertThat(mapRun.itemCounts().succeeded()).isEqualTo(3);
        });
    }

    @Test
    void resultWriter_writesTheManifestAndOneFilePerStatus_asDocumented() {
        InMemoryObjectStore store = new InMemoryObjectStore().bucket("results");
        Execution execution = run(store, map("""
                "ItemSelector":{"v.$":"$$.Map.Item.Value"},"ToleratedFailureCount":1,"Label":"Each",
                "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"results","Prefix":"runs"}},""",
                FAIL_ON_BAD), "[\"a\",\"bad\",\"c\"]");
        assertThat(execution.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        MapRun mapRun = execution.mapRuns().get(0);
        String id = mapRun.arn().substring(mapRun.arn().lastIndexOf(':') + 1);
        assertThat(mapRun.arn()).startsWith("arn:aws:states:us-east-1:123456789012:mapRun:Reader/Each:");
        assertThat(Json.parse(execution.output())).isEqualTo(Json.parse("{\"MapRunArn\":\"" + mapRun.arn()
                + "\",\"ResultWriterDetails\":{\"Bucket\":\"results\",\"Key\":\"runs/" + id + "/manifest.json\"}}"));
        assertThat(store.keys("results")).containsExactly("runs/" + id + "/FAILED_0.json", "runs/" + id + "/SUCCEEDED_0.json",
                "runs/" + id + "/manifest.json");
        Map<String, Object> manifest = (Map<String, Object>) Json.parse(store.text("results", "runs/" + id + "/manifest.json"));
        assertThat(manifest.get("DestinationBucket")).isEqualTo("results");
        assertThat(manifest.get("MapRunArn")).isEqualTo(mapRun.arn());
        Map<String, Object> files = (Map<String, Object>) manifest.get("ResultFiles");
        assertThat((List<Object>) files.get("PENDING")).isEmpty();
        assertThat(((Map<String, Object>) ((List<Object>) files.get("SUCCEEDED")).get(0)).get("Size"))
                .isEqualTo(store.text("results", "runs/" + id + "/SUCCEEDED_0.json").length());
        List<Object> succeeded = (List<Object>) Json.parse(store.text("results", "runs/" + id + "/SUCCEEDED_0.json"));
        assertThat(succeeded).hasSize(2);
        assertThat((Map<String, Object>) succeeded.get(0)).containsKeys("ExecutionArn", "Input", "InputDetails", "Name", "Output",
                "OutputDetails", "RedriveCount", "RedriveStatus", "RedriveStatusReason", "StartDate", "StateMachineArn",
                "Status", "StopDate").containsEntry("Status", "SUCCEEDED").containsEntry("Output", "{\"v\":\"a\"}")
                .containsEntry("StateMachineArn", "arn:aws:states:us-east-1:123456789012:stateMachine:Reader/Each");
        Map<String, Object> failed = (Map<String, Object>) ((List<Object>) Json.parse(store.text("results", "runs/" + id + "/FAILED_0.json"))).get(0);
        assertThat(failed).containsEntry("Status", "FAILED").containsEntry("Error", "Item.Bad")
                .containsEntry("Cause", "a bad item").containsEntry("Input", "{\"v\":\"bad\"}").doesNotContainKey("Output");
        assertThat(mapRun.executionCounts()).isEqualTo(new MapRun.Counts(0, 0, 2, 1, 0, 0, 3, 3));
        assertThat(mapRun.toleratedFailureCount()).isEqualTo(1);
    }

    @Test
    void transformationsAndJsonLines_shapeWhatIsWritten() {
        InMemoryObjectStore store = new InMemoryObjectStore().bucket("results");
        Execution execution = run(store, map("""
                "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"results"},
                  "WriterConfig":{"Transformation":"FLATTEN","OutputType":"JSONL"}},""", PASS), "[[1,2],[3],4]");
        String key = (String) ((Map<String, Object>) ((Map<String, Object>) Json.parse(execution.output())).get("ResultWriterDetails")).get("Key");
        assertThat(key).matches("[0-9a-f-]{36}/manifest.json");
        assertThat(store.text("results", key.replace("manifest.json", "SUCCEEDED_0.json"))).isEqualTo("1\n2\n3\n4\n");
        Execution compact = run(new InMemoryObjectStore(), map("""
                "ResultWriter":{"WriterConfig":{"Transformation":"FLATTEN","OutputType":"JSON"}},""", PASS), "[[1,2],[3]]");
        assertThat(compact.output()).isEqualTo("[1,2,3]");
    }

    @Test
    void aMapRunPastItsTolerance_writesWhatNeverStartedAsPending() {
        InMemoryObjectStore store = new InMemoryObjectStore().bucket("results");
        Execution execution = run(store, map("""
                "MaxConcurrency":1,"ItemSelector":{"v.$":"$$.Map.Item.Value"},
                "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"results","Prefix":"p/"}},""",
                FAIL_ON_BAD), "[\"bad\",\"b\",\"c\"]");
        assertThat(execution.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
        MapRun mapRun = execution.mapRuns().get(0);
        String id = mapRun.arn().substring(mapRun.arn().lastIndexOf(':') + 1);
        List<Object> pending = (List<Object>) Json.parse(store.text("results", "p/" + id + "/PENDING_0.json"));
        assertThat(pending).hasSize(2);
        assertThat(mapRun.status()).isEqualTo("FAILED");
        assertThat(mapRun.executionCounts()).isEqualTo(new MapRun.Counts(2, 0, 0, 1, 0, 0, 3, 1));
    }

    @Test
    void aResultWriterThatCannotWrite_failsWithResultWriterFailed() {
        Execution execution = run(new InMemoryObjectStore(), map("""
                "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"absent","Prefix":"p"}},""",
                PASS), "[1]");
        assertThat(execution.error()).isEqualTo("States.ResultWriterFailed");
        assertThat(execution.cause()).contains("NoSuchBucket");
        assertThat(types(execution)).contains("MapRunFailed", "MapStateFailed");
    }

    // The only ResultWriter recording, not validated against AWS (see its notes): its output by shape, and the files
    // AWS's documentation describes (the recording's empty SUCCEEDED list is LocalStack's, not AWS's).
    @Test
    void theUnvalidatedResultWriterRecording_matchesByShape() throws Exception {
        Path file = ConformanceTest.conformanceDir()
                .resolve("integration-cases/unvalidated/s3-result-writer.map_state_result_writer.json");
        Map<String, Object> recorded = (Map<String, Object>) Json.parse(Files.readString(file));
        InMemoryObjectStore store = new InMemoryObjectStore().bucket("BUCKET_NAME");
        Execution execution = run(store, Json.write(recorded.get("definition")), Json.write(recorded.get("input")));
        Object want = ((Map<String, Object>) recorded.get("expected")).get("output");
        assertThat(Recorded.matches(want, Json.parse(execution.output()))).as(execution.output()).isTrue();
        String manifestKey = (String) ((Map<String, Object>) ((Map<String, Object>) Json.parse(execution.output()))
                .get("ResultWriterDetails")).get("Key");
        Map<String, Object> files = (Map<String, Object>) ((Map<String, Object>) Json.parse(store.text("BUCKET_NAME", manifestKey))).get("ResultFiles");
        assertThat((List<Object>) files.get("SUCCEEDED")).hasSize(1);
    }

    @Test
    void anEngineWithoutAnObjectStore_refusesAMapThatReadsOrWritesS3() throws DefinitionException {
        String definition = map("""
                "ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2","Parameters":{"Bucket":"b"}},
                "ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"b"}},""", PASS);
        assertThatThrownBy(() -> Engine.builder().build().parse(definition)).isInstanceOf(DefinitionException.class)
                .hasMessageContaining("State \"Each\": field \"ItemReader\": reads or writes S3 objects, but this engine "
                        + "has no object store")
                .hasMessageContaining("State \"Each\": field \"ResultWriter\"");
        assertThat(Engine.builder().objectStore(new InMemoryObjectStore()).build().parse(definition)).isNotNull();
    }

    @Test
    void maxInputBytesPerBatch_isAcceptedUpTo256KiB_theBatchSizeTheRunUsesWhenItAsksNothing() throws DefinitionException {
        String batcher = """
                "ItemsPath":"$.items","ItemBatcher":{"MaxInputBytesPerBatch":%d},""";
        assertThat(StateMachine.parse(map(batcher.formatted(ItemBatcher.MAX_INPUT_BYTES_PER_BATCH), PASS))).isNotNull();
        assertThatThrownBy(() -> StateMachine.parse(map(batcher.formatted(ItemBatcher.MAX_INPUT_BYTES_PER_BATCH + 1), PASS)))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("field \"ItemBatcher/MaxInputBytesPerBatch\": must be an integer from 1 to 262144 (256 KiB)");
    }

    @Test
    void invalidReadersBatchersAndWriters_areRefusedNamingTheField() {
        assertThatThrownBy(() -> StateMachine.parse(map("""
                "ItemReader":{"Resource":"arn:aws:states:::s3:getObject","Parameters":{"Bucket":"b","Key":"k"},
                  "ReaderConfig":{"InputType":"CSV","CSVHeaderLocation":"GIVEN"}},
                "ItemBatcher":{"BatchInput":{}},
                "ResultWriter":{"Parameters":{"Bucket":"b"}},""", PASS)))
                .isInstanceOf(DefinitionException.class)
                .hasMessageContaining("field \"ItemReader/ReaderConfig/CSVHeaders\": required with CSVHeaderLocation GIVEN")
                .hasMessageContaining("field \"ItemBatcher/MaxItemsPerBatch\": an ItemBatcher needs MaxItemsPerBatch or")
                .hasMessageContaining("field \"ResultWriter/Resource\": Resource and Parameters go together");
        assertThatThrownBy(() -> StateMachine.parse("""
                {"StartAt":"M","States":{"M":{"Type":"Map","ItemReader":{"Resource":"arn:aws:states:::s3:listObjectsV2",
                  "Parameters":{"Bucket":"b"}},"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},
                  "End":true}}}""")).hasMessageContaining("only a Distributed Map (ProcessorConfig Mode DISTRIBUTED) has ItemReader");
    }

    // "If a child workflow execution fails, Step Functions returns its execution result unchanged. The results would
    // be equivalent to having set Transformation to NONE" (input-output-resultwriter.html): without a ResultWriter,
    // a tolerated failed child's entry is its execution as DescribeExecution gives it, Error and Cause included.
    @Test
    void aToleratedFailedChild_withoutResultWriter_isItsExecutionsMetadataWithErrorAndCause() {
        Execution execution = run(new InMemoryObjectStore(), map("""
                "ItemSelector":{"v.$":"$$.Map.Item.Value"},"ToleratedFailureCount":1,"Label":"Each",""", FAIL_ON_BAD),
                "[\"good\", \"bad\"]");

        assertThat(execution.status()).as(execution.cause()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<Object> results = (List<Object>) Json.parse(execution.output());
        assertThat(results.get(0)).isEqualTo(Map.of("v", "good"));
        Map<String, Object> failed = (Map<String, Object>) results.get(1);
        assertThat(failed.keySet()).containsExactly("Cause", "Error", "ExecutionArn", "Input", "InputDetails", "Name",
                "RedriveCount", "RedriveStatus", "StartDate", "StateMachineArn", "Status", "StopDate");
        assertThat(failed).containsEntry("Error", "Item.Bad").containsEntry("Cause", "a bad item")
                .containsEntry("Status", "FAILED").containsEntry("Input", "{\"v\":\"bad\"}")
                .containsEntry("InputDetails", Map.of("Included", true))
                .containsEntry("RedriveStatus", "REDRIVABLE_BY_MAP_RUN");
        Execution child = execution.children().get(1);
        assertThat(failed).containsEntry("ExecutionArn", child.arn()).containsEntry("Name", child.name());
    }
}
