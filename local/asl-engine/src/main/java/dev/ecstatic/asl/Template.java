package dev.ecstatic.asl;

import com.dashjoin.jsonata.JException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A field value of a JSONata state, compiled: a string "{% ... %}" (no space before "{%" or after
 * "%}") is an expression, anything else a literal; objects and arrays may hold expressions at any
 * depth.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html">Transforming data with JSONata</a>
 */
sealed interface Template {

  /** Evaluates the template; throws {@link QueryError} naming the field on failure. */
  Object eval(Map<String, Object> bindings, Instant now);

  /** Whether the template is a constant (no expression anywhere). */
  boolean constant();

  static boolean isExpression(Object v) {
    return v instanceof String s && s.length() >= 4 && s.startsWith("{%") && s.endsWith("%}");
  }

  /**
   * Compiles {@code value} found at {@code path} (e.g. "Output/result"); compile errors are added
   * to {@code problems} as "field: problem" pairs.
   */
  static Template compile(Object value, String path, List<String[]> problems) {
    if (isExpression(value)) {
      String s = (String) value;
      String src = s.substring(2, s.length() - 2).trim();
      try {
        return new ExprT(Expr.compile(src), path);
      } catch (JException e) {
        problems.add(new String[] {path, "JSONata expression '" + src + "' does not compile: " + Expr.errorText(e)});
        return new Literal(value);
      }
    }
    if (value instanceof Map<?, ?> m) {
      List<String> keys = new ArrayList<>();
      List<Template> vals = new ArrayList<>();
      boolean constant = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        String k = (String) e.getKey();
        Template t = compile(e.getValue(), path + "/" + k, problems);
        keys.add(k);
        vals.add(t);
        constant &= t.constant();
      }
      return constant ? new Literal(value) : new ObjT(keys, vals);
    }
    if (value instanceof List<?> l) {
      List<Template> vals = new ArrayList<>();
      boolean constant = true;
      for (int i = 0; i < l.size(); i++) {
        Template t = compile(l.get(i), path + "/" + i, problems);
        vals.add(t);
        constant &= t.constant();
      }
      return constant ? new Literal(value) : new ArrT(vals);
    }
    return new Literal(value);
  }

  /** A constant value. */
  record Literal(Object value) implements Template {
    @Override
    public Object eval(Map<String, Object> bindings, Instant now) {
      return value;
    }

    @Override
    public boolean constant() {
      return true;
    }
  }

  /** A JSONata expression. */
  record ExprT(Expr expr, String path) implements Template {
    @Override
    public Object eval(Map<String, Object> bindings, Instant now) {
      Object r;
      try {
        r = expr.evaluate(bindings, now);
      } catch (JException e) {
        throw new QueryError(path, "The JSONata expression '" + expr.source + "' specified for the field '" + path
            + "' threw an error during evaluation. " + Expr.errorText(e));
      }
      // Any other exception is a bug (of the engine, of a registered function or of the JSONata
      // library), not an evaluation error a state machine could catch: it propagates as it is.
      if (r == null) {
        throw new QueryError(path, "The JSONata expression '" + expr.source + "' specified for the field '" + path
            + "' returned nothing (undefined).");
      }
      if (!Json.isJsonValue(r)) {
        throw new QueryError(path, "The JSONata expression '" + expr.source + "' specified for the field '" + path
            + "' returned an unsupported result type.");
      }
      return r;
    }

    @Override
    public boolean constant() {
      return false;
    }
  }

  /** An object with expressions inside. */
  record ObjT(List<String> keys, List<Template> values) implements Template {
    @Override
    public Object eval(Map<String, Object> bindings, Instant now) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (int i = 0; i < keys.size(); i++) {
        out.put(keys.get(i), values.get(i).eval(bindings, now));
      }
      return out;
    }

    @Override
    public boolean constant() {
      return false;
    }
  }

  /** An array with expressions inside. */
  record ArrT(List<Template> values) implements Template {
    @Override
    public Object eval(Map<String, Object> bindings, Instant now) {
      List<Object> out = new ArrayList<>(values.size());
      for (Template t : values) {
        out.add(t.eval(bindings, now));
      }
      return out;
    }

    @Override
    public boolean constant() {
      return false;
    }
  }

  /** A JSONata evaluation failure: States.QueryEvaluationError, reported with the field. */
  final class QueryError extends RuntimeException {
    final String location;

    QueryError(String location, String message) {
      super(message, null, false, false);
      this.location = location;
    }
  }
}
