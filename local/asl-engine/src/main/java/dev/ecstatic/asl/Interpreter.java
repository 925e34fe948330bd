package dev.ecstatic.asl;

import dev.ecstatic.asl.Json.JsonText;
import dev.ecstatic.asl.StateMachine.Catcher;
import dev.ecstatic.asl.StateMachine.ChoiceRule;
import dev.ecstatic.asl.StateMachine.Graph;
import dev.ecstatic.asl.StateMachine.Retrier;
import dev.ecstatic.asl.StateMachine.StateDef;
import dev.ecstatic.asl.Template.QueryError;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/** Executes one run (an execution and its child executions) of a state machine. */
final class Interpreter {
  /** Payload limit: 256 KiB of UTF-8. https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html */
  static final int MAX_PAYLOAD_BYTES = 262_144;
  /** Events per execution history. https://docs.aws.amazon.com/step-functions/latest/dg/service-quotas.html */
  static final int MAX_HISTORY_EVENTS = 25_000;
  /** Inline Map runs at most 40 iterations at once, whatever MaxConcurrency asks for.
   * https://docs.aws.amazon.com/step-functions/latest/dg/state-map-inline.html */
  static final int INLINE_MAP_CONCURRENCY = 40;
  /** Distributed Map runs at most 10,000 child executions at once.
   * https://docs.aws.amazon.com/step-functions/latest/dg/state-map-distributed.html */
  static final int DISTRIBUTED_MAP_CONCURRENCY = 10_000;

  private static final DateTimeFormatter CONTEXT_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Map<String, Object> NOT_TRUNCATED = Map.of("truncated", false);

  private final Engine engine;
  private final StateMachine sm;
  private final EngineClock clock;
  private final String smArn;
  private final Map<String, Object> smContext;
  private final ConcurrentHashMap<String, AtomicInteger> mockCounters = new ConcurrentHashMap<>();

  Interpreter(Engine engine, StateMachine sm) {
    this.engine = engine;
    this.sm = sm;
    this.clock = engine.clock;
    this.smArn = "arn:aws:states:" + engine.region + ":" + engine.accountId + ":stateMachine:" + engine.stateMachineName;
    Map<String, Object> smc = new LinkedHashMap<>();
    smc.put("Id", smArn);
    smc.put("Name", engine.stateMachineName);
    this.smContext = Collections.unmodifiableMap(smc);
  }

  // ------------------------------------------------------------------ executions

  /** One execution: its history, counters and child executions. */
  final class ExecCtx {
    final String name;
    final String arn;
    final Object input;
    final JsonText inputText;
    final Instant start;
    final Map<String, Object> contextExecution;
    final List<HistoryEvent> events = new ArrayList<>();
    final List<Execution> children = Collections.synchronizedList(new ArrayList<>());
    final LongAdder transitions = new LongAdder();
    final AtomicLong maxPayload = new AtomicLong();
    final ConcurrentHashMap<String, LongAdder> invocations = new ConcurrentHashMap<>();
    final Cancel rootCancel = new Cancel(null);
    volatile boolean timedOut;
    boolean historyFull;

    ExecCtx(String name, String arn, Object input, JsonText inputText) {
      this.name = name;
      this.arn = arn;
      this.input = input;
      this.inputText = inputText;
      this.start = clock.now();
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("Id", arn);
      c.put("Input", input);
      c.put("Name", name);
      c.put("RoleArn", roleArn());
      c.put("StartTime", CONTEXT_TIME.format(start));
      c.put("RedriveCount", 0);
      this.contextExecution = Collections.unmodifiableMap(c);
    }

    /** Appends an event; returns its id. At the history limit the execution fails (uncatchable). */
    long add(long previous, String type, String detailsKey, Map<String, Object> details, boolean force) {
      HistoryEvent e;
      synchronized (this) {
        if (historyFull && !force) {
          throw historyLimit();
        }
        if (!force && events.size() >= MAX_HISTORY_EVENTS - 1) {
          historyFull = true;
          throw historyLimit();
        }
        e = new HistoryEvent(events.size() + 1, previous, clock.now(), type, detailsKey, details);
        events.add(e);
        if (engine.listener != null) {
          engine.listener.onEvent(name, e);
        }
      }
      return e.id();
    }

    private Failure historyLimit() {
      return new Failure("States.Runtime", "The execution reached the limit of " + MAX_HISTORY_EVENTS
          + " events in its history. Use a Distributed Map or a child execution to run larger workloads.",
          Failure.Kind.TERMINAL);
    }

    void payload(long bytes) {
      maxPayload.accumulateAndGet(bytes, Math::max);
    }
  }

  private String roleArn() {
    return "arn:aws:iam::" + engine.accountId + ":role/StepFunctions-" + engine.stateMachineName + "-role";
  }

  Execution runTop(String name, Object input) {
    JsonText text = new JsonText(input);
    if (utf8Length(text.text()) > MAX_PAYLOAD_BYTES) {
      throw new IllegalArgumentException("execution input is larger than " + MAX_PAYLOAD_BYTES + " bytes");
    }
    String arn = "arn:aws:states:" + engine.region + ":" + engine.accountId + ":execution:" + engine.stateMachineName
        + ":" + name;
    ExecCtx ex = new ExecCtx(name, arn, input, text);
    CompletableFuture<Execution> f = new CompletableFuture<>();
    // The run happens on a clock-tracked thread, so a simulated clock accounts for it.
    clock.startThread("asl-" + name, () -> {
      Thread watchdog = null;
      if (sm.timeoutSeconds instanceof Number n) {
        // The state machine's TimeoutSeconds: past it, the execution ends TIMED_OUT.
        // https://docs.aws.amazon.com/step-functions/latest/dg/statemachine-structure.html
        Thread runner = Thread.currentThread();
        watchdog = clock.startThread("asl-timeout-" + name, () -> {
          try {
            clock.sleep(Duration.ofSeconds(n.longValue()));
            ex.timedOut = true;
            ex.rootCancel.set = true;
            clock.interrupt(runner);
          } catch (InterruptedException e) {
            // the execution ended in time
          }
        });
      }
      try {
        f.complete(runExecution(ex, sm.graph));
      } catch (Throwable t) {
        f.completeExceptionally(t);
      } finally {
        if (watchdog != null) {
          clock.interrupt(watchdog);
        }
      }
    });
    try {
      // Through the clock: a caller on a clock-tracked thread goes idle while it waits, so a
      // simulated clock can still move time for the run (a plain get would keep it still forever).
      return clock.await(f, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + name, e);
    } catch (TimeoutException e) {
      throw new IllegalStateException(e); // no timeout was given
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private Execution runExecution(ExecCtx ex, Graph g) {
    Map<String, Object> started = new LinkedHashMap<>();
    started.put("input", ex.inputText);
    started.put("inputDetails", NOT_TRUNCATED);
    started.put("roleArn", roleArn());
    ex.payload(utf8Length(ex.inputText.text()));
    ExecutionStatus status;
    String output = null;
    String error = null;
    String cause = null;
    try {
      ex.add(0, "ExecutionStarted", "executionStartedEventDetails", started, false);
      // AWS records the first state's entry with previousEventId 0, as if after nothing.
      Branch b = new Branch(ex, new Scope(null), ex.rootCancel, 0);
      JsonText out = runGraph(g, ex.input, ex.inputText, b);
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("output", out);
      d.put("outputDetails", NOT_TRUNCATED);
      ex.add(b.last, "ExecutionSucceeded", "executionSucceededEventDetails", d, false);
      status = ExecutionStatus.SUCCEEDED;
      output = out.text();
    } catch (Failure f) {
      if (f.kind == Failure.Kind.ABORTED && ex.timedOut) {
        status = ExecutionStatus.TIMED_OUT;
        error = "States.Timeout";
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("error", error);
        d.put("cause", "The execution ran longer than the state machine's TimeoutSeconds.");
        cause = (String) d.get("cause");
        ex.add(lastId(ex), "ExecutionTimedOut", "executionTimedOutEventDetails", d, true);
      } else if (f.kind == Failure.Kind.ABORTED) {
        status = ExecutionStatus.ABORTED;
        ex.add(lastId(ex), "ExecutionAborted", null, null, true);
      } else {
        status = ExecutionStatus.FAILED;
        error = f.error;
        cause = f.cause;
        Map<String, Object> d = new LinkedHashMap<>();
        if (f.error != null) {
          d.put("error", f.error);
        }
        if (f.cause != null) {
          d.put("cause", f.cause);
        }
        ex.add(lastId(ex), "ExecutionFailed", "executionFailedEventDetails", d, true);
      }
    }
    List<HistoryEvent> events;
    synchronized (ex) {
      events = List.copyOf(ex.events);
    }
    List<Execution> children = new ArrayList<>(ex.children);
    return new Execution(ex.name, ex.arn, status, output, error, cause, ex.start, clock.now(), events, children,
        stats(ex, events.size(), children));
  }

  private static long lastId(ExecCtx ex) {
    synchronized (ex) {
      return ex.events.size();
    }
  }

  private static ExecutionStats stats(ExecCtx ex, int ownEvents, List<Execution> children) {
    long transitions = ex.transitions.sum();
    long events = ownEvents;
    long maxEvents = ownEvents;
    long maxPayload = ex.maxPayload.get();
    long executions = 1;
    Map<String, Long> inv = new HashMap<>();
    ex.invocations.forEach((k, v) -> inv.merge(k, v.sum(), Long::sum));
    for (Execution c : children) {
      ExecutionStats s = c.stats();
      transitions += s.stateTransitions();
      events += s.historyEvents();
      maxEvents = Math.max(maxEvents, s.maxEventsPerExecution());
      maxPayload = Math.max(maxPayload, s.maxPayloadBytes());
      executions += s.executions();
      s.taskInvocations().forEach((k, v) -> inv.merge(k, v, Long::sum));
    }
    return new ExecutionStats(transitions, events, maxEvents, maxPayload, inv, executions);
  }

  // ------------------------------------------------------------------ branches, scopes, failures

  /** Variables of one scope; inner scopes read outer ones and write their own. */
  static final class Scope {
    final Scope parent;
    final Map<String, Object> vars = new HashMap<>();

    Scope(Scope parent) {
      this.parent = parent;
    }

    void collect(Map<String, Object> into) {
      if (parent != null) {
        parent.collect(into);
      }
      into.putAll(vars);
    }
  }

  /** Cancellation of a Map's or Parallel's other iterations when one fails. */
  static final class Cancel {
    final Cancel parent;
    volatile boolean set;

    Cancel(Cancel parent) {
      this.parent = parent;
    }

    boolean isSet() {
      return set || (parent != null && parent.isSet());
    }
  }

  /** A thread of control within an execution: the whole execution, a Map iteration or a branch. */
  static final class Branch {
    final ExecCtx ex;
    final Scope scope;
    final Cancel cancel;
    long last;

    Branch(ExecCtx ex, Scope scope, Cancel cancel, long last) {
      this.ex = ex;
      this.scope = scope;
      this.cancel = cancel;
      this.last = last;
    }

    long add(String type, String key, Map<String, Object> details) {
      last = ex.add(last, type, key, details, false);
      return last;
    }
  }

  /** A state's failure, with the Step Functions error name. */
  static final class Failure extends RuntimeException {
    enum Kind { NORMAL, TERMINAL, ABORTED }

    final String error;
    final String cause;
    final Kind kind;

    Failure(String error, String cause, Kind kind) {
      super(error + ": " + cause, null, false, false);
      this.error = error;
      this.cause = cause;
      this.kind = kind;
    }

    Failure(String error, String cause) {
      this(error, cause, Kind.NORMAL);
    }

    static Failure aborted() {
      return new Failure("States.Aborted", "aborted", Kind.ABORTED);
    }
  }

  /** The state being executed. */
  private final class StateRun {
    final StateDef s;
    final Branch b;
    final Object input;
    final JsonText inputText;
    final Instant entered;
    final long enteredId;
    final long enteredPrevious;

    StateRun(StateDef s, Branch b, Object input, JsonText inputText) {
      this.s = s;
      this.b = b;
      this.input = input;
      this.inputText = inputText;
      this.entered = clock.now();
      this.enteredPrevious = b.last;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("name", s.name);
      d.put("input", inputText);
      d.put("inputDetails", NOT_TRUNCATED);
      this.enteredId = b.add(s.type + "StateEntered", "stateEnteredEventDetails", d);
      b.ex.transitions.increment();
    }

    Map<String, Object> context(int retryCount) {
      Map<String, Object> st = new LinkedHashMap<>();
      st.put("EnteredTime", CONTEXT_TIME.format(entered));
      st.put("Name", s.name);
      st.put("RetryCount", retryCount);
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("Execution", b.ex.contextExecution);
      c.put("State", st);
      c.put("StateMachine", smContext);
      return c;
    }

    Map<String, Object> bindings(Map<String, Object> context, String extraKey, Object extra) {
      Map<String, Object> states = new HashMap<>();
      states.put("input", input);
      states.put("context", context);
      if (extraKey != null) {
        states.put(extraKey, extra);
      }
      Map<String, Object> bind = new HashMap<>();
      b.scope.collect(bind);
      bind.put("states", states);
      return bind;
    }

    /** Evaluates a template; a JSONata failure becomes an EvaluationFailed event and the error. */
    Object eval(Template t, Map<String, Object> bindings) {
      try {
        return t.eval(bindings, clock.now());
      } catch (QueryError e) {
        throw queryFailure(e.location, e.getMessage());
      }
    }

    Failure queryFailure(String location, String message) {
      String cause = "An error occurred while executing the state '" + s.name + "' (entered at the event id #"
          + enteredId + "). " + message;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("cause", cause);
      d.put("error", "States.QueryEvaluationError");
      if (location != null) {
        d.put("location", location);
      }
      d.put("state", s.name);
      // previousEventId as recorded from AWS: the Wait state's entry, else the event before the entry.
      b.last = b.ex.add(s.type.equals("Wait") ? enteredId : enteredPrevious, "EvaluationFailed",
          "evaluationFailedEventDetails", d, false);
      return new Failure("States.QueryEvaluationError", cause);
    }

    /** Checks a payload against the 256 KiB limit and records its size. */
    JsonText checked(Object value, String what) {
      JsonText t = new JsonText(value);
      int size = utf8Length(t.text());
      b.ex.payload(size);
      if (size > MAX_PAYLOAD_BYTES) {
        throw new Failure("States.DataLimitExceeded", "The " + what + " of the state '" + s.name
            + "' has a size exceeding the maximum number of bytes service limit (" + MAX_PAYLOAD_BYTES + ").",
            Failure.Kind.TERMINAL);
      }
      return t;
    }

    void exited(JsonText output, Map<String, Object> assigned) {
      Map<String, Object> d = new LinkedHashMap<>();
      if (assigned != null) {
        Map<String, Object> av = new LinkedHashMap<>();
        assigned.forEach((k, v) -> av.put(k, new JsonText(v)));
        d.put("assignedVariables", av);
        d.put("assignedVariablesDetails", NOT_TRUNCATED);
      }
      d.put("name", s.name);
      d.put("output", output);
      d.put("outputDetails", NOT_TRUNCATED);
      b.add(s.type + "StateExited", "stateExitedEventDetails", d);
    }

    /** Output and Assign (both over the pre-state variables), then the exit event. */
    Outcome finish(Template outputT, Template assignT, Map<String, Object> bindings, Object dflt, String next) {
      @SuppressWarnings("unchecked")
      Map<String, Object> assigned = assignT == null ? null : (Map<String, Object>) eval(assignT, bindings);
      Object out = outputT == null ? dflt : eval(outputT, bindings);
      JsonText text = checked(out, "output");
      if (assigned != null) {
        b.scope.vars.putAll(assigned);
      }
      exited(text, assigned);
      return new Outcome(out, text, next);
    }
  }

  record Outcome(Object output, JsonText text, String next) {}

  // ------------------------------------------------------------------ the state loop

  JsonText runGraph(Graph g, Object input, JsonText inputText, Branch b) {
    String cur = g.startAt();
    Object in = input;
    JsonText inText = inputText;
    while (true) {
      if (b.cancel != null && b.cancel.isSet()) {
        throw Failure.aborted();
      }
      StateDef s = g.states().get(cur);
      StateRun r = new StateRun(s, b, in, inText);
      Outcome o = switch (s.type) {
        case "Pass" -> r.finish(s.output, s.assign, r.bindings(r.context(0), null, null), in, s.next);
        case "Task" -> task(r);
        case "Wait" -> waitState(r);
        case "Choice" -> choice(r);
        case "Succeed" -> r.finish(s.output, null, r.bindings(r.context(0), null, null), in, null);
        case "Fail" -> fail(r);
        case "Parallel" -> parallel(r);
        case "Map" -> map(r);
        default -> throw new IllegalStateException("unknown state type " + s.type);
      };
      if (o.next() == null) {
        return o.text();
      }
      cur = o.next();
      in = o.output();
      inText = o.text();
    }
  }

  private Outcome fail(StateRun r) {
    Map<String, Object> bind = r.bindings(r.context(0), null, null);
    String error = r.s.error == null ? null : stringField(r, r.s.error, bind, "Error");
    String cause = r.s.cause == null ? null : stringField(r, r.s.cause, bind, "Cause");
    throw new Failure(error, cause);
  }

  private String stringField(StateRun r, Template t, Map<String, Object> bind, String field) {
    Object v = r.eval(t, bind);
    if (!(v instanceof String s)) {
      throw r.queryFailure(field, "The JSONata expression specified for the field '" + field
          + "' returned an unexpected result type. Expected 'string', but was '" + Json.typeName(v) + "' for value: "
          + Json.write(v));
    }
    return s;
  }

  private Outcome choice(StateRun r) {
    Map<String, Object> bind = r.bindings(r.context(0), null, null);
    for (ChoiceRule rule : r.s.choices) {
      Object c = r.eval(rule.condition(), bind);
      if (!(c instanceof Boolean)) {
        String src = rule.condition() instanceof Template.ExprT e ? e.expr().source : Json.write(c);
        throw r.queryFailure("Condition", "The JSONata expression '" + src
            + "' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was '"
            + Json.typeName(c) + "' for value: " + Json.write(c));
      }
      if ((Boolean) c) {
        return r.finish(rule.output(), rule.assign(), bind, r.input, rule.next());
      }
    }
    if (r.s.defaultNext == null) {
      throw new Failure("States.NoChoiceMatched", "No Matches!");
    }
    return r.finish(r.s.output, r.s.assign, bind, r.input, r.s.defaultNext);
  }

  private Outcome waitState(StateRun r) {
    Map<String, Object> bind = r.bindings(r.context(0), null, null);
    Instant until;
    if (r.s.seconds != null) {
      Object v = r.eval(r.s.seconds, bind);
      if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
        String src = r.s.seconds instanceof Template.ExprT e ? e.expr().source : Json.write(v);
        throw r.queryFailure("Seconds", "The JSONata expression '" + src
            + "' specified for the field 'Seconds' returned an unexpected result type. Expected 'integer', but was '"
            + Json.typeName(v) + "' for value: " + Json.write(v));
      }
      until = r.entered.plusSeconds(n.longValue());
    } else {
      Object v = r.eval(r.s.timestamp, bind);
      try {
        if (!(v instanceof String s)) {
          throw new DateTimeParseException("not a string", Json.write(v), 0);
        }
        until = OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
      } catch (DateTimeParseException e) {
        throw r.queryFailure("Timestamp", "The Timestamp field cannot be parsed as an ISO-8601 extended offset "
            + "date-time format string: " + (v instanceof String s ? s : Json.write(v)));
      }
    }
    sleep(r.b, Duration.between(clock.now(), until));
    return r.finish(r.s.output, r.s.assign, bind, r.input, r.s.next);
  }

  private void sleep(Branch b, Duration d) {
    if (d.isNegative() || d.isZero()) {
      return;
    }
    try {
      clock.sleep(d);
    } catch (InterruptedException e) {
      throw Failure.aborted();
    }
    if (b.cancel != null && b.cancel.isSet()) {
      throw Failure.aborted();
    }
  }

  // ------------------------------------------------------------------ retry and catch

  @FunctionalInterface
  private interface Attempt {
    Outcome run(int retryCount);
  }

  /**
   * Runs a Task, Map or Parallel with its Retry and Catch.
   *
   * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html">Handling errors</a>
   */
  private Outcome withRetryAndCatch(StateRun r, Attempt attempt, String failedEvent) {
    StateDef s = r.s;
    int[] attempts = new int[s.retry.size()];
    int retryCount = 0;
    while (true) {
      Failure f;
      try {
        return attempt.run(retryCount);
      } catch (Failure e) {
        f = e;
      }
      if (f.kind == Failure.Kind.ABORTED) {
        throw f;
      }
      if (r.b.cancel != null && r.b.cancel.isSet()) {
        // The branch is being aborted (a sibling failed, the execution timed out): whatever the
        // failure, typically one the abort's interrupt caused, no Retry or Catch runs.
        throw Failure.aborted();
      }
      // The first retrier whose ErrorEquals matches decides; once its attempts are spent, no retry.
      int i = firstMatch(s.retry.stream().map(Retrier::errorEquals).toList(), f);
      if (i >= 0 && attempts[i] < s.retry.get(i).maxAttempts()) {
        Retrier rt = s.retry.get(i);
        sleep(r.b, retryDelay(rt, attempts[i]));
        attempts[i]++;
        retryCount++;
        continue;
      }
      if (failedEvent != null) {
        long lastInner = lastId(r.b.ex);
        r.b.last = lastInner;
        r.b.add(failedEvent, null, null);
      }
      int c = firstMatch(s.catchers.stream().map(Catcher::errorEquals).toList(), f);
      if (c < 0) {
        throw f;
      }
      Catcher catcher = s.catchers.get(c);
      Map<String, Object> errorOutput = new LinkedHashMap<>();
      errorOutput.put("Error", f.error == null ? Json.NULL : f.error);
      errorOutput.put("Cause", f.cause == null ? Json.NULL : f.cause);
      Map<String, Object> bind = r.bindings(r.context(retryCount), "errorOutput", errorOutput);
      return r.finish(catcher.output(), catcher.assign(), bind, errorOutput, catcher.next());
    }
  }

  /**
   * IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds; with JitterStrategy FULL a
   * random delay between 0 and that.
   *
   * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-retrying-after-an-error">Retrying after an error</a>
   */
  static Duration retryDelay(Retrier rt, int attempt) {
    double seconds = rt.intervalSeconds() * Math.pow(rt.backoffRate(), attempt);
    if (rt.maxDelaySeconds() != null) {
      seconds = Math.min(seconds, rt.maxDelaySeconds());
    }
    if (rt.fullJitter()) {
      seconds = ThreadLocalRandom.current().nextDouble() * seconds;
    }
    return Duration.ofNanos((long) (seconds * 1e9));
  }

  /**
   * States.ALL matches every error but States.DataLimitExceeded and States.Runtime; States.TaskFailed
   * also leaves out States.Timeout. Terminal failures (payload and history limits) match nothing.
   *
   * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html#error-handling-error-representation">Error names</a>
   */
  private static int firstMatch(List<List<String>> errorEquals, Failure f) {
    if (f.kind != Failure.Kind.NORMAL) {
      return -1;
    }
    for (int i = 0; i < errorEquals.size(); i++) {
      for (String e : errorEquals.get(i)) {
        boolean wildcardable = !"States.Runtime".equals(f.error) && !"States.DataLimitExceeded".equals(f.error);
        if (e.equals(f.error) || (e.equals("States.ALL") && wildcardable)
            || (e.equals("States.TaskFailed") && wildcardable && !"States.Timeout".equals(f.error))) {
          return i;
        }
      }
    }
    return -1;
  }

  // ------------------------------------------------------------------ Task

  private Outcome task(StateRun r) {
    StateDef s = r.s;
    String resource = s.resource;
    String rest = resource.startsWith("arn:aws:states:::") ? resource.substring("arn:aws:states:::".length()) : null;
    String resourceType;
    String resourceName;
    if (rest != null && rest.lastIndexOf(':') > 0) {
      resourceType = rest.substring(0, rest.lastIndexOf(':'));
      resourceName = rest.substring(rest.lastIndexOf(':') + 1);
    } else {
      resourceType = resource.startsWith("arn:aws:lambda:") ? "lambda" : "activity";
      resourceName = resource;
    }
    // A Lambda function ARN as Resource (the pre-"lambda:invoke" integration) records LambdaFunction*
    // events instead of Task* events, as AWS does.
    boolean legacyLambda = resource.startsWith("arn:aws:lambda:");
    return withRetryAndCatch(r, retryCount -> {
      Map<String, Object> ctx = r.context(retryCount);
      Map<String, Object> bind = r.bindings(ctx, null, null);
      Object args = s.arguments == null ? r.input : r.eval(s.arguments, bind);
      JsonText argsText = r.checked(args, "input");
      Long timeout = s.timeoutSeconds == null ? null : positiveInt(r, s.timeoutSeconds, bind, "TimeoutSeconds");
      Long heartbeat = s.heartbeatSeconds == null ? null : positiveInt(r, s.heartbeatSeconds, bind, "HeartbeatSeconds");
      if (legacyLambda) {
        Map<String, Object> sched = new LinkedHashMap<>();
        sched.put("input", argsText);
        sched.put("inputDetails", NOT_TRUNCATED);
        sched.put("resource", resource);
        if (timeout != null) {
          sched.put("timeoutInSeconds", timeout);
        }
        r.b.add("LambdaFunctionScheduled", "lambdaFunctionScheduledEventDetails", sched);
        r.b.add("LambdaFunctionStarted", null, null);
      } else {
        Map<String, Object> sched = new LinkedHashMap<>();
        sched.put("resourceType", resourceType);
        sched.put("resource", resourceName);
        sched.put("region", engine.region);
        sched.put("parameters", argsText);
        if (timeout != null) {
          sched.put("timeoutInSeconds", timeout);
        }
        if (heartbeat != null) {
          sched.put("heartbeatInSeconds", heartbeat);
        }
        r.b.add("TaskScheduled", "taskScheduledEventDetails", sched);
        Map<String, Object> startedD = new LinkedHashMap<>();
        startedD.put("resourceType", resourceType);
        startedD.put("resource", resourceName);
        r.b.add("TaskStarted", "taskStartedEventDetails", startedD);
      }
      String resultJson;
      try {
        resultJson = invoke(r, args, argsText, ctx, timeout, retryCount);
      } catch (Failure f) {
        if (f.kind == Failure.Kind.NORMAL) {
          boolean timedOut = "States.Timeout".equals(f.error);
          Map<String, Object> d = new LinkedHashMap<>();
          if (!legacyLambda) {
            d.put("resourceType", resourceType);
            d.put("resource", resourceName);
          }
          if (f.error != null) {
            d.put("error", f.error);
          }
          if (f.cause != null) {
            d.put("cause", f.cause);
          }
          String prefix = legacyLambda ? "LambdaFunction" : "Task";
          String key = legacyLambda ? "lambdaFunction" : "task";
          r.b.add(prefix + (timedOut ? "TimedOut" : "Failed"), key + (timedOut ? "TimedOutEventDetails"
              : "FailedEventDetails"), d);
        }
        throw f;
      }
      Object result;
      try {
        result = Json.parse(resultJson);
      } catch (IllegalArgumentException e) {
        throw new Failure("States.Runtime", "The task result of state '" + s.name + "' is not JSON: " + e.getMessage());
      }
      JsonText resultText = r.checked(result, "result");
      Map<String, Object> d = new LinkedHashMap<>();
      if (!legacyLambda) {
        d.put("resourceType", resourceType);
        d.put("resource", resourceName);
      }
      d.put("output", resultText);
      d.put("outputDetails", NOT_TRUNCATED);
      r.b.add(legacyLambda ? "LambdaFunctionSucceeded" : "TaskSucceeded",
          legacyLambda ? "lambdaFunctionSucceededEventDetails" : "taskSucceededEventDetails", d);
      return r.finish(s.output, s.assign, r.bindings(ctx, "result", result), result, s.next);
    }, null);
  }

  private Long positiveInt(StateRun r, Template t, Map<String, Object> bind, String field) {
    Object v = r.eval(t, bind);
    if (!(v instanceof Number n) || n.doubleValue() <= 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw r.queryFailure(field, "The value of the field '" + field + "' must be a positive integer, but was: "
          + Json.write(v));
    }
    return n.longValue();
  }

  private String invoke(StateRun r, Object args, JsonText argsText, Map<String, Object> ctx, Long timeout,
      int attempt) {
    StateDef s = r.s;
    r.b.ex.invocations.computeIfAbsent(s.resource, k -> new LongAdder()).increment();
    List<MockConfig.Response> mocked = engine.mocks.get(s.name);
    if (mocked != null) {
      int n = mockCounters.computeIfAbsent(r.b.ex.arn + "\n" + s.name, k -> new AtomicInteger()).getAndIncrement();
      MockConfig.Response resp = null;
      for (int i = Math.min(n, mocked.size() - 1); i >= 0 && resp == null; i--) {
        resp = mocked.get(i); // past the last numbered response, the last one repeats
      }
      if (resp == null) {
        throw new Failure("States.Runtime", "no mocked response for invocation " + n + " of state '" + s.name + "'");
      }
      if (resp.isThrow()) {
        throw new Failure(resp.error(), resp.cause());
      }
      return resp.returnJson();
    }
    TaskInvoker invoker = engine.taskInvoker;
    if (invoker == null) {
      throw new Failure("States.Runtime", "no task invoker is configured for resource " + s.resource
          + " (state '" + s.name + "') and the state is not mocked");
    }
    TaskRequest req = new TaskRequest(s.resource, argsText.text(), s.name, () -> Json.write(ctx), r.b.ex.name, attempt);
    Cancel cancel = r.b.cancel;
    if (timeout == null) {
      return call(invoker, req, cancel);
    }
    CompletableFuture<String> f = new CompletableFuture<>();
    Thread t = clock.startThread("task-" + s.name, () -> {
      try {
        f.complete(call(invoker, req, cancel));
      } catch (Throwable e) {
        f.completeExceptionally(e);
      }
    });
    try {
      return clock.await(f, Duration.ofSeconds(timeout));
    } catch (TimeoutException e) {
      clock.interrupt(t);
      throw new Failure("States.Timeout", "The task did not complete within " + timeout + " seconds (TimeoutSeconds).");
    } catch (InterruptedException e) {
      clock.interrupt(t);
      throw Failure.aborted();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Failure fe) {
        throw fe;
      }
      throw new IllegalStateException("the task thread of state '" + s.name + "' failed", e.getCause());
    }
  }

  /**
   * Calls the invoker. A {@link TaskFailedException} is the task's failure (catchable). Whatever the
   * invoker throws once the branch is cancelled or this thread interrupted (an abort, a fail-fast
   * sibling, a TimeoutSeconds) is the abort's doing: the abort. Any other exception is a fault of the
   * invoker, not a simulated AWS error: the execution fails with States.Runtime (neither retried nor
   * caught, as on AWS), the exception's class and message in the cause.
   */
  private static String call(TaskInvoker invoker, TaskRequest req, Cancel cancel) {
    try {
      return invoker.invoke(req);
    } catch (TaskFailedException | RuntimeException e) {
      if (Thread.currentThread().isInterrupted() || (cancel != null && cancel.isSet())) {
        throw Failure.aborted();
      }
      if (e instanceof TaskFailedException tf) {
        throw new Failure(tf.error(), tf.cause());
      }
      throw new Failure("States.Runtime", "The task invoker failed for state '" + req.stateName() + "': " + e,
          Failure.Kind.TERMINAL);
    }
  }

  // ------------------------------------------------------------------ Parallel

  private Outcome parallel(StateRun r) {
    StateDef s = r.s;
    return withRetryAndCatch(r, retryCount -> {
      Map<String, Object> ctx = r.context(retryCount);
      Map<String, Object> bind = r.bindings(ctx, null, null);
      Object args = s.arguments == null ? r.input : r.eval(s.arguments, bind);
      JsonText argsText = r.checked(args, "input");
      long startedId = r.b.add("ParallelStateStarted", null, null);
      Cancel cancel = new Cancel(r.b.cancel);
      Object[] results = concurrently(s.branches.size(), s.branches.size(), cancel, true, i -> {
        Branch bb = new Branch(r.b.ex, new Scope(r.b.scope), cancel, startedId);
        JsonText out = runGraph(s.branches.get(i), args, argsText, bb);
        return out.value();
      });
      long lastInner = lastId(r.b.ex);
      r.b.last = lastInner;
      r.b.add("ParallelStateSucceeded", null, null);
      r.b.last = lastInner;
      List<Object> list = new ArrayList<>(List.of(results));
      return r.finish(s.output, s.assign, r.bindings(ctx, "result", list), list, s.next);
    }, "ParallelStateFailed");
  }

  // ------------------------------------------------------------------ Map

  private Outcome map(StateRun r) {
    StateDef s = r.s;
    return withRetryAndCatch(r, retryCount -> {
      Map<String, Object> ctx = r.context(retryCount);
      Map<String, Object> bind = r.bindings(ctx, null, null);
      List<?> items;
      if (s.items != null) {
        Object v = r.eval(s.items, bind);
        if (!(v instanceof List<?> l)) {
          String src = s.items instanceof Template.ExprT e ? e.expr().source : Json.write(v);
          throw r.queryFailure("Items", "The JSONata expression '" + src + "' specified for the field 'Items' returned "
              + "an unexpected result type. Expected 'array', but was '" + Json.typeName(v) + "' for value: "
              + Json.write(v));
        }
        items = l;
      } else if (r.input instanceof List<?> l) {
        items = l;
      } else {
        throw r.queryFailure(null, "Map state input must be an array but was: " + Json.write(r.input));
      }
      int maxConcurrency = s.maxConcurrency == null ? 0 : nonNegativeInt(r, s.maxConcurrency, bind, "MaxConcurrency");
      Double toleratedCount = s.toleratedFailureCount == null ? null
          : (double) nonNegativeInt(r, s.toleratedFailureCount, bind, "ToleratedFailureCount");
      Double toleratedPct = s.toleratedFailurePercentage == null ? null
          : percentage(r, s.toleratedFailurePercentage, bind);
      Map<String, Object> startedD = new LinkedHashMap<>();
      startedD.put("length", items.size());
      long startedId = r.b.add("MapStateStarted", "mapStateStartedEventDetails", startedD);
      int cap = s.distributed ? DISTRIBUTED_MAP_CONCURRENCY : INLINE_MAP_CONCURRENCY;
      int workers = Math.max(1, Math.min(items.size(), maxConcurrency == 0 ? cap : Math.min(cap, maxConcurrency)));
      List<Object> results = s.distributed
          ? distributed(r, ctx, items, workers, toleratedCount, toleratedPct)
          : inline(r, ctx, items, workers, startedId);
      // As recorded from AWS: MapStateSucceeded and MapStateExited both follow the last iteration event.
      long lastInner = lastId(r.b.ex);
      r.b.last = lastInner;
      r.b.add("MapStateSucceeded", null, null);
      r.b.last = lastInner;
      return r.finish(s.output, s.assign, r.bindings(ctx, "result", results), results, s.next);
    }, "MapStateFailed");
  }

  private int nonNegativeInt(StateRun r, Template t, Map<String, Object> bind, String field) {
    Object v = r.eval(t, bind);
    if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() != Math.rint(n.doubleValue())) {
      throw r.queryFailure(field, "The value of the field '" + field + "' must be a non-negative integer, but was: "
          + Json.write(v));
    }
    return (int) Math.min(Integer.MAX_VALUE, n.longValue());
  }

  private double percentage(StateRun r, Template t, Map<String, Object> bind) {
    Object v = r.eval(t, bind);
    if (!(v instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 100) {
      throw r.queryFailure("ToleratedFailurePercentage", "The value of the field 'ToleratedFailurePercentage' must "
          + "be a number from 0 to 100, but was: " + Json.write(v));
    }
    return n.doubleValue();
  }

  private Map<String, Object> itemContext(Map<String, Object> ctx, int index, Object value) {
    Map<String, Object> item = new LinkedHashMap<>();
    item.put("Index", index);
    item.put("Value", value);
    Map<String, Object> c = new LinkedHashMap<>(ctx);
    c.put("Map", Map.of("Item", item));
    return c;
  }

  private List<Object> inline(StateRun r, Map<String, Object> ctx, List<?> items, int workers, long startedId) {
    StateDef s = r.s;
    Cancel cancel = new Cancel(r.b.cancel);
    // As recorded from AWS, an iteration starts after the previous one's last state event.
    AtomicLong previousIteration = new AtomicLong(startedId);
    Object[] results = concurrently(items.size(), workers, cancel, true, i -> {
      Branch ib = new Branch(r.b.ex, new Scope(r.b.scope), cancel, previousIteration.get());
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("index", i);
      d.put("name", s.name);
      ib.add("MapIterationStarted", "mapIterationStartedEventDetails", d);
      try {
        Object in = items.get(i);
        JsonText inText;
        if (s.itemSelector != null) {
          in = r.eval(s.itemSelector, r.bindings(itemContext(ctx, i, items.get(i)), null, null));
          inText = r.checked(in, "input");
        } else {
          inText = new JsonText(in);
        }
        JsonText out = runGraph(s.processor, in, inText, ib);
        previousIteration.set(ib.last);
        ib.add("MapIterationSucceeded", "mapIterationSucceededEventDetails", d);
        return out.value();
      } catch (Failure f) {
        if (f.kind == Failure.Kind.ABORTED) {
          ib.add("MapIterationAborted", "mapIterationAbortedEventDetails", d);
        } else if (f.kind == Failure.Kind.NORMAL) {
          Map<String, Object> fd = new LinkedHashMap<>(d);
          if (f.error != null) {
            fd.put("error", f.error);
          }
          if (f.cause != null) {
            fd.put("cause", f.cause);
          }
          ib.add("MapIterationFailed", "mapIterationFailedEventDetails", fd);
        }
        throw f;
      }
    });
    return new ArrayList<>(List.of(results));
  }

  /**
   * A Distributed Map: every item is a child execution with its own history; the Map Run fails when
   * failures exceed ToleratedFailureCount or ToleratedFailurePercentage (both 0 by default).
   *
   * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/maprun-fail-threshold.html">Failure thresholds for Distributed Map</a>
   */
  private List<Object> distributed(StateRun r, Map<String, Object> ctx, List<?> items, int workers,
      Double toleratedCount, Double toleratedPct) {
    StateDef s = r.s;
    String label = s.label != null ? s.label : s.name;
    String mapRunId = java.util.UUID.nameUUIDFromBytes((r.b.ex.arn + "/" + s.name + "/" + r.enteredId)
        .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    String mapRunArn = "arn:aws:states:" + engine.region + ":" + engine.accountId + ":mapRun:"
        + engine.stateMachineName + "/" + label + ":" + mapRunId;
    Map<String, Object> runD = new LinkedHashMap<>();
    runD.put("mapRunArn", mapRunArn);
    r.b.add("MapRunStarted", "mapRunStartedEventDetails", runD);
    Cancel cancel = new Cancel(r.b.cancel);
    AtomicInteger failed = new AtomicInteger();
    AtomicBoolean exceeded = new AtomicBoolean();
    Execution[] children = new Execution[items.size()];
    Object[] results = concurrently(items.size(), workers, cancel, false, i -> {
      Object in = items.get(i);
      if (s.itemSelector != null) {
        in = r.eval(s.itemSelector, r.bindings(itemContext(ctx, i, items.get(i)), null, null));
      }
      JsonText inText = r.checked(in, "input");
      String childName = mapRunId.substring(0, 8) + "-" + i;
      String childArn = "arn:aws:states:" + engine.region + ":" + engine.accountId + ":execution:"
          + engine.stateMachineName + "/" + label + ":" + childName;
      ExecCtx child = new ExecCtx(childName, childArn, in, inText);
      Execution e = runExecution(child, s.processor);
      children[i] = e;
      if (e.status() == ExecutionStatus.SUCCEEDED) {
        return Json.parse(e.output());
      }
      int n = failed.incrementAndGet();
      if (exceeds(n, items.size(), toleratedCount, toleratedPct) && exceeded.compareAndSet(false, true)) {
        cancel.set = true; // stop starting child executions
      }
      Map<String, Object> err = new LinkedHashMap<>();
      err.put("Error", e.error() == null ? Json.NULL : e.error());
      err.put("Cause", e.cause() == null ? Json.NULL : e.cause());
      return err;
    });
    for (Execution e : children) {
      if (e != null) {
        r.b.ex.children.add(e);
      }
    }
    if (exceeded.get() || exceeds(failed.get(), items.size(), toleratedCount, toleratedPct)) {
      String cause = "The specified tolerated failure threshold was exceeded: " + failed.get() + " of " + items.size()
          + " child executions failed.";
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("error", "States.ExceedToleratedFailureThreshold");
      d.put("cause", cause);
      r.b.add("MapRunFailed", "mapRunFailedEventDetails", d);
      throw new Failure("States.ExceedToleratedFailureThreshold", cause);
    }
    r.b.add("MapRunSucceeded", null, null);
    return new ArrayList<>(List.of(results));
  }

  static boolean exceeds(int failed, int total, Double toleratedCount, Double toleratedPct) {
    if (failed == 0) {
      return false;
    }
    if (toleratedCount == null && toleratedPct == null) {
      return true;
    }
    boolean overCount = toleratedCount != null && failed > toleratedCount;
    boolean overPct = toleratedPct != null && failed * 100.0 / total > toleratedPct;
    return overCount || overPct;
  }

  // ------------------------------------------------------------------ concurrency

  @FunctionalInterface
  private interface Job {
    Object run(int index);
  }

  /**
   * Runs jobs 0..n-1 on at most {@code workers} clock-tracked threads, in index order of start.
   * With {@code failFast}, the first failure cancels the others (their iterations are aborted) and
   * is rethrown; otherwise jobs report their own failures.
   */
  private Object[] concurrently(int n, int workers, Cancel cancel, boolean failFast, Job job) {
    Object[] results = new Object[n];
    if (n == 0) {
      return results;
    }
    AtomicReference<Failure> first = new AtomicReference<>();
    AtomicReference<RuntimeException> bug = new AtomicReference<>();
    if (workers <= 1) {
      for (int i = 0; i < n && !cancel.isSet(); i++) {
        results[i] = job.run(i);
      }
      if (cancel.isSet() && !failFast) {
        return results;
      }
      if (cancel.isSet()) {
        throw Failure.aborted();
      }
      return results;
    }
    AtomicInteger next = new AtomicInteger();
    AtomicInteger live = new AtomicInteger(workers);
    CompletableFuture<Void> done = new CompletableFuture<>();
    List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    Runnable worker = () -> {
      // Each worker registers itself before its first job: registered by the starting thread after
      // startThread returned, a worker already running a job could miss a fail-fast interrupt. One
      // that registers after the interrupts went out sees the cancellation set before them.
      threads.add(Thread.currentThread());
      try {
        while (!cancel.isSet()) {
          int i = next.getAndIncrement();
          if (i >= n) {
            break;
          }
          try {
            results[i] = job.run(i);
          } catch (Failure f) {
            if (failFast && first.compareAndSet(null, f)) {
              cancel.set = true;
              synchronized (threads) {
                for (Thread t : threads) {
                  if (t != Thread.currentThread()) {
                    clock.interrupt(t);
                  }
                }
              }
            } else if (!failFast) {
              first.compareAndSet(null, f);
              cancel.set = true;
            }
          } catch (RuntimeException e) {
            // Not a state's failure but a bug: stop the other jobs and rethrow it, stack and all.
            if (bug.compareAndSet(null, e)) {
              cancel.set = true;
              synchronized (threads) {
                for (Thread t : threads) {
                  if (t != Thread.currentThread()) {
                    clock.interrupt(t);
                  }
                }
              }
            }
          }
        }
      } finally {
        if (live.decrementAndGet() == 0) {
          done.complete(null);
        }
      }
    };
    for (int w = 0; w < workers; w++) {
      clock.startThread("asl-worker", worker);
    }
    boolean interrupted = false;
    while (true) {
      try {
        clock.await(done, null);
        break;
      } catch (InterruptedException e) {
        // This branch is being aborted: abort the workers too, then wait for them to stop.
        interrupted = true;
        cancel.set = true;
        synchronized (threads) {
          threads.forEach(clock::interrupt);
        }
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(e);
      }
    }
    RuntimeException e = bug.get();
    if (e != null) {
      throw new IllegalStateException("a concurrent job failed: " + e, e);
    }
    if (interrupted) {
      throw Failure.aborted();
    }
    Failure f = first.get();
    if (f != null) {
      // Prefer the failure that caused the cancellation over the aborts it caused.
      throw f;
    }
    if (failFast && cancel.isSet()) {
      throw Failure.aborted();
    }
    return results;
  }

  static int utf8Length(String s) {
    int n = s.length();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          n += 1;
        } else if (Character.isHighSurrogate(c)) {
          n += 2;
          i++;
        } else {
          n += 2;
        }
      }
    }
    return n;
  }
}
