package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ecstatic.functions.model.NotificationKind;
import dev.ecstatic.functions.model.ProblemSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The set hash of docs/memory.md. */
class ProblemSetsTest {
    @Test
    void hash_isTheFirst16HexDigitsOfTheSha256OfTheSortedIdsJoinedByNewlines() {
        // printf 'i-0a\ni-0b\ni-0c' | sha256sum → 349341908f84d8c41991445043306b56a6ba8a5af00d84b9a9de67b1cfdc114d
        assertThat(ProblemSets.hash(List.of("i-0c", "i-0a", "i-0b"))).isEqualTo("349341908f84d8c4");
    }

    @Test
    void hash_ofOneId_hasNoSeparator() {
        // printf 'i-0a' | sha256sum
        assertThat(ProblemSets.hash(List.of("i-0a"))).isEqualTo("0e212d37706e3656");
    }

    @Test
    void hash_dependsOnTheSetNotOnOrderOrDuplicates() {
        List<String> ids = new ArrayList<>(IntStream.range(0, 50).mapToObj(i -> String.format("i-%017x", i)).toList());
        String sorted = ProblemSets.hash(ids);
        Collections.reverse(ids);
        ids.add(ids.getFirst());

        assertThat(ProblemSets.hash(ids)).isEqualTo(sorted).matches("[0-9a-f]{16}");
    }

    @Test
    void hash_changesWhenOneIdChanges() {
        assertThat(ProblemSets.hash(List.of("i-0a", "i-0b"))).isNotEqualTo(ProblemSets.hash(List.of("i-0a", "i-0c")))
                .isNotEqualTo(ProblemSets.hash(List.of("i-0a")));
    }

    @Test
    void emptySet_hashesToTheEmptyString() {
        assertThat(ProblemSets.hash(List.of())).isEmpty();
    }

    @Test
    void setOf25_countsAndHashesAll25ButListsTheFirst20Sorted() {
        List<String> ids = IntStream.range(0, 25).mapToObj(i -> String.format("i-%02d", 24 - i)).toList();

        ProblemSet set = ProblemSets.of(NotificationKind.CANNOT_UPDATE, ids);

        assertThat(set.kind()).isEqualTo(NotificationKind.CANNOT_UPDATE);
        assertThat(set.count()).isEqualTo(25);
        assertThat(set.hash()).isEqualTo(ProblemSets.hash(ids)).isNotEqualTo(ProblemSets.hash(set.instances()));
        assertThat(set.instances()).hasSize(20).isSorted().startsWith("i-00").endsWith("i-19");
    }
}
