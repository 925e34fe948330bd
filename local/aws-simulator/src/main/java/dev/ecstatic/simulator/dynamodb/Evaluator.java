package dev.ecstatic.simulator.dynamodb;

import dev.ecstatic.simulator.dynamodb.Expr.Condition;
import dev.ecstatic.simulator.dynamodb.Expr.Element;
import dev.ecstatic.simulator.dynamodb.Expr.Operand;
import dev.ecstatic.simulator.dynamodb.Expr.Path;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Evaluates conditions and projections against an item, with DynamoDB's semantics: a comparison
 * with a missing attribute is false (but {@code <>} is true), values of different types are never
 * equal and never ordered, {@code contains} tests substrings, set members and list elements, and
 * {@code size} is a string's length, a binary's bytes or a collection's element count.
 */
final class Evaluator {

    private Evaluator() {
    }

    /** The value at the path, or null when any step is missing or of the wrong type. */
    static AttributeValue resolve(Path path, Map<String, AttributeValue> item) {
        if (item == null) {
            return null;
        }
        AttributeValue current = item.get(path.head());
        for (Element e : path.elements().subList(1, path.elements().size())) {
            if (current == null) {
                return null;
            }
            current = switch (e) {
                case Element.Name n -> current instanceof AttributeValue.M m ? m.value().get(n.name()) : null;
                case Element.Index i -> current instanceof AttributeValue.L l && i.index() < l.value().size()
                        ? l.value().get(i.index()) : null;
            };
        }
        return current;
    }

    /** An operand of a condition: null when it refers to a missing attribute. */
    static AttributeValue value(Operand operand, Map<String, AttributeValue> item) {
        return switch (operand) {
            case Operand.PathRef p -> resolve(p.path(), item);
            case Operand.Value v -> v.value();
            case Operand.Size s -> {
                AttributeValue v = resolve(s.path(), item);
                if (v == null || v instanceof AttributeValue.N || v instanceof AttributeValue.Bool
                        || v instanceof AttributeValue.Null) {
                    yield null;
                }
                yield AttributeValue.number(BigDecimal.valueOf(size(v)));
            }
            case Operand.IfNotExists ignored -> throw new IllegalStateException("if_not_exists in a condition");
            case Operand.ListAppend ignored -> throw new IllegalStateException("list_append in a condition");
            case Operand.Arithmetic ignored -> throw new IllegalStateException("arithmetic in a condition");
        };
    }

    static long size(AttributeValue v) {
        return switch (v) {
            case AttributeValue.S s -> s.value().length();
            case AttributeValue.B b -> b.value().data().length;
            case AttributeValue.SS ss -> ss.value().size();
            case AttributeValue.NS ns -> ns.value().size();
            case AttributeValue.BS bs -> bs.value().size();
            case AttributeValue.L l -> l.value().size();
            case AttributeValue.M m -> m.value().size();
            default -> 0;
        };
    }

    static boolean test(Condition c, Map<String, AttributeValue> item) {
        return switch (c) {
            case Condition.And a -> test(a.left(), item) && test(a.right(), item);
            case Condition.Or o -> test(o.left(), item) || test(o.right(), item);
            case Condition.Not n -> !test(n.condition(), item);
            case Condition.AttributeExists e -> resolve(e.path(), item) != null;
            case Condition.AttributeNotExists e -> resolve(e.path(), item) == null;
            case Condition.AttributeType t -> {
                AttributeValue v = resolve(t.path(), item);
                AttributeValue type = value(t.type(), item);
                yield v != null && type instanceof AttributeValue.S s && v.type().equals(s.value());
            }
            case Condition.BeginsWith b -> beginsWith(value(b.value(), item), value(b.prefix(), item));
            case Condition.Contains k -> contains(value(k.value(), item), value(k.operand(), item));
            case Condition.Compare cmp -> compare(cmp.comparator(), value(cmp.left(), item), value(cmp.right(), item));
            case Condition.Between b -> {
                AttributeValue v = value(b.value(), item);
                Integer low = compareOrNull(v, value(b.low(), item));
                Integer high = compareOrNull(v, value(b.high(), item));
                yield low != null && high != null && low >= 0 && high <= 0;
            }
            case Condition.In in -> {
                AttributeValue v = value(in.value(), item);
                yield v != null && in.candidates().stream().anyMatch(o -> v.equals(value(o, item)));
            }
        };
    }

    private static boolean compare(String comparator, AttributeValue a, AttributeValue b) {
        if (comparator.equals("<>")) {
            return !Objects.equals(a, b) || a == null;
        }
        if (a == null || b == null) {
            return false;
        }
        if (comparator.equals("=")) {
            return a.equals(b);
        }
        Integer order = AttributeValue.compare(a, b);
        if (order == null) {
            return false;
        }
        return switch (comparator) {
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
        };
    }

    private static Integer compareOrNull(AttributeValue a, AttributeValue b) {
        return a == null || b == null ? null : AttributeValue.compare(a, b);
    }

    private static boolean beginsWith(AttributeValue v, AttributeValue prefix) {
        if (v instanceof AttributeValue.S s && prefix instanceof AttributeValue.S p) {
            return s.value().startsWith(p.value());
        }
        if (v instanceof AttributeValue.B b && prefix instanceof AttributeValue.B p) {
            byte[] data = b.value().data();
            byte[] pre = p.value().data();
            return data.length >= pre.length && Arrays.equals(data, 0, pre.length, pre, 0, pre.length);
        }
        return false;
    }

    private static boolean contains(AttributeValue v, AttributeValue operand) {
        if (v == null || operand == null) {
            return false;
        }
        return switch (v) {
            case AttributeValue.S s -> operand instanceof AttributeValue.S o && s.value().contains(o.value());
            case AttributeValue.B b -> operand instanceof AttributeValue.B o
                    && indexOf(b.value().data(), o.value().data()) >= 0;
            case AttributeValue.SS ss -> operand instanceof AttributeValue.S o && ss.value().contains(o.value());
            case AttributeValue.NS ns -> operand instanceof AttributeValue.N o && ns.value().contains(o.value());
            case AttributeValue.BS bs -> operand instanceof AttributeValue.B o && bs.value().contains(o.value());
            case AttributeValue.L l -> l.value().contains(operand);
            default -> false;
        };
    }

    private static int indexOf(byte[] data, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= data.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (data[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * The item restricted to the projected paths: nested paths keep their structure, and the
     * projected elements of a list keep their order (not their index), as DynamoDB returns them.
     */
    static Map<String, AttributeValue> project(Map<String, AttributeValue> item, List<Path> paths) {
        if (paths == null) {
            return item;
        }
        Node root = new Node();
        for (Path p : paths) {
            Node n = root;
            for (Element e : p.elements()) {
                n = n.children.computeIfAbsent(e, k -> new Node());
            }
            n.whole = true;
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        root.children.forEach((e, child) -> {
            AttributeValue v = item.get(((Element.Name) e).name());
            AttributeValue picked = v == null ? null : child.apply(v);
            if (picked != null) {
                out.put(((Element.Name) e).name(), picked);
            }
        });
        return out;
    }

    /** A projection tree: which map keys and list indexes to keep below a value. */
    private static final class Node {
        final Map<Element, Node> children = new LinkedHashMap<>();
        boolean whole;

        AttributeValue apply(AttributeValue v) {
            if (whole) {
                return v;
            }
            if (v instanceof AttributeValue.M m) {
                Map<String, AttributeValue> out = new LinkedHashMap<>();
                children.forEach((e, child) -> {
                    if (e instanceof Element.Name n && m.value().containsKey(n.name())) {
                        AttributeValue picked = child.apply(m.value().get(n.name()));
                        if (picked != null) {
                            out.put(n.name(), picked);
                        }
                    }
                });
                return out.isEmpty() ? null : new AttributeValue.M(out);
            }
            if (v instanceof AttributeValue.L l) {
                java.util.TreeMap<Integer, AttributeValue> out = new java.util.TreeMap<>();
                children.forEach((e, child) -> {
                    if (e instanceof Element.Index i && i.index() < l.value().size()) {
                        AttributeValue picked = child.apply(l.value().get(i.index()));
                        if (picked != null) {
                            out.put(i.index(), picked);
                        }
                    }
                });
                return out.isEmpty() ? null : new AttributeValue.L(List.copyOf(out.values()));
            }
            return null;
        }
    }
}
