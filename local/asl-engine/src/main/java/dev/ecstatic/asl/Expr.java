package dev.ecstatic.asl;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import com.dashjoin.jsonata.Utils;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One compiled JSONata expression (the text between "{%" and "%}"), with the functions Step
 * Functions adds and without {@code $eval}, which Step Functions removes.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/transforming-data.html">Transforming data with JSONata</a>
 */
final class Expr {
  final String source;
  private final Jsonata compiled;
  private final boolean usesTime;

  private Expr(String source, Jsonata compiled) {
    this.source = source;
    this.compiled = compiled;
    this.usesTime = source.contains("$now") || source.contains("$millis");
  }

  /** Compiles; throws JException with dashjoin's code and message on a syntax error. */
  static Expr compile(String source) {
    Jsonata j = Jsonata.jsonata(source);
    j.setOutputConvertNulls(false);
    // Step Functions removes $eval: calling it fails as calling any unknown function does (T1006).
    j.assign("eval", null);
    j.registerFunction("partition", new Jsonata.JFunction(Expr::partition, null));
    j.registerFunction("range", new Jsonata.JFunction(Expr::range, null));
    j.registerFunction("hash", new Jsonata.JFunction(Expr::hash, null));
    j.registerFunction("random", new Jsonata.JFunction(Expr::random, null));
    j.registerFunction("uuid", new Jsonata.JFunction((in, args) -> UUID.randomUUID().toString(), null));
    j.registerFunction("parse", new Jsonata.JFunction(Expr::parseJson, null));
    return new Expr(source, j);
  }

  /**
   * Evaluates with the given bindings ($states and the visible variables).
   *
   * @return the result, Java null when undefined, {@link Json#NULL} for JSON null
   */
  Object evaluate(Map<String, Object> bindings, Instant now) {
    Jsonata.Frame f = new Jsonata.Frame(null);
    for (Map.Entry<String, Object> e : bindings.entrySet()) {
      f.bind(e.getKey(), e.getValue());
    }
    if (usesTime) {
      // $now()/$millis() read the engine's clock, so simulated runs see simulated time.
      String iso = now.toString();
      long millis = now.toEpochMilli();
      f.bind("now", new Jsonata.JFunction((in, args) -> iso, null));
      f.bind("millis", new Jsonata.JFunction((in, args) -> millis, null));
    }
    return compiled.evaluate(null, f);
  }

  static String errorText(JException e) {
    String code = e.getError();
    String msg = e.getMessage();
    return code == null ? msg : code + ": " + msg;
  }

  private static List<?> arrayArg(List<?> args, int i, String fn) {
    Object v = i < args.size() ? args.get(i) : null;
    if (v instanceof List<?> l) {
      return l;
    }
    if (v == null) {
      throw new JException("T0410", -1, fn);
    }
    return List.of(v);
  }

  private static double numberArg(List<?> args, int i, String fn) {
    Object v = i < args.size() ? args.get(i) : null;
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    throw new JException("T0410", -1, fn);
  }

  // $partition(array, size): chunks of `size` items, the last one possibly shorter.
  private static Object partition(Object input, List<?> args) {
    List<?> a = arrayArg(args, 0, "partition");
    double sz = numberArg(args, 1, "partition");
    if (sz <= 0 || sz != Math.rint(sz)) {
      throw new JException("D3001", -1, "partition");
    }
    int size = (int) sz;
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i += size) {
      out.add(new ArrayList<>(a.subList(i, Math.min(a.size(), i + size))));
    }
    return out;
  }

  // $range(start, end, step): end inclusive, like States.ArrayRange. A single element comes back
  // as a JSONata sequence, which collapses to that element (as AWS returns it).
  private static Object range(Object input, List<?> args) {
    double start = numberArg(args, 0, "range");
    double end = numberArg(args, 1, "range");
    double step = numberArg(args, 2, "range");
    if (step == 0) {
      throw new JException("D3001", -1, "range");
    }
    List<Object> out = Utils.createSequence();
    int n = 0;
    for (double v = start; step > 0 ? v <= end : v >= end; v += step) {
      out.add(v == Math.rint(v) && Math.abs(v) < 9e15 ? (Object) (long) v : (Object) v);
      if (++n > 1000) {
        throw new JException("D3001", -1, "range: more than 1000 items");
      }
    }
    return out;
  }

  private static Object hash(Object input, List<?> args) {
    Object data = args.isEmpty() ? null : args.get(0);
    Object alg = args.size() > 1 ? args.get(1) : null;
    if (!(data instanceof String s) || !(alg instanceof String a)) {
      throw new JException("T0410", -1, "hash");
    }
    String javaAlg = switch (a) {
      case "MD5" -> "MD5";
      case "SHA-1" -> "SHA-1";
      case "SHA-256" -> "SHA-256";
      case "SHA-384" -> "SHA-384";
      case "SHA-512" -> "SHA-512";
      default -> throw new JException("D3001", -1, "hash: unsupported algorithm " + a);
    };
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(javaAlg).digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  // $random([seed]): Step Functions accepts an optional seed; the same seed gives the same number.
  private static Object random(Object input, List<?> args) {
    if (args.isEmpty() || args.get(0) == null) {
      return ThreadLocalRandom.current().nextDouble();
    }
    Object seed = args.get(0);
    long s = seed instanceof Number n ? n.longValue() : seed.toString().hashCode();
    return new Random(s).nextDouble();
  }

  private static Object parseJson(Object input, List<?> args) {
    Object v = args.isEmpty() ? null : args.get(0);
    if (!(v instanceof String s)) {
      throw new JException("T0410", -1, "parse");
    }
    try {
      return Json.parse(s);
    } catch (IllegalArgumentException e) {
      throw new JException("D3001", -1, "parse: " + e.getMessage());
    }
  }
}
