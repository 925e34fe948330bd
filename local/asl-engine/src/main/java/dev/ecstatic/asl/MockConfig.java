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
    if (!(root instanceof Map<?, ?> r)) {
      throw new IllegalArgumentException("mock config: must be a JSON object");
    }
    Map<String, Map<String, Map<String, String>>> cases = new LinkedHashMap<>();
    Object sms = r.get("StateMachines");
    if (sms instanceof Map<?, ?> smm) {
      for (Map.Entry<String, Object> sm : ((Map<String, Object>) smm).entrySet()) {
        Object tcs = sm.getValue() instanceof Map<?, ?> m ? m.get("TestCases") : null;
        if (!(tcs instanceof Map<?, ?> tcm)) {
          throw new IllegalArgumentException("mock config: StateMachines." + sm.getKey() + ".TestCases must be an object");
        }
        Map<String, Map<String, String>> byCase = new LinkedHashMap<>();
        for (Map.Entry<String, Object> tc : ((Map<String, Object>) tcm).entrySet()) {
          Map<String, String> states = new LinkedHashMap<>();
          if (!(tc.getValue() instanceof Map<?, ?> stm)) {
            throw new IllegalArgumentException("mock config: test case " + tc.getKey() + " must be an object");
          }
          for (Map.Entry<String, Object> st : ((Map<String, Object>) stm).entrySet()) {
            states.put(st.getKey(), String.valueOf(st.getValue()));
          }
          byCase.put(tc.getKey(), states);
        }
        cases.put(sm.getKey(), byCase);
      }
    } else if (sms != null) {
      throw new IllegalArgumentException("mock config: StateMachines must be an object");
    }
    Map<String, List<Response>> resp = new LinkedHashMap<>();
    Object mrs = r.get("MockedResponses");
    if (mrs instanceof Map<?, ?> mrm) {
      for (Map.Entry<String, Object> mr : ((Map<String, Object>) mrm).entrySet()) {
        if (!(mr.getValue() instanceof Map<?, ?> steps)) {
          throw new IllegalArgumentException("mock config: MockedResponses." + mr.getKey() + " must be an object");
        }
        List<Response> seq = new ArrayList<>();
        for (Map.Entry<String, Object> step : ((Map<String, Object>) steps).entrySet()) {
          String key = step.getKey();
          int from;
          int to;
          try {
            int dash = key.indexOf('-');
            from = Integer.parseInt(dash < 0 ? key : key.substring(0, dash));
            to = dash < 0 ? from : Integer.parseInt(key.substring(dash + 1));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mock config: MockedResponses." + mr.getKey() + ": key \"" + key
                + "\" must be an invocation number (\"0\") or range (\"1-2\")");
          }
          Response res = response(mr.getKey() + "." + key, step.getValue());
          while (seq.size() <= to) {
            seq.add(null);
          }
          for (int i = from; i <= to; i++) {
            seq.set(i, res);
          }
        }
        resp.put(mr.getKey(), seq);
      }
    }
    for (Map<String, Map<String, String>> byCase : cases.values()) {
      for (Map<String, String> states : byCase.values()) {
        for (String name : states.values()) {
          if (!resp.containsKey(name)) {
            throw new IllegalArgumentException("mock config: mocked response \"" + name + "\" is not in MockedResponses");
          }
        }
      }
    }
    return new MockConfig(cases, resp);
  }

  private static Response response(String where, Object v) {
    if (!(v instanceof Map<?, ?> m) || (m.containsKey("Return") == m.containsKey("Throw"))) {
      throw new IllegalArgumentException("mock config: MockedResponses." + where + " must hold exactly one of Return or Throw");
    }
    if (m.containsKey("Return")) {
      return new Response(Json.write(m.get("Return")), null, null);
    }
    if (!(m.get("Throw") instanceof Map<?, ?> t)) {
      throw new IllegalArgumentException("mock config: MockedResponses." + where + ".Throw must be an object");
    }
    Object err = t.get("Error");
    Object cause = t.get("Cause");
    return new Response(null, err == null ? null : err.toString(), cause == null ? null : cause.toString());
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
