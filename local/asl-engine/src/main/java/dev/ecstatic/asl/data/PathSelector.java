package dev.ecstatic.asl.data;

import java.util.List;
import java.util.Map;

/** One step of a {@link JsonPath}: what it selects from each value the previous step selected. */
sealed interface PathSelector {

    /** Adds what this step selects from {@code value} to {@code into}. */
    void select(Object value, List<Object> into);

    /** Whether the step selects at most one value. */
    boolean definite();

    /** Appends the step as Jayway writes it in messages, e.g. {@code ['name']}. */
    void appendCanonical(StringBuilder path);

    /** {@code .name} or {@code ['name']}. */
    record Member(String name) implements PathSelector {
        @Override
        public void select(Object value, List<Object> into) {
            if (value instanceof Map<?, ?> object && object.containsKey(name)) {
                into.add(object.get(name));
            }
        }

        @Override
        public boolean definite() {
            return true;
        }

        @Override
        public void appendCanonical(StringBuilder path) {
            path.append("['").append(name).append("']");
        }
    }

    /** {@code ['a','b']}: several members. */
    record Members(List<String> names) implements PathSelector {
        @Override
        public void select(Object value, List<Object> into) {
            if (value instanceof Map<?, ?> object) {
                for (String name : names) {
                    if (object.containsKey(name)) {
                        into.add(object.get(name));
                    }
                }
            }
        }

        @Override
        public boolean definite() {
            return false;
        }

        @Override
        public void appendCanonical(StringBuilder path) {
            path.append('[');
            for (int i = 0; i < names.size(); i++) {
                path.append(i > 0 ? "," : "").append('\'').append(names.get(i)).append('\'');
            }
            path.append(']');
        }
    }

    /** {@code [n]}; a negative index counts from the end. */
    record Index(int index) implements PathSelector {
        @Override
        public void select(Object value, List<Object> into) {
            if (value instanceof List<?> array) {
                int position = index < 0 ? array.size() + index : index;
                if (position >= 0 && position < array.size()) {
                    into.add(array.get(position));
                }
            }
        }

        @Override
        public boolean definite() {
            return true;
        }

        @Override
        public void appendCanonical(StringBuilder path) {
            path.append('[').append(index).append(']');
        }
    }

    /** {@code [0,2]}: several indexes. */
    record Indexes(List<Integer> indexes) implements PathSelector {
        @Override
        public void select(Object value, List<Object> into) {
            for (int index : indexes) {
                new Index(index).select(value, into);
            }
        }

        @Override
        public boolean definite() {
            return false;
        }

        @Override
        public void appendCanonical(StringBuilder path) {
            path.append(indexes.toString().replace(" ", ""));
        }
    }

    /** {@code [start:end]}, either bound optional, negative ones counting from the end. */
    record Slice(Integer start, Integer end) implements PathSelector {
        @Override
        public void select(Object value, List<Object> into) {
            if (value instanceof List<?> array) {
                int size = array.size();
                int from = start == null ? 0 : start < 0 ? Math.max(0, size + start) : Math.min(size, start);
                int to = end == null ? size : end < 0 ? Math.max(0, size + end) : Math.min(size, end);
                for (int i = from; i < to; i++) {
                    into.add(array.get(i));
                }
            }
        }

        @Override
        public boolean definite() {
            return false;
        }

        @Override
        public void appendCanonical(StringBuilder path) {
            path.append('[').append(start == null ? "" : start).append(':').append(end == null ? "" : end).append(']');
        }
    }

    /** {@code [*]} or {@code .*}: every element or member value. */
    record Wildcard() implements PathSelector {
        @Override
        public void select(Object value, List<Object> into) {
            if (value instanceof List<?> array) {
                into.addAll(array);
            } else if (value instanceof Map<?, ?> object) {
                into.addAll(object.values());
            }
        }

        @Override
        public boolean definite() {
            return false;
        }

        @Override
        public void appendCanonical(StringBuilder path) {
            path.append("[*]");
        }
    }

    /** {@code ..step}: the step applied to the value and to everything below it. */
    record DeepScan(PathSelector step) implements PathSelector {
        @Override
        public void select(Object value, List<Object> into) {
            step.select(value, into);
            if (value instanceof List<?> array) {
                for (Object element : array) {
                    select(element, into);
                }
            } else if (value instanceof Map<?, ?> object) {
                for (Object member : object.values()) {
                    select(member, into);
                }
            }
        }

        @Override
        public boolean definite() {
            return false;
        }

        @Override
        public void appendCanonical(StringBuilder path) {
            path.append("..");
            step.appendCanonical(path);
        }
    }

    /** {@code [?(predicate)]}: the elements (or member values) the predicate holds for. */
    record Filter(PathFilter predicate, String source) implements PathSelector {
        @Override
        public void select(Object value, List<Object> into) {
            if (value instanceof List<?> array) {
                for (Object element : array) {
                    if (predicate.test(element)) {
                        into.add(element);
                    }
                }
            } else if (value instanceof Map<?, ?> object && predicate.test(object)) {
                into.add(object);
            }
        }

        @Override
        public boolean definite() {
            return false;
        }

        @Override
        public void appendCanonical(StringBuilder path) {
            path.append("[?(").append(source).append(")]");
        }
    }
}
