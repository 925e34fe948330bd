package dev.ecstatic.asl.data;

import dev.ecstatic.asl.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A path of the JSONPath dialect: {@code $} (the value at hand), {@code $$} (the context object) or
 * {@code $name} (a variable), followed by the selectors of Jayway JsonPath, which Step Functions
 * uses: {@code .name}, {@code ['name']}, {@code [0]}, {@code [*]}, {@code [1:5]}, {@code [0,2]},
 * {@code ..name} and filters {@code [?(@.status == 0)]}. A definite path (no wildcard, slice,
 * union, filter or deep scan) reads one value and fails when there is none; an indefinite one
 * reads the array of every match, possibly empty.
 *
 * @see <a href="https://docs.aws.amazon.com/step-functions/latest/dg/amazon-states-language-paths.html">Paths</a>
 * @see <a href="https://github.com/json-path/JsonPath">Jayway JsonPath</a>
 */
public final class JsonPath {

    /** What a path starts from. */
    public enum Root { INPUT, CONTEXT, VARIABLE }

    private final String text;
    private final Root root;
    private final String variable;
    private final List<PathSelector> selectors;
    private final boolean definite;

    private JsonPath(String text, Root root, String variable, List<PathSelector> selectors) {
        this.text = text;
        this.root = root;
        this.variable = variable;
        this.selectors = List.copyOf(selectors);
        this.definite = selectors.stream().allMatch(PathSelector::definite);
    }

    /** The path {@code $}: the whole value. */
    public static final JsonPath WHOLE = new JsonPath("$", Root.INPUT, null, List.of());

    /** Whether {@code text} starts as a path does ({@code $}, {@code $$}, {@code $name}, {@code $.}, {@code $[}). */
    public static boolean looksLikePath(String text) {
        return text.startsWith("$");
    }

    /**
     * Parses a path.
     *
     * @throws IllegalArgumentException saying what is wrong with it
     */
    public static JsonPath parse(String text) {
        return new PathParser(text).path();
    }

    static JsonPath of(String text, Root root, String variable, List<PathSelector> selectors) {
        return new JsonPath(text, root, variable, selectors);
    }

    public String text() {
        return text;
    }

    public Root root() {
        return root;
    }

    /** The variable's name for a {@code $name} path, else null. */
    public String variable() {
        return variable;
    }

    /** Whether the path selects one value (no wildcard, slice, union, filter or deep scan). */
    public boolean definite() {
        return definite;
    }

    /** Whether the path only names members and indexes, as ResultPath must. */
    public boolean isReferencePath() {
        return root == Root.INPUT
                && selectors.stream().allMatch(selector -> selector instanceof PathSelector.Member || selector instanceof PathSelector.Index);
    }

    /**
     * Reads the path from {@code scope}.
     *
     * @throws NoMatch when a definite path selects nothing (or names an unassigned variable)
     */
    public Object read(PathScope scope) {
        Object start = switch (root) {
            case INPUT -> scope.input();
            case CONTEXT -> scope.context();
            case VARIABLE -> {
                Object value = scope.variables().lookup(variable);
                if (value == null) {
                    throw new NoMatch("The variable '$" + variable + "' is not assigned");
                }
                yield value;
            }
        };
        return readFrom(start);
    }

    /** Reads the path's selectors from {@code start}, whatever the root. */
    public Object readFrom(Object start) {
        List<Object> current = new ArrayList<>(1);
        current.add(start);
        StringBuilder walked = new StringBuilder(root == Root.CONTEXT ? "$$" : "$");
        for (int i = 0; i < selectors.size(); i++) {
            PathSelector selector = selectors.get(i);
            List<Object> next = new ArrayList<>();
            for (Object value : current) {
                selector.select(value, next);
            }
            selector.appendCanonical(walked);
            if (definite && next.isEmpty()) {
                throw new NoMatch(i == selectors.size() - 1 ? "No results for path: " + walked
                        : "Missing property in path " + walked);
            }
            current = next;
        }
        return definite ? current.get(0) : current;
    }

    /**
     * The value of {@code root} with {@code value} written at this reference path: maps along the
     * way are copied (the input is never changed), missing members are created.
     *
     * @throws NoMatch when the path cannot be applied (a member of something that is not an object)
     */
    public Object write(Object target, Object value) {
        return write(target, 0, value);
    }

    private Object write(Object target, int index, Object value) {
        if (index == selectors.size()) {
            return value;
        }
        PathSelector selector = selectors.get(index);
        if (selector instanceof PathSelector.Member member) {
            if (!(target instanceof Map<?, ?> object)) {
                throw new NoMatch("cannot write member '" + member.name() + "' into " + Json.typeName(target));
            }
            Map<String, Object> copied = new LinkedHashMap<>();
            object.forEach((key, element) -> copied.put((String) key, element));
            Object inner = copied.get(member.name());
            boolean last = index == selectors.size() - 1;
            copied.put(member.name(), write(last || inner != null ? inner : new LinkedHashMap<>(), index + 1, value));
            return copied;
        }
        if (selector instanceof PathSelector.Index at && target instanceof List<?> array) {
            int position = at.index() < 0 ? array.size() + at.index() : at.index();
            if (position < 0 || position >= array.size()) {
                throw new NoMatch("index " + at.index() + " is out of bounds");
            }
            List<Object> copied = new ArrayList<>(array);
            copied.set(position, write(array.get(position), index + 1, value));
            return copied;
        }
        throw new NoMatch("cannot write " + text + " into " + Json.typeName(target));
    }

    @Override
    public String toString() {
        return text;
    }

    /** A definite path that selects nothing; the message is Jayway's. */
    public static final class NoMatch extends RuntimeException {
        public NoMatch(String message) {
            super(message, null, false, false);
        }
    }
}
