package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.FailedBranch;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.RunReport;
import dev.ecstatic.functions.model.SummarizeResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Summarize's answer stays within a state's 256 KiB in bytes, and one bad result line costs one record. */
class SummaryBoundsTest {

    @Test
    void jsonBounded_countsEscapesAndUtf8Bytes() {
        assertThat(Summary.jsonBounded("abc", 3)).isEqualTo("abc");
        assertThat(Summary.jsonBounded("a\"b", 3)).isEqualTo("a\"");
        assertThat(Summary.jsonBounded("ééé", 5)).isEqualTo("éé");
        assertThat(Summary.jsonBounded("a\nb", 6)).isEqualTo("a");
        assertThat(Summary.jsonBounded("😀x", 4)).isEqualTo("😀");
    }

    @Test
    void theWorstFailedBranches_fitAStatesPayload() {
        String name = "c".repeat(255);
        String nasty = "\"\\é😀\u0001".repeat(2_000);
        List<FailedBranch> failed = new ArrayList<>();
        for (int i = 0; i < SummarizeResponse.MAX_FAILED; i++) {
            String line = "{\"Error\":" + Json.write(nasty) + ",\"Cause\":" + Json.write(nasty) + ",\"Input\":"
                    + Json.write(Json.write(Map.of("cluster", Map.of("name", name, "arn",
                    "arn:aws:ecs:us-east-1:123456789012:cluster/" + name, "window", "Mon-Fri 22:00-02:00 UTC",
                    "silenceUntil", "2026-01-05T09:00:00Z")))) + "}";
            failed.add(Summary.failed(line).failed());
        }
        SummarizeResponse response = new SummarizeResponse(Map.of("clusters", 100, "ERROR", 100),
                new RunReport("bucket", "runs/x/report.jsonl", 100), failed, 100);

        int bytes = Fixtures.toJson(response, SummarizeResponse.class).getBytes(StandardCharsets.UTF_8).length;

        assertThat(bytes).isLessThan(160 * 1024);
    }

    @Test
    void anUnreadableLine_isOneErrorRecord_notTheWholeReport() {
        Summary.Entry entry = Summary.tolerant(Summary::succeeded).apply("{not json");

        assertThat(entry.record().cluster()).isEqualTo(Summary.UNREADABLE);
        assertThat(entry.record().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(entry.record().detail()).startsWith("result line unreadable: ");
        assertThat(entry.failed()).isNull();
        assertThat(Summary.tolerant(Summary::succeeded).apply(
                "{\"cluster\":\"a\",\"outcome\":\"STARTED\",\"instances\":[],\"detail\":\"ok\"}").record().cluster())
                .isEqualTo("a");
        assertThat(new Cluster("a", "arn")).isNotNull();
    }

    @Test
    void anUnreadableFailedChildsLine_isStillAFailedBranch_alertedAsSuch() {
        Summary.Entry entry = Summary.tolerant(Summary::failed, true).apply("{\"Error\": ");

        assertThat(entry.record().outcome()).isEqualTo(Outcome.ERROR);
        assertThat(entry.failed()).isNotNull();
        assertThat(entry.failed().cluster().name()).isEqualTo(Summary.UNREADABLE);
        assertThat(entry.failed().error()).isEqualTo("unreadable result line");
        assertThat(entry.failed().cause()).startsWith("not JSON");
    }
}
