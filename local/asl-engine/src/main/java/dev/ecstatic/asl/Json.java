package dev.ecstatic.asl;

import com.dashjoin.jsonata.Jsonata;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The engine's JSON model: {@code Map<String,Object>} (insertion ordered), {@code List<Object>},
 * String, Number, Boolean and {@link Jsonata#NULL_VALUE} for JSON null, so that values go into
 * and out of JSONata without conversion (dashjoin's JSONata uses Java null for "undefined").
 */
public final class Json {
  /** JSON null. */
  public static final Object NULL = Jsonata.NULL_VALUE;

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
      .build();

  private Json() {}

  /** Parses JSON text into the engine's model. */
  public static Object parse(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      JsonToken t = p.nextToken();
      if (t == null) {
        throw new IllegalArgumentException("empty JSON text");
      }
      Object v = read(p, t);
      if (p.nextToken() != null) {
        throw new IllegalArgumentException("trailing content after JSON value");
      }
      return v;
    } catch (IOException e) {
      throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
    }
  }

  private static Object read(JsonParser p, JsonToken t) throws IOException {
    switch (t) {
      case START_OBJECT -> {
        Map<String, Object> m = new LinkedHashMap<>();
        JsonToken n;
        while ((n = p.nextToken()) == JsonToken.FIELD_NAME) {
          String k = p.currentName();
          m.put(k, read(p, p.nextToken()));
        }
        return m;
      }
      case START_ARRAY -> {
        List<Object> l = new ArrayList<>();
        JsonToken n;
        while ((n = p.nextToken()) != JsonToken.END_ARRAY) {
          l.add(read(p, n));
        }
        return l;
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT -> {
        return switch (p.getNumberType()) {
          case INT -> (Object) p.getIntValue();
          case LONG -> p.getLongValue();
          default -> p.getBigIntegerValue();
        };
      }
      case VALUE_NUMBER_FLOAT -> {
        return p.getDoubleValue();
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return NULL;
      }
      default -> throw new IllegalArgumentException("unexpected JSON token " + t);
    }
  }

  /** Compact JSON text of a model value (Java null is written as null). */
  public static String write(Object v) {
    StringBuilder sb = new StringBuilder(64);
    write(sb, v);
    return sb.toString();
  }

  static void write(StringBuilder sb, Object v) {
    if (v == null || v == NULL) {
      sb.append("null");
    } else if (v instanceof String s) {
      quote(sb, s);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Number n) {
      number(sb, n);
    } else if (v instanceof Map<?, ?> m) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getValue() == null) {
          continue; // undefined values vanish, as in JavaScript's JSON.stringify
        }
        if (!first) {
          sb.append(',');
        }
        first = false;
        quote(sb, String.valueOf(e.getKey()));
        sb.append(':');
        write(sb, e.getValue());
      }
      sb.append('}');
    } else if (v instanceof List<?> l) {
      sb.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          sb.append(',');
        }
        write(sb, l.get(i));
      }
      sb.append(']');
    } else if (v instanceof JsonText t) {
      quote(sb, t.text());
    } else {
      quote(sb, v.toString());
    }
  }

  static void number(StringBuilder sb, Number n) {
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        sb.append("null");
      } else if (d == Math.rint(d) && Math.abs(d) < 1e21) {
        if (Math.abs(d) < 9.0e15) {
          sb.append((long) d);
        } else {
          sb.append(new BigDecimal(d).toBigInteger());
        }
      } else {
        String s = Double.toString(d);
        // JavaScript style exponent: 1.0E-7 -> 1e-7
        int e = s.indexOf('E');
        if (e >= 0) {
          String mant = s.substring(0, e);
          if (mant.endsWith(".0")) {
            mant = mant.substring(0, mant.length() - 2);
          }
          String exp = s.substring(e + 1);
          s = mant + "e" + (exp.startsWith("-") ? exp : "+" + exp);
        }
        sb.append(s);
      }
    } else if (n instanceof BigDecimal bd) {
      sb.append(bd.stripTrailingZeros().toPlainString());
    } else {
      sb.append(n);
    }
  }

  static void quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }

  /** UTF-8 size of the compact JSON text of {@code v}. */
  static int utf8Size(Object v) {
    return write(v).getBytes(StandardCharsets.UTF_8).length;
  }

  /** Structural equality: numbers compare by value, objects ignore key order. */
  public static boolean equal(Object a, Object b) {
    if (a == null || a == NULL) {
      return b == null || b == NULL;
    }
    if (a instanceof Number x && b instanceof Number y) {
      return toBig(x).compareTo(toBig(y)) == 0;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      Iterator<?> i = x.iterator();
      Iterator<?> j = y.iterator();
      while (i.hasNext()) {
        if (!equal(i.next(), j.next())) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  private static BigDecimal toBig(Number n) {
    if (n instanceof BigDecimal b) {
      return b;
    }
    if (n instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (n instanceof Double || n instanceof Float) {
      return new BigDecimal(Double.toString(n.doubleValue()));
    }
    return BigDecimal.valueOf(n.longValue());
  }

  /** JSON type name as AWS reports it in error messages. */
  static String typeName(Object v) {
    if (v == null || v == NULL) {
      return "null";
    }
    if (v instanceof String) {
      return "string";
    }
    if (v instanceof Number) {
      return "number";
    }
    if (v instanceof Boolean) {
      return "boolean";
    }
    if (v instanceof Map) {
      return "object";
    }
    if (v instanceof List) {
      return "array";
    }
    return "unsupported";
  }

  /** Whether v is a JSON value of the model (deeply), not e.g. a JSONata function. */
  static boolean isJsonValue(Object v) {
    if (v == null) {
      return false;
    }
    if (v == NULL || v instanceof String || v instanceof Number || v instanceof Boolean) {
      return true;
    }
    if (v instanceof Map<?, ?> m) {
      for (Object x : m.values()) {
        if (x != null && !isJsonValue(x)) {
          return false;
        }
      }
      return true;
    }
    if (v instanceof List<?> l) {
      for (Object x : l) {
        if (!isJsonValue(x)) {
          return false;
        }
      }
      return true;
    }
    return false;
  }

  /**
   * A JSON value written into history as JSON text (GetExecutionHistory carries input and output
   * as strings); the text is produced once, on first use.
   */
  static final class JsonText {
    private final Object value;
    private volatile String text;

    JsonText(Object value) {
      this.value = value;
    }

    JsonText(Object value, String text) {
      this.value = value;
      this.text = text;
    }

    Object value() {
      return value;
    }

    String text() {
      String t = text;
      if (t == null) {
        t = write(value);
        text = t;
      }
      return t;
    }

    @Override
    public String toString() {
      return text();
    }
  }
}
