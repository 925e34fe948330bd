package dev.ecstatic.asl.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ecstatic.asl.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The intrinsic functions, with the values the Developer Guide's examples and the AWS recordings
 * (intrinsic_functions.*) give.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html">Intrinsic functions</a>
 */
class IntrinsicFunctionsTest {
    static final Object INPUT = Json.parse("""
            {"list":[1,2,3,4,5],"text":"a,b,,c","object":{"a":1},"other":{"b":2},"n":1.5}""");

    static Object call(String text) {
        return IntrinsicCall.parse(text).evaluate(new PathScope(INPUT, Map.of("Execution", Map.of("Name", "run")),
                name -> name.equals("v") ? "variable" : null));
    }

    @Test
    void format_fillsPlaceholdersAsAwsWritesValues() {
        assertThat(call("States.Format('Hello {}, {} and {}', $$.Execution.Name, $.n, $v)"))
                .isEqualTo("Hello run, 1.5 and variable");
        assertThat(call("States.Format('{} {}', $.object, null)")).isEqualTo("{a=1} null");
        assertThat(call("States.Format('literal \\{} and \\'quote\\'')")).isEqualTo("literal {} and 'quote'");
    }

    @Test
    void jsonFunctions_convertBothWays() {
        assertThat(call("States.StringToJson('{\"a\":[1]}')")).isEqualTo(Json.parse("{\"a\":[1]}"));
        assertThat(call("States.StringToJson(' ')")).isEqualTo(Json.NULL);
        assertThat(call("States.JsonToString($.object)")).isEqualTo("{\"a\":1}");
        assertThat(call("States.JsonMerge($.object, $.other, false)")).isEqualTo(Json.parse("{\"a\":1,\"b\":2}"));
    }

    @Test
    void arrayFunctions_buildAndInspectArrays() {
        assertThat(call("States.Array('a', 1, true, null)")).isEqualTo(List.of("a", 1L, true, Json.NULL));
        assertThat(call("States.ArrayPartition($.list, 2)")).isEqualTo(Json.parse("[[1,2],[3,4],[5]]"));
        assertThat(call("States.ArrayContains($.list, 3)")).isEqualTo(true);
        assertThat(call("States.ArrayRange(1, 9, 2)")).isEqualTo(List.of(1L, 3L, 5L, 7L, 9L));
        assertThat(call("States.ArrayGetItem($.list, 4)")).isEqualTo(5);
        assertThat(call("States.ArrayLength($.list)")).isEqualTo(5);
        assertThat(call("States.ArrayUnique(States.Array(1, 1, '1', 2))")).isEqualTo(List.of(1L, "1", 2L));
    }

    @Test
    void encodingHashingAndMath_giveAwsValues() {
        assertThat(call("States.Base64Encode('Data to encode')")).isEqualTo("RGF0YSB0byBlbmNvZGU=");
        assertThat(call("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')")).isEqualTo("Data to encode");
        assertThat(call("States.Hash('input data', 'SHA-1')")).isEqualTo("aaff4a450a104cd177d28d18d74485e8cae074b7");
        // Recorded: each operand is rounded to the nearest integer (half up) before adding.
        assertThat(call("States.MathAdd($.n, -1.5)")).isEqualTo(1L);
        assertThat((Long) call("States.MathRandom(1, 10)")).isBetween(1L, 9L);
        assertThat(call("States.MathRandom(1, 1000, 7)")).isEqualTo(call("States.MathRandom(1, 1000, 7)"));
        assertThat((String) call("States.UUID()")).matches("[0-9a-f-]{36}");
    }

    // Recorded: StringSplit splits on any of the delimiter's characters and drops empty strings.
    @Test
    void stringSplit_splitsOnEveryDelimiterCharacter() {
        assertThat(call("States.StringSplit($.text, ',')")).isEqualTo(List.of("a", "b", "c"));
        assertThat(call("States.StringSplit('This.is+a,test', '.+,')")).isEqualTo(List.of("This", "is", "a", "test"));
    }

    @Test
    void nestedCalls_evaluateInsideOut() {
        assertThat(call("States.ArrayGetItem(States.StringSplit($$.Execution.Name, 'u'), States.MathAdd(0, 1))"))
                .isEqualTo("n");
    }

    @Test
    void wrongArguments_failWithStatesIntrinsicFailure() {
        assertThatThrownBy(() -> call("States.ArrayGetItem($.list, 9)")).isInstanceOf(PathFailure.class)
                .satisfies(failure -> assertThat(((PathFailure) failure).error()).isEqualTo("States.IntrinsicFailure"))
                .hasMessageContaining("index 9");
        assertThatThrownBy(() -> call("States.Format('{}')")).hasMessageContaining("more placeholders");
        assertThatThrownBy(() -> call("States.JsonMerge($.object, $.other, true)")).hasMessageContaining("shallow");
        assertThatThrownBy(() -> call("States.Hash('x', 'MD4')")).hasMessageContaining("MD4");
        assertThatThrownBy(() -> call("States.ArrayLength($.text)")).hasMessageContaining("needs an array");
    }

    @Test
    void aPathMatchingNothing_failsWithStatesRuntime() {
        assertThatThrownBy(() -> call("States.ArrayLength($.missing)")).isInstanceOf(PathFailure.class)
                .satisfies(failure -> assertThat(((PathFailure) failure).error()).isEqualTo("States.Runtime"));
    }

    @Test
    void unknownFunctionsAndBadSyntax_areRefusedAtParse() {
        assertThatThrownBy(() -> IntrinsicCall.parse("States.Nope(1)")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'States.Nope' is not an intrinsic function");
        assertThatThrownBy(() -> IntrinsicCall.parse("States.Array(1")).hasMessageContaining("')' expected");
    }
}
