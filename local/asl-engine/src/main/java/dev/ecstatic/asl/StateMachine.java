package dev.ecstatic.asl;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A parsed and validated state machine definition (JSONata dialect).
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html">State machine structure</a>
 */
public final class StateMachine {
  final Graph graph;
  final Object timeoutSeconds;
  private final String json;

  private StateMachine(Graph graph, Object timeoutSeconds, String json) {
    this.graph = graph;
    this.timeoutSeconds = timeoutSeconds;
    this.json = json;
  }

  /** The definition text as given. */
  public String definition() {
    return json;
  }

  /**
   * Parses and validates a definition.
   *
   * @throws DefinitionException listing every problem, each naming the state and the field
   */
  public static StateMachine parse(String json) throws DefinitionException {
    Object root;
    try {
      root = Json.parse(json);
    } catch (IllegalArgumentException e) {
      throw new DefinitionException(List.of("Definition: " + e.getMessage()));
    }
    if (!(root instanceof Map<?, ?> m)) {
      throw new DefinitionException(List.of("Definition: the definition must be a JSON object"));
    }
    Validator v = new Validator();
    @SuppressWarnings("unchecked")
    Map<String, Object> top = (Map<String, Object>) m;
    for (String k : top.keySet()) {
      if (!Set.of("Comment", "StartAt", "States", "TimeoutSeconds", "Version", "QueryLanguage").contains(k)) {
        v.problem(null, k, "unknown field");
      }
    }
    String ql = "JSONPath";
    Object qlv = top.get("QueryLanguage");
    if (qlv != null) {
      if ("JSONata".equals(qlv) || "JSONPath".equals(qlv)) {
        ql = (String) qlv;
      } else {
        v.problem(null, "QueryLanguage", "must be \"JSONata\" or \"JSONPath\"");
      }
    }
    Object timeout = top.get("TimeoutSeconds");
    if (timeout != null && !(timeout instanceof Number n && n.doubleValue() > 0 && n.doubleValue() == Math.rint(n.doubleValue()))) {
      v.problem(null, "TimeoutSeconds", "must be a positive integer");
    }
    Graph g = v.graph(top, ql, "");
    if (!v.problems.isEmpty()) {
      throw new DefinitionException(v.problems);
    }
    return new StateMachine(g, timeout, json);
  }

  // ---------------------------------------------------------------- model

  record Graph(String startAt, Map<String, StateDef> states) {}

  record Retrier(List<String> errorEquals, double intervalSeconds, int maxAttempts, double backoffRate,
      Double maxDelaySeconds, boolean fullJitter) {}

  record Catcher(List<String> errorEquals, String next, Template output, Template assign) {}

  record ChoiceRule(Template condition, String next, Template output, Template assign) {}

  /** One state; fields not used by its type are null. */
  static final class StateDef {
    String name;
    String type;
    String next;
    boolean end;
    Template output;
    Template assign;
    Template arguments;
    // Task
    String resource;
    Template timeoutSeconds;
    Template heartbeatSeconds;
    List<Retrier> retry = List.of();
    List<Catcher> catchers = List.of();
    // Wait
    Template seconds;
    Template timestamp;
    // Choice
    List<ChoiceRule> choices = List.of();
    String defaultNext;
    // Fail
    Template error;
    Template cause;
    // Parallel
    List<Graph> branches = List.of();
    // Map
    Graph processor;
    boolean distributed;
    Template items;
    Template itemSelector;
    Template maxConcurrency;
    Template toleratedFailureCount;
    Template toleratedFailurePercentage;
    String label;
  }

  // ---------------------------------------------------------------- validation

  private static final Set<String> JSONPATH_ONLY = Set.of("InputPath", "OutputPath", "ResultPath", "Parameters",
      "ResultSelector", "Result", "ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath", "SecondsPath",
      "TimestampPath", "ErrorPath", "CausePath", "MaxConcurrencyPath", "ToleratedFailureCountPath",
      "ToleratedFailurePercentagePath", "Iterator");

  private static final Map<String, Set<String>> FIELDS = Map.of(
      "Pass", Set.of("Output", "Assign", "Next", "End"),
      "Task", Set.of("Resource", "Arguments", "Output", "Assign", "TimeoutSeconds", "HeartbeatSeconds", "Retry",
          "Catch", "Credentials", "Next", "End"),
      "Wait", Set.of("Seconds", "Timestamp", "Output", "Assign", "Next", "End"),
      "Choice", Set.of("Choices", "Default", "Output", "Assign"),
      "Succeed", Set.of("Output"),
      "Fail", Set.of("Error", "Cause"),
      "Parallel", Set.of("Branches", "Arguments", "Output", "Assign", "Retry", "Catch", "Next", "End"),
      "Map", Set.of("ItemProcessor", "Items", "ItemSelector", "MaxConcurrency", "ToleratedFailureCount",
          "ToleratedFailurePercentage", "Label", "ItemReader", "ItemBatcher", "ResultWriter", "Output", "Assign",
          "Retry", "Catch", "Next", "End"));

  private static final class Validator {
    final List<String> problems = new ArrayList<>();

    void problem(String state, String field, String text) {
      problems.add((state == null ? "Definition" : "State \"" + state + "\"") + ": field \"" + field + "\": " + text);
    }

    Template tpl(String state, Map<String, Object> s, String field) {
      if (!s.containsKey(field)) {
        return null;
      }
      List<String[]> errs = new ArrayList<>();
      Template t = Template.compile(s.get(field), field, errs);
      for (String[] e : errs) {
        problem(state, e[0], e[1]);
      }
      return t;
    }

    @SuppressWarnings("unchecked")
    Graph graph(Map<String, Object> g, String inheritedQl, String where) {
      Object startAt = g.get("StartAt");
      Object states = g.get("States");
      String ctx = where.isEmpty() ? null : where;
      if (!(startAt instanceof String)) {
        problem(ctx, "StartAt", "required, a state name");
      }
      if (!(states instanceof Map<?, ?> smap) || smap.isEmpty()) {
        problem(ctx, "States", "required, an object of at least one state");
        return new Graph(String.valueOf(startAt), Map.of());
      }
      Map<String, StateDef> defs = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : ((Map<String, Object>) states).entrySet()) {
        if (!(e.getValue() instanceof Map<?, ?>)) {
          problem(e.getKey(), "Type", "a state must be a JSON object");
          continue;
        }
        StateDef d = state(e.getKey(), (Map<String, Object>) e.getValue(), inheritedQl);
        if (d != null) {
          defs.put(e.getKey(), d);
        }
      }
      if (startAt instanceof String sa && !((Map<String, Object>) states).containsKey(sa)) {
        problem(ctx, "StartAt", "no state named \"" + sa + "\"");
      }
      // Every Next must exist in this graph, and every state must be reachable from StartAt.
      Map<String, Object> sm = (Map<String, Object>) states;
      for (StateDef d : defs.values()) {
        for (String[] t : transitions(d)) {
          if (!sm.containsKey(t[1])) {
            problem(d.name, t[0], "no state named \"" + t[1] + "\" (in the same States object)");
          }
        }
      }
      if (startAt instanceof String sa && defs.containsKey(sa)) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(sa));
        while (!pending.isEmpty()) {
          String n = pending.pop();
          if (!seen.add(n) || !defs.containsKey(n)) {
            continue;
          }
          for (String[] t : transitions(defs.get(n))) {
            pending.push(t[1]);
          }
        }
        for (String n : defs.keySet()) {
          if (!seen.contains(n)) {
            problem(n, "Type", "state is not reachable from StartAt \"" + sa + "\"");
          }
        }
      }
      return new Graph(String.valueOf(startAt), defs);
    }

    static List<String[]> transitions(StateDef d) {
      List<String[]> out = new ArrayList<>();
      if (d.next != null) {
        out.add(new String[] {"Next", d.next});
      }
      if (d.defaultNext != null) {
        out.add(new String[] {"Default", d.defaultNext});
      }
      for (ChoiceRule r : d.choices) {
        if (r.next() != null) {
          out.add(new String[] {"Choices/Next", r.next()});
        }
      }
      for (Catcher c : d.catchers) {
        if (c.next() != null) {
          out.add(new String[] {"Catch/Next", c.next()});
        }
      }
      return out;
    }

    @SuppressWarnings("unchecked")
    StateDef state(String name, Map<String, Object> s, String inheritedQl) {
      Object type = s.get("Type");
      if (!(type instanceof String t) || !FIELDS.containsKey(t)) {
        problem(name, "Type", "must be one of Pass, Task, Wait, Choice, Succeed, Fail, Parallel, Map (was " + Json.write(type) + ")");
        return null;
      }
      String ql = inheritedQl;
      Object qlv = s.get("QueryLanguage");
      if (qlv != null) {
        if (!"JSONata".equals(qlv) && !"JSONPath".equals(qlv)) {
          problem(name, "QueryLanguage", "must be \"JSONata\" or \"JSONPath\"");
        } else if ("JSONata".equals(inheritedQl) && "JSONPath".equals(qlv)) {
          problem(name, "QueryLanguage", "a JSONPath state is not allowed in a JSONata state machine");
        } else {
          ql = (String) qlv;
        }
      }
      if (!"JSONata".equals(ql)) {
        problem(name, "QueryLanguage", "the state uses JSONPath (" + (qlv == null ? "the default when QueryLanguage is absent" : "set here")
            + "); this engine runs the JSONata dialect only: set \"QueryLanguage\": \"JSONata\" at the top of the definition");
        return null;
      }
      StateDef d = new StateDef();
      d.name = name;
      d.type = t;
      Set<String> allowed = FIELDS.get(t);
      for (String k : s.keySet()) {
        if (k.equals("Type") || k.equals("Comment") || k.equals("QueryLanguage") || allowed.contains(k)) {
          continue;
        }
        if (JSONPATH_ONLY.contains(k)) {
          problem(name, k, "JSONPath-only field in a JSONata state (use Arguments, Output, Items or a JSONata expression instead)");
        } else {
          problem(name, k, "unknown field for a " + t + " state");
        }
      }
      boolean terminal = t.equals("Choice") || t.equals("Succeed") || t.equals("Fail");
      if (!terminal) {
        Object next = s.get("Next");
        Object end = s.get("End");
        if (next != null && !(next instanceof String)) {
          problem(name, "Next", "must be a state name");
        }
        if (end != null && !(end instanceof Boolean)) {
          problem(name, "End", "must be a boolean");
        }
        boolean isEnd = Boolean.TRUE.equals(end);
        if (next == null && !isEnd) {
          problem(name, "Next", "missing: a " + t + " state needs \"Next\" or \"End\": true");
        } else if (next != null && isEnd) {
          problem(name, "End", "a state cannot have both \"Next\" and \"End\": true");
        }
        d.next = next instanceof String ns ? ns : null;
        d.end = isEnd && next == null;
      }
      d.output = tpl(name, s, "Output");
      d.assign = tpl(name, s, "Assign");
      if (s.containsKey("Assign") && !(s.get("Assign") instanceof Map)) {
        problem(name, "Assign", "must be an object of variable names to values");
      }
      switch (t) {
        case "Task" -> task(d, s);
        case "Wait" -> {
          d.seconds = tpl(name, s, "Seconds");
          d.timestamp = tpl(name, s, "Timestamp");
          if ((d.seconds == null) == (d.timestamp == null)) {
            problem(name, "Seconds", "a Wait state needs exactly one of Seconds or Timestamp");
          }
          if (d.seconds instanceof Template.Literal l && !(l.value() instanceof Number n && n.doubleValue() >= 0
              && n.doubleValue() == Math.rint(n.doubleValue()))) {
            problem(name, "Seconds", "must be a non-negative integer or a JSONata expression");
          }
          if (d.timestamp instanceof Template.Literal l && !(l.value() instanceof String)) {
            problem(name, "Timestamp", "must be an ISO-8601 timestamp string or a JSONata expression");
          }
        }
        case "Choice" -> choice(d, s);
        case "Fail" -> {
          d.error = tpl(name, s, "Error");
          d.cause = tpl(name, s, "Cause");
          if (d.error instanceof Template.Literal l && !(l.value() instanceof String)) {
            problem(name, "Error", "must be a string");
          }
          if (d.cause instanceof Template.Literal l && !(l.value() instanceof String)) {
            problem(name, "Cause", "must be a string");
          }
        }
        case "Parallel" -> {
          d.arguments = tpl(name, s, "Arguments");
          Object b = s.get("Branches");
          if (!(b instanceof List<?> bl) || bl.isEmpty()) {
            problem(name, "Branches", "required, a non-empty array of branches");
          } else {
            List<Graph> gs = new ArrayList<>();
            for (int i = 0; i < bl.size(); i++) {
              if (bl.get(i) instanceof Map<?, ?> bm) {
                gs.add(graph((Map<String, Object>) bm, "JSONata", name + " (branch " + i + ")"));
              } else {
                problem(name, "Branches/" + i, "must be an object with StartAt and States");
              }
            }
            d.branches = gs;
          }
          retryCatch(d, s);
        }
        case "Map" -> map(d, s);
        default -> {
          // Pass and Succeed have only the common fields.
        }
      }
      return d;
    }

    void task(StateDef d, Map<String, Object> s) {
      Object r = s.get("Resource");
      if (!(r instanceof String rs) || rs.isEmpty()) {
        problem(d.name, "Resource", "required, the ARN of the resource to call");
      } else {
        d.resource = rs;
      }
      d.arguments = tpl(d.name, s, "Arguments");
      d.timeoutSeconds = tpl(d.name, s, "TimeoutSeconds");
      d.heartbeatSeconds = tpl(d.name, s, "HeartbeatSeconds");
      Double to = positiveInt(d.name, "TimeoutSeconds", d.timeoutSeconds);
      Double hb = positiveInt(d.name, "HeartbeatSeconds", d.heartbeatSeconds);
      if (to != null && hb != null && hb >= to) {
        problem(d.name, "HeartbeatSeconds", "must be smaller than TimeoutSeconds");
      }
      retryCatch(d, s);
    }

    Double positiveInt(String state, String field, Template t) {
      if (t instanceof Template.Literal l) {
        if (l.value() instanceof Number n && n.doubleValue() > 0 && n.doubleValue() == Math.rint(n.doubleValue())) {
          return n.doubleValue();
        }
        problem(state, field, "must be a positive integer or a JSONata expression");
      }
      return null;
    }

    @SuppressWarnings("unchecked")
    void choice(StateDef d, Map<String, Object> s) {
      Object c = s.get("Choices");
      if (!(c instanceof List<?> cl) || cl.isEmpty()) {
        problem(d.name, "Choices", "required, a non-empty array of rules");
      } else {
        List<ChoiceRule> rules = new ArrayList<>();
        for (int i = 0; i < cl.size(); i++) {
          String f = "Choices/" + i;
          if (!(cl.get(i) instanceof Map<?, ?> rm)) {
            problem(d.name, f, "must be an object");
            continue;
          }
          Map<String, Object> r = (Map<String, Object>) rm;
          for (String k : r.keySet()) {
            if (!Set.of("Condition", "Next", "Output", "Assign", "Comment").contains(k)) {
              problem(d.name, f + "/" + k, JSONPATH_ONLY.contains(k) || k.equals("Variable") || k.equals("And")
                  || k.equals("Or") || k.equals("Not") || k.endsWith("Equals") || k.startsWith("Is")
                  || k.contains("Than") || k.contains("Matches")
                  ? "JSONPath-only choice rule field in a JSONata state (use \"Condition\")" : "unknown field");
            }
          }
          Object cond = r.get("Condition");
          if (cond == null) {
            problem(d.name, f + "/Condition", "required in a JSONata choice rule");
          }
          if (!(r.get("Next") instanceof String)) {
            problem(d.name, f + "/Next", "required, a state name");
          }
          List<String[]> errs = new ArrayList<>();
          Template ct = cond == null ? null : Template.compile(cond, "Condition", errs);
          Template ot = r.containsKey("Output") ? Template.compile(r.get("Output"), "Output", errs) : null;
          Template at = r.containsKey("Assign") ? Template.compile(r.get("Assign"), "Assign", errs) : null;
          for (String[] e : errs) {
            problem(d.name, f + "/" + e[0], e[1]);
          }
          rules.add(new ChoiceRule(ct, r.get("Next") instanceof String n ? n : null, ot, at));
        }
        d.choices = rules;
      }
      Object def = s.get("Default");
      if (def != null && !(def instanceof String)) {
        problem(d.name, "Default", "must be a state name");
      }
      d.defaultNext = def instanceof String ds ? ds : null;
    }

    @SuppressWarnings("unchecked")
    void retryCatch(StateDef d, Map<String, Object> s) {
      Object r = s.get("Retry");
      if (r != null) {
        if (!(r instanceof List<?> rl)) {
          problem(d.name, "Retry", "must be an array of retriers");
        } else {
          List<Retrier> out = new ArrayList<>();
          for (int i = 0; i < rl.size(); i++) {
            String f = "Retry/" + i;
            if (!(rl.get(i) instanceof Map<?, ?> m)) {
              problem(d.name, f, "must be an object");
              continue;
            }
            Map<String, Object> rm = (Map<String, Object>) m;
            for (String k : rm.keySet()) {
              if (!Set.of("ErrorEquals", "IntervalSeconds", "MaxAttempts", "BackoffRate", "MaxDelaySeconds",
                  "JitterStrategy", "Comment").contains(k)) {
                problem(d.name, f + "/" + k, "unknown field for a retrier");
              }
            }
            List<String> errs = errorEquals(d.name, f, rm.get("ErrorEquals"), i == rl.size() - 1);
            double interval = num(d.name, f + "/IntervalSeconds", rm.get("IntervalSeconds"), 1, 1, 99999999, true);
            double max = num(d.name, f + "/MaxAttempts", rm.get("MaxAttempts"), 3, 0, 99999999, true);
            double backoff = num(d.name, f + "/BackoffRate", rm.get("BackoffRate"), 2.0, 1.0, Double.MAX_VALUE, false);
            Double maxDelay = rm.containsKey("MaxDelaySeconds")
                ? num(d.name, f + "/MaxDelaySeconds", rm.get("MaxDelaySeconds"), 0, 1, 31622400, true) : null;
            Object jitter = rm.get("JitterStrategy");
            if (jitter != null && !"FULL".equals(jitter) && !"NONE".equals(jitter)) {
              problem(d.name, f + "/JitterStrategy", "must be \"FULL\" or \"NONE\"");
            }
            out.add(new Retrier(errs, interval, (int) max, backoff, maxDelay, "FULL".equals(jitter)));
          }
          d.retry = out;
        }
      }
      Object c = s.get("Catch");
      if (c != null) {
        if (!(c instanceof List<?> cl)) {
          problem(d.name, "Catch", "must be an array of catchers");
        } else {
          List<Catcher> out = new ArrayList<>();
          for (int i = 0; i < cl.size(); i++) {
            String f = "Catch/" + i;
            if (!(cl.get(i) instanceof Map<?, ?> m)) {
              problem(d.name, f, "must be an object");
              continue;
            }
            Map<String, Object> cm = (Map<String, Object>) m;
            for (String k : cm.keySet()) {
              if (!Set.of("ErrorEquals", "Next", "Output", "Assign", "Comment").contains(k)) {
                problem(d.name, f + "/" + k, JSONPATH_ONLY.contains(k)
                    ? "JSONPath-only field in a JSONata catcher (use Output)" : "unknown field for a catcher");
              }
            }
            List<String> errs = errorEquals(d.name, f, cm.get("ErrorEquals"), i == cl.size() - 1);
            if (!(cm.get("Next") instanceof String)) {
              problem(d.name, f + "/Next", "required, a state name");
            }
            List<String[]> ce = new ArrayList<>();
            Template ot = cm.containsKey("Output") ? Template.compile(cm.get("Output"), "Output", ce) : null;
            Template at = cm.containsKey("Assign") ? Template.compile(cm.get("Assign"), "Assign", ce) : null;
            for (String[] e : ce) {
              problem(d.name, f + "/" + e[0], e[1]);
            }
            out.add(new Catcher(errs, cm.get("Next") instanceof String n ? n : null, ot, at));
          }
          d.catchers = out;
        }
      }
    }

    List<String> errorEquals(String state, String f, Object v, boolean last) {
      if (!(v instanceof List<?> l) || l.isEmpty() || !l.stream().allMatch(x -> x instanceof String)) {
        problem(state, f + "/ErrorEquals", "required, a non-empty array of error names");
        return List.of();
      }
      List<String> out = new ArrayList<>();
      for (Object o : l) {
        out.add((String) o);
      }
      // "States.ALL ... must appear alone in its ErrorEquals array and in the last retrier/catcher"
      // https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
      if (out.contains("States.ALL") && (out.size() > 1 || !last)) {
        problem(state, f + "/ErrorEquals", "\"States.ALL\" must appear alone and in the last "
            + (f.startsWith("Retry") ? "retrier" : "catcher"));
      }
      return out;
    }

    double num(String state, String f, Object v, double dflt, double min, double max, boolean integer) {
      if (v == null) {
        return dflt;
      }
      if (!(v instanceof Number n) || n.doubleValue() < min || n.doubleValue() > max
          || (integer && n.doubleValue() != Math.rint(n.doubleValue()))) {
        problem(state, f, "must be " + (integer ? "an integer" : "a number") + " >= " + (integer ? (long) min : min));
        return dflt;
      }
      return n.doubleValue();
    }

    @SuppressWarnings("unchecked")
    void map(StateDef d, Map<String, Object> s) {
      for (String unsupported : List.of("ItemReader", "ItemBatcher", "ResultWriter")) {
        if (s.containsKey(unsupported)) {
          problem(d.name, unsupported, "not supported locally (the engine has no S3); give the items with \"Items\"");
        }
      }
      Object p = s.get("ItemProcessor");
      if (!(p instanceof Map<?, ?> pm)) {
        problem(d.name, "ItemProcessor", "required, an object with StartAt and States");
      } else {
        Map<String, Object> proc = (Map<String, Object>) pm;
        Object cfg = proc.get("ProcessorConfig");
        if (cfg instanceof Map<?, ?> cm) {
          Object mode = cm.get("Mode");
          if (mode != null && !"INLINE".equals(mode) && !"DISTRIBUTED".equals(mode)) {
            problem(d.name, "ItemProcessor/ProcessorConfig/Mode", "must be INLINE or DISTRIBUTED");
          }
          d.distributed = "DISTRIBUTED".equals(mode);
          Object et = cm.get("ExecutionType");
          if (d.distributed && et != null && !"STANDARD".equals(et) && !"EXPRESS".equals(et)) {
            problem(d.name, "ItemProcessor/ProcessorConfig/ExecutionType", "must be STANDARD or EXPRESS");
          }
        } else if (cfg != null) {
          problem(d.name, "ItemProcessor/ProcessorConfig", "must be an object");
        }
        for (String k : proc.keySet()) {
          if (!Set.of("ProcessorConfig", "StartAt", "States", "Comment").contains(k)) {
            problem(d.name, "ItemProcessor/" + k, "unknown field");
          }
        }
        d.processor = graph(proc, "JSONata", d.name + " (ItemProcessor)");
      }
      d.items = tpl(d.name, s, "Items");
      if (d.items instanceof Template.Literal l && !(l.value() instanceof List)) {
        problem(d.name, "Items", "must be an array or a JSONata expression");
      }
      d.itemSelector = tpl(d.name, s, "ItemSelector");
      d.maxConcurrency = tpl(d.name, s, "MaxConcurrency");
      d.toleratedFailureCount = tpl(d.name, s, "ToleratedFailureCount");
      d.toleratedFailurePercentage = tpl(d.name, s, "ToleratedFailurePercentage");
      if (d.maxConcurrency instanceof Template.Literal l && !(l.value() instanceof Number n && n.doubleValue() >= 0)) {
        problem(d.name, "MaxConcurrency", "must be a non-negative integer");
      }
      if (d.toleratedFailurePercentage instanceof Template.Literal l
          && !(l.value() instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 100)) {
        problem(d.name, "ToleratedFailurePercentage", "must be a number from 0 to 100");
      }
      if (d.toleratedFailureCount instanceof Template.Literal l && !(l.value() instanceof Number n && n.doubleValue() >= 0)) {
        problem(d.name, "ToleratedFailureCount", "must be a non-negative integer");
      }
      Object label = s.get("Label");
      if (label != null && !(label instanceof String)) {
        problem(d.name, "Label", "must be a string");
      }
      d.label = label instanceof String ls ? ls : null;
      retryCatch(d, s);
    }
  }
}
