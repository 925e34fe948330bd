package dev.ecstatic.asl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Mocked task results in the format of Step Functions Local's MockConfigFile: StateMachines →
 * TestCases → state name → mocked response name; MockedResponses → name → numbered ("0") or ranged
 * ("1-2") invocations, each a {@code Return} (the task result) or a {@code Throw} ({@code Error},
 * {@code Cause}).
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/sfn-local-mock-cfg-file.html">Mock configuration file</a>
 */
public final class MockConfig {
    private final Map<String, Map<String, Map<String, String>>> testCases;
    private final Map<String, List<Response>> responses;

    /** One mocked invocation: a result (JSON text) or an error. */
    public record Response(String returnJson, String error, String cause) {
        public boolean isThrow() {
            return returnJson == null;
        }
    }

    private MockConfig(Map<String, Map<String, Map<String, String>>> testCases, Map<String, List<Response>> responses) {
        this.testCases = testCases;
        this.responses = responses;
    }

    /** Parses a MockConfigFile; throws IllegalArgumentException naming what is wrong. */
    @SuppressWarnings("unchecked")
    public static MockConfig parse(String json) {
        Object root = Json.parse(json);
        if (!(root instanceof Map<?, ?> file)) {
            throw new IllegalArgumentException("mock config: must be a JSON object");
        }
        Map<String, Map<String, Map<String, String>>> cases = new LinkedHashMap<>();
        Object stateMachines = file.get("StateMachines");
        if (stateMachines instanceof Map<?, ?> machines) {
            for (Map.Entry<String, Object> machine : ((Map<String, Object>) machines).entrySet()) {
                Object testCasesField = machine.getValue() instanceof Map<?, ?> fields ? fields.get("TestCases") : null;
                if (!(testCasesField instanceof Map<?, ?> testCaseMap)) {
                    throw new IllegalArgumentException("mock config: StateMachines." + machine.getKey() + ".TestCases must be an object");
                }
                Map<String, Map<String, String>> byCase = new LinkedHashMap<>();
                for (Map.Entry<String, Object> testCase : ((Map<String, Object>) testCaseMap).entrySet()) {
                    Map<String, String> states = new LinkedHashMap<>();
                    if (!(testCase.getValue() instanceof Map<?, ?> stateMap)) {
                        throw new IllegalArgumentException("mock config: test case " + testCase.getKey() + " must be an object");
                    }
                    for (Map.Entry<String, Object> state : ((Map<String, Object>) stateMap).entrySet()) {
                        states.put(state.getKey(), String.valueOf(state.getValue()));
                    }
                    byCase.put(testCase.getKey(), states);
                }
                cases.put(machine.getKey(), byCase);
            }
        } else if (stateMachines != null) {
            throw new IllegalArgumentException("mock config: StateMachines must be an object");
        }
        Map<String, List<Response>> responses = new LinkedHashMap<>();
        Object mockedResponses = file.get("MockedResponses");
        if (mockedResponses instanceof Map<?, ?> responseMap) {
            for (Map.Entry<String, Object> mocked : ((Map<String, Object>) responseMap).entrySet()) {
                if (!(mocked.getValue() instanceof Map<?, ?> steps)) {
                    throw new IllegalArgumentException("mock config: MockedResponses." + mocked.getKey() + " must be an object");
                }
                List<Response> sequence = new ArrayList<>();
                for (Map.Entry<String, Object> step : ((Map<String, Object>) steps).entrySet()) {
                    String key = step.getKey();
                    int from;
                    int to;
                    try {
                        int dash = key.indexOf('-');
                        from = Integer.parseInt(dash < 0 ? key : key.substring(0, dash));
                        to = dash < 0 ? from : Integer.parseInt(key.substring(dash + 1));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("mock config: MockedResponses." + mocked.getKey() + ": key \"" + key
                                + "\" must be an invocation number (\"0\") or range (\"1-2\")");
                    }
                    Response response = response(mocked.getKey() + "." + key, step.getValue());
                    while (sequence.size() <= to) {
                        sequence.add(null);
                    }
                    for (int i = from; i <= to; i++) {
                        sequence.set(i, response);
                    }
                }
                responses.put(mocked.getKey(), sequence);
            }
        }
        for (Map<String, Map<String, String>> byCase : cases.values()) {
            for (Map<String, String> states : byCase.values()) {
                for (String name : states.values()) {
                    if (!responses.containsKey(name)) {
                        throw new IllegalArgumentException("mock config: mocked response \"" + name + "\" is not in MockedResponses");
                    }
                }
            }
        }
        return new MockConfig(cases, responses);
    }

    private static Response response(String where, Object value) {
        if (!(value instanceof Map<?, ?> step) || (step.containsKey("Return") == step.containsKey("Throw"))) {
            throw new IllegalArgumentException("mock config: MockedResponses." + where + " must hold exactly one of Return or Throw");
        }
        if (step.containsKey("Return")) {
            return new Response(Json.write(step.get("Return")), null, null);
        }
        if (!(step.get("Throw") instanceof Map<?, ?> thrown)) {
            throw new IllegalArgumentException("mock config: MockedResponses." + where + ".Throw must be an object");
        }
        Object error = thrown.get("Error");
        Object cause = thrown.get("Cause");
        return new Response(null, error == null ? null : error.toString(), cause == null ? null : cause.toString());
    }

    /**
     * The mocked responses of a test case, by state name.
     *
     * @throws IllegalArgumentException when the state machine or test case is not in the file
     */
    public Map<String, List<Response>> testCase(String stateMachineName, String testCaseName) {
        Map<String, Map<String, String>> byCase = testCases.get(stateMachineName);
        if (byCase == null) {
            throw new IllegalArgumentException("mock config: no state machine \"" + stateMachineName + "\" in StateMachines");
        }
        Map<String, String> states = byCase.get(testCaseName);
        if (states == null) {
            throw new IllegalArgumentException("mock config: no test case \"" + testCaseName + "\" for state machine \""
                    + stateMachineName + "\"");
        }
        Map<String, List<Response>> out = new LinkedHashMap<>();
        states.forEach((state, name) -> out.put(state, responses.get(name)));
        return out;
    }
}
