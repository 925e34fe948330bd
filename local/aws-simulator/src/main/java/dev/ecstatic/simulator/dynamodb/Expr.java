package dev.ecstatic.simulator.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The parsed forms of DynamoDB's expressions ("Using expressions in DynamoDB",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.html): document
 * paths, operands, conditions and update actions, with every {@code #name} and {@code :value}
 * already substituted.
 */
final class Expr {

    private Expr() {
    }

    /** A document path: a top-level attribute, then map keys and list indexes ({@code a.b[0].c}). */
    record Path(List<Element> elements) {

        Path {
            elements = List.copyOf(elements);
        }

        String head() {
            return ((Element.Name) elements.getFirst()).name();
        }

        boolean isTopLevel() {
            return elements.size() == 1;
        }

        /** As DynamoDB prints paths in messages: {@code [a, b, [0]]}. */
        @Override
        public String toString() {
            return elements.stream()
                    .map(e -> e instanceof Element.Index i ? "[" + i.index() + "]" : ((Element.Name) e).name())
                    .collect(Collectors.joining(", ", "[", "]"));
        }
    }

    sealed interface Element {
        record Name(String name) implements Element {
        }

        record Index(int index) implements Element {
        }
    }

    /** Something that evaluates to a value (or to nothing, for a missing path). */
    sealed interface Operand {
        record PathRef(Path path) implements Operand {
        }

        record Value(AttributeValue value) implements Operand {
        }

        record Size(Path path) implements Operand {
        }

        record IfNotExists(Path path, Operand fallback) implements Operand {
        }

        record ListAppend(Operand first, Operand second) implements Operand {
        }

        /** {@code +} or {@code -} in a SET action. */
        record Arithmetic(Operand left, boolean plus, Operand right) implements Operand {
        }
    }

    sealed interface Condition {
        /** {@code =, <>, <, <=, >, >=}. */
        record Compare(String comparator, Operand left, Operand right) implements Condition {
        }

        record Between(Operand value, Operand low, Operand high) implements Condition {
        }

        record In(Operand value, List<Operand> candidates) implements Condition {
        }

        record And(Condition left, Condition right) implements Condition {
        }

        record Or(Condition left, Condition right) implements Condition {
        }

        record Not(Condition condition) implements Condition {
        }

        record AttributeExists(Path path) implements Condition {
        }

        record AttributeNotExists(Path path) implements Condition {
        }

        record AttributeType(Path path, Operand type) implements Condition {
        }

        record BeginsWith(Operand value, Operand prefix) implements Condition {
        }

        record Contains(Operand value, Operand operand) implements Condition {
        }
    }

    /** Every document path a condition reads, in the order written (a path read twice appears twice). */
    static List<Path> paths(Condition condition) {
        List<Path> out = new ArrayList<>();
        collect(condition, out);
        return out;
    }

    private static void collect(Condition c, List<Path> out) {
        switch (c) {
            case Condition.Compare x -> {
                collect(x.left(), out);
                collect(x.right(), out);
            }
            case Condition.Between x -> {
                collect(x.value(), out);
                collect(x.low(), out);
                collect(x.high(), out);
            }
            case Condition.In x -> {
                collect(x.value(), out);
                x.candidates().forEach(o -> collect(o, out));
            }
            case Condition.And x -> {
                collect(x.left(), out);
                collect(x.right(), out);
            }
            case Condition.Or x -> {
                collect(x.left(), out);
                collect(x.right(), out);
            }
            case Condition.Not x -> collect(x.condition(), out);
            case Condition.AttributeExists x -> out.add(x.path());
            case Condition.AttributeNotExists x -> out.add(x.path());
            case Condition.AttributeType x -> {
                out.add(x.path());
                collect(x.type(), out);
            }
            case Condition.BeginsWith x -> {
                collect(x.value(), out);
                collect(x.prefix(), out);
            }
            case Condition.Contains x -> {
                collect(x.value(), out);
                collect(x.operand(), out);
            }
        }
    }

    private static void collect(Operand o, List<Path> out) {
        switch (o) {
            case Operand.PathRef p -> out.add(p.path());
            case Operand.Value ignored -> {
            }
            case Operand.Size s -> out.add(s.path());
            case Operand.IfNotExists f -> {
                out.add(f.path());
                collect(f.fallback(), out);
            }
            case Operand.ListAppend l -> {
                collect(l.first(), out);
                collect(l.second(), out);
            }
            case Operand.Arithmetic a -> {
                collect(a.left(), out);
                collect(a.right(), out);
            }
        }
    }

    sealed interface UpdateAction {
        Path path();

        record Set(Path path, Operand value) implements UpdateAction {
        }

        record Remove(Path path) implements UpdateAction {
        }

        record Add(Path path, AttributeValue value) implements UpdateAction {
        }

        record Delete(Path path, AttributeValue value) implements UpdateAction {
        }
    }
}
