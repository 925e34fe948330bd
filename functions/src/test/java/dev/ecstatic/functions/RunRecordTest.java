package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.model.AmiClass;
import dev.ecstatic.functions.model.Cluster;
import dev.ecstatic.functions.model.Outcome;
import dev.ecstatic.functions.model.RunRecord;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The per-cluster record: its target from the cluster's ARN, and its size. */
class RunRecordTest {
    /** docs/payloads.md: a record holds at most this many bytes beside its cluster's name (≤ 255 characters). */
    static final int MAX_BYTES_BESIDE_THE_NAME = 360;

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            a cluster in another account     | arn:aws:ecs:eu-west-1:222233334444:cluster/prod-web    | 222233334444 | eu-west-1
            a cluster in China               | arn:aws-cn:ecs:cn-north-1:123456789012:cluster/c      | 123456789012 | cn-north-1
            a target's stand-in              | arn:aws:ecs:eu-west-1:222233334444:cluster/(target)    | 222233334444 | eu-west-1
            the name a failed child falls to | exec-7                                                 | null         | null
            an ARN without account           | arn:aws:ecs:us-east-1::cluster/x                       | null         | us-east-1
            """)
    void theRecordsTarget_comesFromTheClustersArn(String what, String arn, String account, String region) {
        RunRecord record = RunRecord.of(new Cluster("c", arn), Outcome.ERROR, List.of(), "d", null);

        assertThat(record.account()).isEqualTo(account);
        assertThat(record.region()).isEqualTo(region);
    }

    @Test
    void anUnknownTarget_isLeftOutOfTheJson_asTheOtherAbsentFields() {
        String json = Fixtures.toJson(new RunRecord("(unreadable)", " ", null, Outcome.ERROR, List.of(), "d", null, null),
                RunRecord.class);

        assertThat(json).isEqualTo("{\"cluster\":\"(unreadable)\",\"outcome\":\"ERROR\",\"instances\":[],\"detail\":\"d\"}");
    }

    @Test
    void anAccountOrRegionTooLongToBeOne_isRefusedNamingTheField() {
        assertThatThrownBy(() -> new RunRecord("c", "1".repeat(33), "eu-west-1", Outcome.ERROR, List.of(), "d", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("account holds at most 32 characters, got 33");
        assertThatThrownBy(() -> new RunRecord("c", null, "r".repeat(40), Outcome.ERROR, List.of(), "d", null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("region holds at most 32 characters, got 40");
    }

    @Test
    void theTarget_survivesEveryCopy() {
        RunRecord record = RunRecord.of(Fixtures.PROD_WEB, Outcome.STARTED, List.of("i-0a"), "d", null)
                .withAmis(Map.of(AmiClass.BEHIND_ASG, 1)).withOneMoreFailedNotification();

        assertThat(record).extracting(RunRecord::account, RunRecord::region, RunRecord::notificationsFailed)
                .containsExactly("123456789012", "us-east-1", 1);
    }

    /**
     * The largest record a branch writes: the longest outcome, three instance ids, a full detail ending
     * in "…", failed notifications, every drifting AMI class and the longest region names there are
     * (ap-southeast-3, us-isob-east-1: 14 characters). Every record of a run passes through the Map's
     * results, so its size is what bounds a run.
     */
    @Test
    void theLargestRecord_staysWithinItsDocumentedSize_besideItsName() {
        String name = "n".repeat(255);
        String detail = "x".repeat(RunRecord.MAX_DETAIL - 1) + "…";
        RunRecord largest = RunRecord.of(new Cluster(name, "arn:aws:ecs:ap-southeast-3:222233334444:cluster/" + name),
                        Outcome.REPLACEMENT_STARTED, List.of("i-0a1b2c3d4e5f60718", "i-0b1b2c3d4e5f60718",
                                "i-0c1b2c3d4e5f60718"), detail, 99)
                .withAmis(Map.of(AmiClass.BEHIND_ASG, 9999, AmiClass.ASG_BEHIND, 9999, AmiClass.NOT_IN_ASG, 9999,
                        AmiClass.AMI_UNKNOWN, 9999));

        int bytes = Fixtures.toJson(largest, RunRecord.class).getBytes(StandardCharsets.UTF_8).length;

        assertThat(bytes - name.length()).isLessThanOrEqualTo(MAX_BYTES_BESIDE_THE_NAME);
    }
}
