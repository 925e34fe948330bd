package dev.ecstatic.simulator.dynamodb;

import java.util.ArrayList;
import java.util.List;

/** Splits a DynamoDB expression into tokens, keeping each token's place for syntax error messages. */
final class Lexer {

    enum Kind {
        IDENT, NAME_REF, VALUE_REF, INTEGER, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT,
        EQ, NE, LT, LE, GT, GE, PLUS, MINUS, ILLEGAL, EOF
    }

    record Token(Kind kind, String text, int start, int end) {

        boolean isKeyword(String keyword) {
            return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
        }

        boolean isComparator() {
            return switch (kind) {
                case EQ, NE, LT, LE, GT, GE -> true;
                default -> false;
            };
        }
    }

    private Lexer() {
    }

    static List<Token> tokens(String source) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = source.length();
        while (i < n) {
            char c = source.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                i++;
                continue;
            }
            int start = i;
            Kind kind;
            if (isIdentStart(c)) {
                i++;
                while (i < n && isIdentPart(source.charAt(i))) {
                    i++;
                }
                kind = Kind.IDENT;
            } else if (c == '#' || c == ':') {
                i++;
                while (i < n && isIdentPart(source.charAt(i))) {
                    i++;
                }
                kind = i == start + 1 ? Kind.ILLEGAL : c == '#' ? Kind.NAME_REF : Kind.VALUE_REF;
            } else if (c >= '0' && c <= '9') {
                while (i < n && source.charAt(i) >= '0' && source.charAt(i) <= '9') {
                    i++;
                }
                kind = Kind.INTEGER;
            } else {
                i++;
                kind = switch (c) {
                    case '(' -> Kind.LPAREN;
                    case ')' -> Kind.RPAREN;
                    case '[' -> Kind.LBRACKET;
                    case ']' -> Kind.RBRACKET;
                    case ',' -> Kind.COMMA;
                    case '.' -> Kind.DOT;
                    case '=' -> Kind.EQ;
                    case '+' -> Kind.PLUS;
                    case '-' -> Kind.MINUS;
                    case '<' -> {
                        if (i < n && source.charAt(i) == '>') {
                            i++;
                            yield Kind.NE;
                        }
                        if (i < n && source.charAt(i) == '=') {
                            i++;
                            yield Kind.LE;
                        }
                        yield Kind.LT;
                    }
                    case '>' -> {
                        if (i < n && source.charAt(i) == '=') {
                            i++;
                            yield Kind.GE;
                        }
                        yield Kind.GT;
                    }
                    default -> Kind.ILLEGAL;
                };
            }
            out.add(new Token(kind, source.substring(start, i), start, i));
        }
        out.add(new Token(Kind.EOF, "<EOF>", n, n));
        return out;
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isIdentPart(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9');
    }
}
