package dev.ecstatic.simulator.dynamodb;

import dev.ecstatic.simulator.dynamodb.Expr.Element;
import dev.ecstatic.simulator.dynamodb.Expr.Operand;
import dev.ecstatic.simulator.dynamodb.Expr.Path;
import dev.ecstatic.simulator.dynamodb.Expr.UpdateAction;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Applies an update expression to an item, as UpdateItem does: every operand is read from the item
 * as it was before the update (so {@code SET a = b, b = a} swaps), then SET, ADD, DELETE and
 * REMOVE are applied; a list index past the end appends; removing list elements shifts the rest;
 * a set left empty by DELETE disappears. Mistakes that only the item can reveal are DynamoDB's
 * ValidationExceptions ("Update expressions",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html).
 */
final class UpdateApplier {

    private UpdateApplier() {
    }

    static Map<String, AttributeValue> apply(Map<String, AttributeValue> before, List<UpdateAction> actions) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(before);
        List<UpdateAction.Remove> removes = new ArrayList<>();
        // Operands first, all against the old item.
        List<Map.Entry<Path, AttributeValue>> sets = new ArrayList<>();
        for (UpdateAction a : actions) {
            switch (a) {
                case UpdateAction.Set s -> sets.add(Map.entry(s.path(), evaluate(s.value(), before)));
                case UpdateAction.Add add -> sets.add(Map.entry(add.path(), added(Evaluator.resolve(add.path(), before), add.value())));
                case UpdateAction.Delete d -> {
                    AttributeValue left = deleted(Evaluator.resolve(d.path(), before), d.value());
                    if (left == null) {
                        removes.add(new UpdateAction.Remove(d.path()));
                    } else {
                        sets.add(Map.entry(d.path(), left));
                    }
                }
                case UpdateAction.Remove r -> removes.add(r);
            }
        }
        for (Map.Entry<Path, AttributeValue> s : sets) {
            set(item, s.getKey(), s.getValue());
        }
        // Later list indexes first, so that earlier removals do not shift the ones still to come.
        removes.sort(Comparator.comparingInt((UpdateAction.Remove r) -> lastIndex(r.path())).reversed());
        for (UpdateAction.Remove r : removes) {
            remove(item, r.path());
        }
        return item;
    }

    private static int lastIndex(Path p) {
        return p.elements().getLast() instanceof Element.Index i ? i.index() : -1;
    }

    private static AttributeValue evaluate(Operand operand, Map<String, AttributeValue> item) {
        return switch (operand) {
            case Operand.Value v -> v.value();
            case Operand.PathRef p -> existing(Evaluator.resolve(p.path(), item));
            case Operand.IfNotExists f -> {
                AttributeValue v = Evaluator.resolve(f.path(), item);
                yield v != null ? v : evaluate(f.fallback(), item);
            }
            case Operand.ListAppend l -> {
                AttributeValue a = evaluate(l.first(), item);
                AttributeValue b = evaluate(l.second(), item);
                if (!(a instanceof AttributeValue.L x) || !(b instanceof AttributeValue.L y)) {
                    throw incorrectType();
                }
                List<AttributeValue> joined = new ArrayList<>(x.value());
                joined.addAll(y.value());
                yield new AttributeValue.L(joined);
            }
            case Operand.Arithmetic a -> {
                AttributeValue l = evaluate(a.left(), item);
                AttributeValue r = evaluate(a.right(), item);
                if (!(l instanceof AttributeValue.N x) || !(r instanceof AttributeValue.N y)) {
                    throw incorrectType();
                }
                yield new AttributeValue.N(a.plus() ? Numbers.add(x.value(), y.value()) : Numbers.subtract(x.value(), y.value()));
            }
            case Operand.Size ignored -> throw new IllegalStateException("size() in an update");
        };
    }

    private static AttributeValue existing(AttributeValue v) {
        if (v == null) {
            throw DynamoDbException.validation(
                    "The provided expression refers to an attribute that does not exist in the item");
        }
        return v;
    }

    private static AttributeValue added(AttributeValue current, AttributeValue value) {
        if (current == null) {
            return value;
        }
        if (current instanceof AttributeValue.N a && value instanceof AttributeValue.N b) {
            return new AttributeValue.N(Numbers.add(a.value(), b.value()));
        }
        if (current instanceof AttributeValue.SS a && value instanceof AttributeValue.SS b) {
            return new AttributeValue.SS(union(a.value(), b.value()));
        }
        if (current instanceof AttributeValue.NS a && value instanceof AttributeValue.NS b) {
            return new AttributeValue.NS(union(a.value(), b.value()));
        }
        if (current instanceof AttributeValue.BS a && value instanceof AttributeValue.BS b) {
            return new AttributeValue.BS(union(a.value(), b.value()));
        }
        throw incorrectType();
    }

    /** The set left after DELETE, or null when it is empty (the attribute is then removed). */
    private static AttributeValue deleted(AttributeValue current, AttributeValue value) {
        if (current == null) {
            return null;
        }
        AttributeValue left;
        if (current instanceof AttributeValue.SS a && value instanceof AttributeValue.SS b) {
            left = new AttributeValue.SS(minus(a.value(), b.value()));
        } else if (current instanceof AttributeValue.NS a && value instanceof AttributeValue.NS b) {
            left = new AttributeValue.NS(minus(a.value(), b.value()));
        } else if (current instanceof AttributeValue.BS a && value instanceof AttributeValue.BS b) {
            left = new AttributeValue.BS(minus(a.value(), b.value()));
        } else {
            throw incorrectType();
        }
        return Evaluator.size(left) == 0 ? null : left;
    }

    private static <T> Set<T> union(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> out = new LinkedHashSet<>(a);
        out.removeAll(b);
        return out;
    }

    private static void set(Map<String, AttributeValue> item, Path path, AttributeValue value) {
        if (path.isTopLevel()) {
            item.put(path.head(), value);
            return;
        }
        AttributeValue top = item.get(path.head());
        if (top == null) {
            throw invalidPath();
        }
        item.put(path.head(), setIn(top, path.elements(), 1, value));
    }

    private static AttributeValue setIn(AttributeValue container, List<Element> path, int at, AttributeValue value) {
        Element e = path.get(at);
        boolean last = at == path.size() - 1;
        if (e instanceof Element.Name n && container instanceof AttributeValue.M m) {
            Map<String, AttributeValue> copy = new LinkedHashMap<>(m.value());
            if (last) {
                copy.put(n.name(), value);
            } else {
                AttributeValue child = copy.get(n.name());
                if (child == null) {
                    throw invalidPath();
                }
                copy.put(n.name(), setIn(child, path, at + 1, value));
            }
            return new AttributeValue.M(copy);
        }
        if (e instanceof Element.Index i && container instanceof AttributeValue.L l) {
            List<AttributeValue> copy = new ArrayList<>(l.value());
            if (last) {
                if (i.index() < copy.size()) {
                    copy.set(i.index(), value);
                } else {
                    copy.add(value);
                }
            } else {
                if (i.index() >= copy.size()) {
                    throw invalidPath();
                }
                copy.set(i.index(), setIn(copy.get(i.index()), path, at + 1, value));
            }
            return new AttributeValue.L(copy);
        }
        throw invalidPath();
    }

    private static void remove(Map<String, AttributeValue> item, Path path) {
        if (path.isTopLevel()) {
            item.remove(path.head());
            return;
        }
        AttributeValue top = item.get(path.head());
        if (top != null) {
            item.put(path.head(), removeIn(top, path.elements(), 1));
        }
    }

    private static AttributeValue removeIn(AttributeValue container, List<Element> path, int at) {
        Element e = path.get(at);
        boolean last = at == path.size() - 1;
        if (e instanceof Element.Name n && container instanceof AttributeValue.M m && m.value().containsKey(n.name())) {
            Map<String, AttributeValue> copy = new LinkedHashMap<>(m.value());
            if (last) {
                copy.remove(n.name());
            } else {
                copy.put(n.name(), removeIn(copy.get(n.name()), path, at + 1));
            }
            return new AttributeValue.M(copy);
        }
        if (e instanceof Element.Index i && container instanceof AttributeValue.L l && i.index() < l.value().size()) {
            List<AttributeValue> copy = new ArrayList<>(l.value());
            if (last) {
                copy.remove(i.index());
            } else {
                copy.set(i.index(), removeIn(copy.get(i.index()), path, at + 1));
            }
            return new AttributeValue.L(copy);
        }
        return container;
    }

    private static DynamoDbException invalidPath() {
        return DynamoDbException.validation("The document path provided in the update expression is invalid for update");
    }

    private static DynamoDbException incorrectType() {
        return DynamoDbException.validation("An operand in the update expression has an incorrect data type");
    }
}
