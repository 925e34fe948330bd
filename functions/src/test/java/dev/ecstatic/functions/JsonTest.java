package dev.ecstatic.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.functions.model.InstanceClass;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void writtenJson_parsesBackToTheSameTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("text", "quote \" backslash \\ newline \n tab \t control \u0001 arrow →");
        tree.put("n", 42L);
        tree.put("x", 2.5);
        tree.put("ok", true);
        tree.put("none", null);
        tree.put("list", List.of(1L, "two", Map.of("three", false)));

        assertThat(Json.parse(Json.write(tree))).isEqualTo(tree);
    }

    @Test
    void enums_areWrittenByName() {
        assertThat(Json.write(Map.of(InstanceClass.CANDIDATE, List.of(InstanceClass.IGNORED))))
                .isEqualTo("{\"CANDIDATE\":[\"IGNORED\"]}");
    }

    @Test
    void nullValuesInsideLists_areWrittenAsNull() {
        assertThat(Json.write(Arrays.asList("a", null))).isEqualTo("[\"a\",null]");
    }

    @Test
    void escapedInput_isDecoded() {
        assertThat(Json.parse("{\"a\":\"\\u00e9\\/\\n\"}")).isEqualTo(Map.of("a", "é/\n"));
    }

    @Test
    void notJson_isRejected() {
        assertThatThrownBy(() -> Json.parse("not json")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":1} trailing")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{\"a\":")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("[1,")).isInstanceOf(IllegalArgumentException.class);
    }
}
