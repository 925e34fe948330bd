package dev.ecstatic.asl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.asl.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** JSONPath as Step Functions reads it (Jayway JsonPath), each rule from a recording or Jayway's documentation. */
class JsonPathTest {
    static final Object INPUT = Json.parse("""
            {"items":[{"id":1,"status":0},{"id":2,"status":1},{"id":3,"status":0}],"name":"n","delivery-partner":"p",
             "nested":{"a":{"b":"deep"}}}""");

    static Object read(String path, Object input) {
        return JsonPath.parse(path).read(new PathScope(input, Map.of("State", Map.of("Name", "S")), name ->
                name.equals("x") ? Map.of("y", 5) : null));
    }

    @Test
    void definitePaths_readOneValue() {
        assertThat(read("$", INPUT)).isSameAs(INPUT);
        assertThat(read("$.name", INPUT)).isEqualTo("n");
        assertThat(read("$.delivery-partner", INPUT)).isEqualTo("p");
        assertThat(read("$.nested.a.b", INPUT)).isEqualTo("deep");
        assertThat(read("$['nested']['a']", INPUT)).isEqualTo(Map.of("b", "deep"));
        assertThat(read("$.items[1].id", INPUT)).isEqualTo(2);
        assertThat(read("$.items[-1].id", INPUT)).isEqualTo(3);
        assertThat(read("$$.State.Name", INPUT)).isEqualTo("S");
        assertThat(read("$x.y", INPUT)).isEqualTo(5);
    }

    // Recorded from AWS (scenarios.escape_sequence_parsing.ESCAPE_SEQUENCES_JSONPATH): inside a quoted name only
    // the quote is an escape.
    @Test
    void quotedNames_keepBackslashesButTheQuote() {
        String key = "Test" + '\\' + '"' + '"' + "Name" + '"';
        assertThat(read("$['" + key + "']", Map.of(key, "escaped"))).isEqualTo("escaped");
        assertThat(read("$['it" + '\\' + "'s']", Map.of("it's", 1))).isEqualTo(1);
    }

    // Recorded from AWS (base.json_path_array_wildcard_or_slice_with_no_input.*): an indefinite path reads the
    // array of matches, empty when nothing matches.
    @Test
    void indefinitePaths_readEveryMatch_possiblyNone() {
        assertThat(read("$.items[*].id", INPUT)).isEqualTo(List.of(1, 2, 3));
        assertThat(read("$.items[1:].id", INPUT)).isEqualTo(List.of(2, 3));
        assertThat(read("$.items[:1].id", INPUT)).isEqualTo(List.of(1));
        assertThat(read("$.items[0,2].id", INPUT)).isEqualTo(List.of(1, 3));
        assertThat(read("$..b", INPUT)).isEqualTo(List.of("deep"));
        assertThat(read("$.missing[*]", INPUT)).isEqualTo(List.of());
        assertThat(read("$[*]", Map.of())).isEqualTo(List.of());
    }

    // Recorded from AWS (base.state_pass_regex_json_path_base) and Jayway's filter operators.
    @Test
    void filters_selectTheElementsTheyHoldFor() {
        assertThat(read("$.items[?(@.status == 0)].id", INPUT)).isEqualTo(List.of(1, 3));
        assertThat(read("$.items[?(@.id > 1 && @.status == 0)].id", INPUT)).isEqualTo(List.of(3));
        assertThat(read("$.items[?(@.id < 2 || @.id >= 3)].id", INPUT)).isEqualTo(List.of(1, 3));
        assertThat(read("$.items[?(@.status)].id", INPUT)).isEqualTo(List.of(1, 2, 3));
        assertThat(read("$.items[?(@.name =~ /n.*/)]", Map.of("items", List.of(Map.of("name", "no"), Map.of("name", "x")))))
                .isEqualTo(List.of(Map.of("name", "no")));
    }

    // Recorded from AWS (scenarios.invalid_jsonpath.ST.INVALID_JSONPATH_IN_INPUTPATH): Jayway's message.
    @Test
    void aDefinitePathMatchingNothing_failsWithJaywaysMessage() {
        assertThatThrownBy(() -> read("$.NoSuchInputPath", INPUT)).isInstanceOf(JsonPath.NoMatch.class)
                .hasMessage("No results for path: $['NoSuchInputPath']");
        assertThatThrownBy(() -> read("$.no.such", INPUT)).hasMessage("Missing property in path $['no']");
        assertThatThrownBy(() -> read("$unassigned", INPUT)).isInstanceOf(JsonPath.NoMatch.class);
    }

    @Test
    void malformedPaths_areRefusedSayingWhere() {
        assertThatThrownBy(() -> JsonPath.parse("$.items[")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid JSONPath '$.items['");
        assertThatThrownBy(() -> JsonPath.parse("items")).hasMessageContaining("starts with $");
    }

    // https://docs.aws.amazon.com/step-functions/latest/dg/input-output-resultpath.html
    @Test
    void write_copiesTheInputAndCreatesMissingMembers() {
        Object input = Json.parse("{\"a\":{\"keep\":1},\"list\":[1,2]}");
        Object written = JsonPath.parse("$.a.b.c").write(input, "v");
        assertThat(written).isEqualTo(Json.parse("{\"a\":{\"keep\":1,\"b\":{\"c\":\"v\"}},\"list\":[1,2]}"));
        assertThat(input).isEqualTo(Json.parse("{\"a\":{\"keep\":1},\"list\":[1,2]}"));
        assertThat(JsonPath.parse("$.list[1]").write(input, 9)).isEqualTo(Json.parse("{\"a\":{\"keep\":1},\"list\":[1,9]}"));
        assertThatThrownBy(() -> JsonPath.parse("$.a.keep.x").write(input, 1)).isInstanceOf(JsonPath.NoMatch.class);
        assertThat(JsonPath.parse("$.items[*]").isReferencePath()).isFalse();
    }
}
