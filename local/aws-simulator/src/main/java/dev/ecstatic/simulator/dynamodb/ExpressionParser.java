package dev.ecstatic.simulator.dynamodb;

import dev.ecstatic.simulator.dynamodb.Expr.Condition;
import dev.ecstatic.simulator.dynamodb.Expr.Element;
import dev.ecstatic.simulator.dynamodb.Expr.Operand;
import dev.ecstatic.simulator.dynamodb.Expr.Path;
import dev.ecstatic.simulator.dynamodb.Expr.UpdateAction;
import dev.ecstatic.simulator.dynamodb.Lexer.Kind;
import dev.ecstatic.simulator.dynamodb.Lexer.Token;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Parses condition, filter, key condition, update and projection expressions with DynamoDB's
 * grammar ("Condition and filter expressions, operators, and functions",
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.OperatorsAndFunctions.html;
 * "Update expressions", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Expressions.UpdateExpressions.html),
 * and answers mistakes with DynamoDB's ValidationException messages: a syntax error names the
 * offending token and the text near it ({@code Syntax error; token: "=", near: "a = ="}), and
 * semantic errors (reserved words, undefined placeholders, wrong operands) are reported after a
 * successful parse, the most basic first, as DynamoDB does.
 */
final class ExpressionParser {

    /** "Reserved words in DynamoDB": https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ReservedWords.html */
    private static final Set<String> RESERVED = reservedWords();

    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains", "size");
    private static final Set<String> UPDATE_FUNCTIONS = Set.of("if_not_exists", "list_append");
    private static final Set<String> TYPE_NAMES = Set.of("S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS");
    private static final Set<String> CONDITION_KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");
    private static final Set<String> UPDATE_KEYWORDS = Set.of("SET", "REMOVE", "ADD", "DELETE");

    /** Semantic error kinds, in the order DynamoDB reports them when several occur. */
    private enum Problem {
        PARENTHESES, UNKNOWN_FUNCTION, MISUSED_FUNCTION, RESERVED_WORD, SECTION, UNDEFINED, PATH_OVERLAP,
        OPERAND_COUNT, DISTINCT_OPERANDS, OPERAND_TYPE
    }

    private final String label;
    private final String source;
    private final List<Token> tokens;
    private final Placeholders placeholders;
    private final Set<String> keywords;
    private int pos;
    private Map<Problem, String> problems = new EnumMap<>(Problem.class);
    private final Set<Object> parenthesized = Collections.newSetFromMap(new IdentityHashMap<>());

    private ExpressionParser(String label, String source, Placeholders placeholders, Set<String> keywords) {
        this.label = label;
        this.source = source;
        this.placeholders = placeholders;
        this.keywords = keywords;
        if (source.isBlank()) {
            throw DynamoDbException.validation("Invalid " + label + ": The expression can not be empty;");
        }
        this.tokens = Lexer.tokens(source);
    }

    // ---- entry points ----

    /** A ConditionExpression, FilterExpression or KeyConditionExpression ({@code label} names which). */
    static Condition condition(String label, String text, Placeholders placeholders) {
        ExpressionParser p = new ExpressionParser(label, text, placeholders, CONDITION_KEYWORDS);
        Condition c = p.run(() -> {
            Condition parsed = p.parseOr();
            p.expect(Kind.EOF);
            return parsed;
        });
        p.report();
        return c;
    }

    static List<UpdateAction> update(String text, Placeholders placeholders) {
        ExpressionParser p = new ExpressionParser("UpdateExpression", text, placeholders, UPDATE_KEYWORDS);
        List<UpdateAction> actions = p.run(p::parseUpdate);
        p.checkOverlaps(actions.stream().map(UpdateAction::path).toList());
        p.report();
        return actions;
    }

    static List<Path> projection(String text, Placeholders placeholders) {
        ExpressionParser p = new ExpressionParser("ProjectionExpression", text, placeholders, Set.of());
        List<Path> paths = p.run(() -> {
            List<Path> out = new ArrayList<>();
            out.add(p.parsePath());
            while (p.peek().kind() == Kind.COMMA) {
                p.next();
                out.add(p.parsePath());
            }
            p.expect(Kind.EOF);
            return out;
        });
        p.checkOverlaps(paths);
        p.report();
        return paths;
    }

    // ---- conditions ----

    private Condition parseOr() {
        Condition left = parseAnd();
        while (peek().isKeyword("OR")) {
            next();
            left = new Condition.Or(left, parseAnd());
        }
        return left;
    }

    private Condition parseAnd() {
        Condition left = parseNot();
        while (peek().isKeyword("AND")) {
            next();
            left = new Condition.And(left, parseNot());
        }
        return left;
    }

    private Condition parseNot() {
        if (peek().isKeyword("NOT")) {
            next();
            return new Condition.Not(parseNot());
        }
        return parseAtom();
    }

    /** A parenthesised condition, or a comparison whose first operand may itself be parenthesised. */
    private Condition parseAtom() {
        if (peek().kind() != Kind.LPAREN) {
            return parseComparison();
        }
        int start = pos;
        Map<Problem, String> before = new EnumMap<>(problems);
        try {
            next();
            Condition inner = parseOr();
            expect(Kind.RPAREN);
            if (parenthesized.contains(inner)) {
                problem(Problem.PARENTHESES, "The expression has redundant parentheses;");
            }
            parenthesized.add(inner);
            return inner;
        } catch (SyntaxError asCondition) {
            pos = start;
            problems = before;
            try {
                return parseComparison();
            } catch (SyntaxError asOperand) {
                throw asOperand.at >= asCondition.at ? asOperand : asCondition;
            }
        }
    }

    private Condition parseComparison() {
        Term left = parseTerm();
        Token t = peek();
        if (t.isComparator()) {
            next();
            Term right = parseTerm();
            Operand l = operand(left);
            Operand r = operand(right);
            distinct(t.text(), l, r);
            return new Condition.Compare(t.text(), l, r);
        }
        if (t.isKeyword("BETWEEN")) {
            next();
            Term low = parseTerm();
            if (!peek().isKeyword("AND")) {
                throw fail();
            }
            next();
            Term high = parseTerm();
            Operand v = operand(left);
            Operand lo = operand(low);
            Operand hi = operand(high);
            distinct("BETWEEN", v, lo, hi);
            checkBounds(lo, hi);
            return new Condition.Between(v, lo, hi);
        }
        if (t.isKeyword("IN")) {
            next();
            expect(Kind.LPAREN);
            List<Term> list = new ArrayList<>();
            list.add(parseTerm());
            while (peek().kind() == Kind.COMMA) {
                next();
                list.add(parseTerm());
            }
            expect(Kind.RPAREN);
            Operand v = operand(left);
            List<Operand> candidates = list.stream().map(this::operand).toList();
            if (candidates.size() > 100) {
                problem(Problem.OPERAND_COUNT, "Incorrect number of operands for operator or function; "
                        + "operator or function: IN, number of operands: " + (candidates.size() + 1));
            }
            List<Operand> all = new ArrayList<>(candidates);
            all.addFirst(v);
            distinct("IN", all.toArray(Operand[]::new));
            return new Condition.In(v, candidates);
        }
        if (left instanceof Term.Call call) {
            return function(call);
        }
        throw fail();
    }

    /** A function used as a condition: attribute_exists(a), begins_with(a, :p), … */
    private Condition function(Term.Call call) {
        String name = call.name();
        List<Term> args = call.args();
        if (name.equals("size")) {
            problem(Problem.MISUSED_FUNCTION, "The function is not allowed to be used this way in an expression; function: size");
            return placeholderCondition();
        }
        if (UPDATE_FUNCTIONS.contains(name)) {
            problem(Problem.MISUSED_FUNCTION, "The function is not allowed in a condition expression; function: " + name);
            return placeholderCondition();
        }
        if (!CONDITION_FUNCTIONS.contains(name)) {
            problem(Problem.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
            return placeholderCondition();
        }
        int arity = name.startsWith("attribute_") && !name.equals("attribute_type") ? 1 : 2;
        List<Operand> ops = args.stream().map(this::operand).toList();
        if (ops.size() != arity) {
            problem(Problem.OPERAND_COUNT, "Incorrect number of operands for operator or function; operator or function: "
                    + name + ", number of operands: " + ops.size());
            return placeholderCondition();
        }
        distinct(name, ops.toArray(Operand[]::new));
        switch (name) {
            case "attribute_exists", "attribute_not_exists", "attribute_type" -> {
                if (!(ops.getFirst() instanceof Operand.PathRef ref)) {
                    problem(Problem.OPERAND_TYPE, "Operator or function requires a document path; operator or function: " + name);
                    return placeholderCondition();
                }
                if (name.equals("attribute_exists")) {
                    return new Condition.AttributeExists(ref.path());
                }
                if (name.equals("attribute_not_exists")) {
                    return new Condition.AttributeNotExists(ref.path());
                }
                if (!(ops.get(1) instanceof Operand.Value v) || !(v.value() instanceof AttributeValue.S s)) {
                    String type = ops.get(1) instanceof Operand.Value v ? v.value().type() : "{NS,SS,L,BS,N,M,B,BOOL,NULL,S}";
                    problem(Problem.OPERAND_TYPE, "Incorrect operand type for operator or function; operator or function: "
                            + name + ", operand type: " + type);
                    return placeholderCondition();
                }
                if (!TYPE_NAMES.contains(s.value())) {
                    problem(Problem.OPERAND_TYPE, "Invalid attribute type name found; type: " + s.value()
                            + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
                }
                return new Condition.AttributeType(ref.path(), ops.get(1));
            }
            case "begins_with" -> {
                for (Operand o : ops) {
                    if (o instanceof Operand.Value v && !(v.value() instanceof AttributeValue.S)
                            && !(v.value() instanceof AttributeValue.B)) {
                        problem(Problem.OPERAND_TYPE, "Incorrect operand type for operator or function; "
                                + "operator or function: begins_with, operand type: " + v.value().type());
                    }
                }
                return new Condition.BeginsWith(ops.get(0), ops.get(1));
            }
            default -> {
                return new Condition.Contains(ops.get(0), ops.get(1));
            }
        }
    }

    /** A term used as an operand of a comparison, BETWEEN, IN or function. */
    private Operand operand(Term term) {
        Term t = term;
        while (t instanceof Term.Paren p) {
            t = p.inner();
        }
        return switch (t) {
            case Term.PathTerm p -> new Operand.PathRef(p.path());
            case Term.ValueTerm v -> new Operand.Value(v.value());
            case Term.Paren ignored -> throw new IllegalStateException("unwrapped above");
            case Term.Call call -> {
                String name = call.name();
                if (name.equals("size")) {
                    if (call.args().size() != 1) {
                        problem(Problem.OPERAND_COUNT, "Incorrect number of operands for operator or function; "
                                + "operator or function: size, number of operands: " + call.args().size());
                        yield placeholderOperand();
                    }
                    Operand arg = operand(call.args().getFirst());
                    if (!(arg instanceof Operand.PathRef ref)) {
                        if (arg instanceof Operand.Value v && !(v.value() instanceof AttributeValue.N)
                                && !(v.value() instanceof AttributeValue.Bool) && !(v.value() instanceof AttributeValue.Null)) {
                            yield new Operand.Value(sizeOf(v.value()));
                        }
                        problem(Problem.OPERAND_TYPE, "Operator or function requires a document path; "
                                + "operator or function: size");
                        yield placeholderOperand();
                    }
                    yield new Operand.Size(ref.path());
                }
                if (CONDITION_FUNCTIONS.contains(name)) {
                    problem(Problem.MISUSED_FUNCTION,
                            "The function is not allowed to be used this way in an expression; function: " + name);
                } else if (UPDATE_FUNCTIONS.contains(name)) {
                    problem(Problem.MISUSED_FUNCTION, "The function is not allowed in a condition expression; function: " + name);
                } else {
                    problem(Problem.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
                }
                yield placeholderOperand();
            }
            case Term.Arithmetic ignored -> throw new IllegalStateException("no arithmetic in conditions");
        };
    }

    private static AttributeValue sizeOf(AttributeValue v) {
        return AttributeValue.number(java.math.BigDecimal.valueOf(Evaluator.size(v)));
    }

    private void distinct(String operator, Operand... ops) {
        if (!(ops[0] instanceof Operand.PathRef first)) {
            return;
        }
        for (int i = 1; i < ops.length; i++) {
            if (ops[i] instanceof Operand.PathRef other && other.path().equals(first.path())) {
                problem(Problem.DISTINCT_OPERANDS, "The first operand must be distinct from the remaining operands for "
                        + "this operator or function; operator: " + operator + ", first operand: " + first.path());
                return;
            }
        }
    }

    private void checkBounds(Operand low, Operand high) {
        if (low instanceof Operand.Value lo && high instanceof Operand.Value hi) {
            String bounds = "lower bound operand: AttributeValue: {" + describe(lo.value())
                    + "}, upper bound operand: AttributeValue: {" + describe(hi.value()) + "}";
            Integer order = AttributeValue.compare(lo.value(), hi.value());
            if (!lo.value().type().equals(hi.value().type())) {
                problem(Problem.OPERAND_TYPE,
                        "The BETWEEN operator requires same data type for lower and upper bounds; " + bounds);
            } else if (order != null && order > 0) {
                problem(Problem.OPERAND_TYPE,
                        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; " + bounds);
            }
        }
    }

    private static String describe(AttributeValue v) {
        return v.type() + ":" + switch (v) {
            case AttributeValue.S s -> s.value();
            case AttributeValue.N n -> Numbers.format(n.value());
            default -> AttributeValue.toJson(v).get(v.type()).toString();
        };
    }

    // ---- update expressions ----

    private List<UpdateAction> parseUpdate() {
        List<UpdateAction> actions = new ArrayList<>();
        Set<String> sections = new HashSet<>();
        do {
            Token keyword = peek();
            String section = keyword.kind() == Kind.IDENT ? keyword.text().toUpperCase(Locale.ROOT) : "";
            if (!UPDATE_KEYWORDS.contains(section)) {
                throw fail();
            }
            next();
            if (!sections.add(section)) {
                problem(Problem.SECTION, "The \"" + section + "\" section can only be used once in an update expression;");
            }
            actions.add(parseAction(section));
            while (peek().kind() == Kind.COMMA) {
                next();
                actions.add(parseAction(section));
            }
        } while (peek().kind() != Kind.EOF);
        return actions;
    }

    private UpdateAction parseAction(String section) {
        Path path = parsePath();
        switch (section) {
            case "SET" -> {
                expect(Kind.EQ);
                return new UpdateAction.Set(path, updateOperand(parseSetValue()));
            }
            case "REMOVE" -> {
                return new UpdateAction.Remove(path);
            }
            default -> {
                Token t = peek();
                if (t.kind() != Kind.VALUE_REF) {
                    throw fail();
                }
                next();
                AttributeValue v = resolveValue(t);
                boolean set = v instanceof AttributeValue.SS || v instanceof AttributeValue.NS || v instanceof AttributeValue.BS;
                boolean ok = set || (section.equals("ADD") && v instanceof AttributeValue.N);
                if (!ok) {
                    problem(Problem.OPERAND_TYPE, "Incorrect operand type for operator or function; operator: " + section
                            + ", operand type: " + typeWord(v));
                }
                return section.equals("ADD") ? new UpdateAction.Add(path, v) : new UpdateAction.Delete(path, v);
            }
        }
    }

    private static String typeWord(AttributeValue v) {
        return switch (v) {
            case AttributeValue.S ignored -> "STRING";
            case AttributeValue.N ignored -> "NUMBER";
            case AttributeValue.B ignored -> "BINARY";
            case AttributeValue.Bool ignored -> "BOOLEAN";
            case AttributeValue.Null ignored -> "NULL";
            case AttributeValue.L ignored -> "LIST";
            case AttributeValue.M ignored -> "MAP";
            default -> v.type();
        };
    }

    /** {@code operand} or {@code operand + operand} / {@code operand - operand}. */
    private Term parseSetValue() {
        Term left = parseTerm();
        Token t = peek();
        if (t.kind() == Kind.PLUS || t.kind() == Kind.MINUS) {
            next();
            return new Term.Arithmetic(left, t.kind() == Kind.PLUS, parseTerm(), t);
        }
        return left;
    }

    private Operand updateOperand(Term term) {
        return switch (term) {
            case Term.PathTerm p -> new Operand.PathRef(p.path());
            case Term.ValueTerm v -> new Operand.Value(v.value());
            case Term.Paren p -> updateOperand(p.inner());
            case Term.Arithmetic a -> {
                Operand l = updateOperand(a.left());
                Operand r = updateOperand(a.right());
                String op = a.plus() ? "+" : "-";
                for (Operand o : List.of(l, r)) {
                    if (o instanceof Operand.Value v && !(v.value() instanceof AttributeValue.N)) {
                        problem(Problem.OPERAND_TYPE, "Incorrect operand type for operator or function; "
                                + "operator or function: " + op + ", operand type: " + v.value().type());
                    }
                }
                yield new Operand.Arithmetic(l, a.plus(), r);
            }
            case Term.Call call -> {
                String name = call.name();
                if (CONDITION_FUNCTIONS.contains(name)) {
                    // DynamoDB's words for size(), begins_with() and the others in a SET, as for
                    // if_not_exists() in a condition ("The function is not allowed in a condition expression").
                    problem(Problem.MISUSED_FUNCTION, "The function is not allowed in an update expression; function: " + name);
                    yield placeholderOperand();
                }
                if (!UPDATE_FUNCTIONS.contains(name)) {
                    problem(Problem.UNKNOWN_FUNCTION, "Invalid function name; function: " + name);
                    yield placeholderOperand();
                }
                if (call.args().size() != 2) {
                    problem(Problem.OPERAND_COUNT, "Incorrect number of operands for operator or function; "
                            + "operator or function: " + name + ", number of operands: " + call.args().size());
                    yield placeholderOperand();
                }
                Operand a = updateOperand(call.args().get(0));
                Operand b = updateOperand(call.args().get(1));
                if (name.equals("if_not_exists")) {
                    if (!(a instanceof Operand.PathRef ref)) {
                        problem(Problem.OPERAND_TYPE, "Operator or function requires a document path; "
                                + "operator or function: if_not_exists");
                        yield placeholderOperand();
                    }
                    yield new Operand.IfNotExists(ref.path(), b);
                }
                for (Operand o : List.of(a, b)) {
                    if (o instanceof Operand.Value v && !(v.value() instanceof AttributeValue.L)) {
                        problem(Problem.OPERAND_TYPE, "Incorrect operand type for operator or function; "
                                + "operator or function: list_append, operand type: " + v.value().type());
                    }
                }
                yield new Operand.ListAppend(a, b);
            }
        };
    }

    /** Two paths of one update or projection expression may not overlap (one inside the other) or conflict. */
    private void checkOverlaps(List<Path> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = 0; j < i; j++) {
                List<Element> a = paths.get(j).elements();
                List<Element> b = paths.get(i).elements();
                String which = "overlap";
                boolean related = true;
                for (int k = 0; k < Math.min(a.size(), b.size()); k++) {
                    if (a.get(k).getClass() != b.get(k).getClass()) {
                        which = "conflict";
                        break;
                    }
                    if (!a.get(k).equals(b.get(k))) {
                        related = false;
                        break;
                    }
                }
                if (related) {
                    problem(Problem.PATH_OVERLAP, "Two document paths " + which + " with each other; must remove or "
                            + "rewrite one of these paths; path one: " + paths.get(j) + ", path two: " + paths.get(i));
                    return;
                }
            }
        }
    }

    // ---- terms and paths ----

    private Term parseTerm() {
        Token t = peek();
        switch (t.kind()) {
            case LPAREN -> {
                next();
                Term inner = keywords == UPDATE_KEYWORDS ? parseSetValue() : parseTerm();
                expect(Kind.RPAREN);
                if (inner instanceof Term.Paren) {
                    problem(Problem.PARENTHESES, "The expression has redundant parentheses;");
                }
                return new Term.Paren(inner, t);
            }
            case VALUE_REF -> {
                next();
                return new Term.ValueTerm(resolveValue(t), t);
            }
            case IDENT -> {
                if (keywords.contains(t.text().toUpperCase(Locale.ROOT))) {
                    throw fail();
                }
                if (tokens.get(pos + 1).kind() == Kind.LPAREN) {
                    next();
                    next();
                    List<Term> args = new ArrayList<>();
                    args.add(keywords == UPDATE_KEYWORDS ? parseSetValue() : parseTerm());
                    while (peek().kind() == Kind.COMMA) {
                        next();
                        args.add(keywords == UPDATE_KEYWORDS ? parseSetValue() : parseTerm());
                    }
                    expect(Kind.RPAREN);
                    return new Term.Call(t.text(), args, t);
                }
                return new Term.PathTerm(parsePath(), t);
            }
            case NAME_REF -> {
                return new Term.PathTerm(parsePath(), t);
            }
            default -> throw fail();
        }
    }

    private Path parsePath() {
        List<Element> elements = new ArrayList<>();
        Token head = peek();
        if (head.kind() == Kind.IDENT && keywords.contains(head.text().toUpperCase(Locale.ROOT))) {
            throw fail();
        }
        elements.add(new Element.Name(pathName()));
        while (true) {
            Token t = peek();
            if (t.kind() == Kind.DOT) {
                next();
                elements.add(new Element.Name(pathName()));
            } else if (t.kind() == Kind.LBRACKET) {
                next();
                Token index = peek();
                if (index.kind() != Kind.INTEGER || index.text().length() > 9) {
                    throw fail();
                }
                next();
                expect(Kind.RBRACKET);
                elements.add(new Element.Index(Integer.parseInt(index.text())));
            } else {
                return new Path(elements);
            }
        }
    }

    private String pathName() {
        Token t = peek();
        if (t.kind() == Kind.IDENT) {
            next();
            if (RESERVED.contains(t.text().toUpperCase(Locale.ROOT))) {
                problem(Problem.RESERVED_WORD, "Attribute name is a reserved keyword; reserved keyword: " + t.text());
            }
            return t.text();
        }
        if (t.kind() == Kind.NAME_REF) {
            next();
            String name = placeholders.name(t.text());
            if (name == null) {
                problem(Problem.UNDEFINED, "An expression attribute name used in the document path is not defined; "
                        + "attribute name: " + t.text());
                return t.text();
            }
            return name;
        }
        throw fail();
    }

    private AttributeValue resolveValue(Token t) {
        AttributeValue v = placeholders.value(t.text());
        if (v == null) {
            problem(Problem.UNDEFINED, "An expression attribute value used in expression is not defined; "
                    + "attribute value: " + t.text());
            return new AttributeValue.Null();
        }
        return v;
    }

    private static Operand placeholderOperand() {
        return new Operand.Value(new AttributeValue.Null());
    }

    private static Condition placeholderCondition() {
        return new Condition.AttributeExists(new Path(List.of(new Element.Name("?"))));
    }

    /** What was parsed before semantics: a path, a value, a call, parentheses, or SET arithmetic. */
    private sealed interface Term {
        record PathTerm(Path path, Token start) implements Term {
        }

        record ValueTerm(AttributeValue value, Token start) implements Term {
        }

        record Call(String name, List<Term> args, Token start) implements Term {
        }

        record Paren(Term inner, Token start) implements Term {
        }

        record Arithmetic(Term left, boolean plus, Term right, Token operator) implements Term {
        }
    }

    // ---- machinery ----

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        return tokens.get(pos++);
    }

    private void expect(Kind kind) {
        if (peek().kind() != kind) {
            throw fail();
        }
        next();
    }

    private SyntaxError fail() {
        return new SyntaxError(pos);
    }

    private void problem(Problem kind, String message) {
        problems.putIfAbsent(kind, message);
    }

    private <T> T run(java.util.function.Supplier<T> parse) {
        try {
            return parse.get();
        } catch (SyntaxError e) {
            throw DynamoDbException.validation("Invalid " + label + ": Syntax error; token: \"" + tokens.get(e.at).text()
                    + "\", near: \"" + near(e.at) + "\"");
        }
    }

    /** The offending token with the one before it, as DynamoDB quotes it. */
    private String near(int at) {
        Token bad = tokens.get(at);
        if (at == 0) {
            return bad.text();
        }
        Token before = tokens.get(at - 1);
        return bad.kind() == Kind.EOF ? before.text() : source.substring(before.start(), bad.end());
    }

    private void report() {
        if (!problems.isEmpty()) {
            throw DynamoDbException.validation("Invalid " + label + ": " + problems.values().iterator().next());
        }
    }

    /** A syntax error at token index {@code at}; the furthest one wins when alternatives were tried. */
    private static final class SyntaxError extends RuntimeException {
        final int at;

        SyntaxError(int at) {
            super(null, null, false, false);
            this.at = at;
        }
    }

    private static Set<String> reservedWords() {
        try (InputStream in = ExpressionParser.class.getResourceAsStream("reserved-words.txt")) {
            if (in == null) {
                throw new IllegalStateException("reserved-words.txt is missing from the simulator's resources");
            }
            Set<String> words = new HashSet<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String w = line.strip();
                if (!w.isEmpty() && !w.startsWith("#")) {
                    words.add(w);
                }
            }
            return Set.copyOf(words);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
