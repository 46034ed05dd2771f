package io.pulse.alert.kapacitor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Kapacitor's task validation the {@link KapacitorDouble} needs to refuse what a real Kapacitor refuses
 * for the scripts Pulse writes: TICKscript's lexical rules (strings with only the {@code \'} escape, triple-quoted
 * strings, field references with only {@code \"}, single-unit durations), the batch pipeline shape
 * ({@code batch|query('''...''').period(d).every(d)|alert()...}) with the {@code AlertNode} methods that exist, the
 * InfluxQL of the query (quoted identifiers and strings with InfluxQL's escapes, no bare {@code WHERE}, no unquoted
 * keywords), and the Go templates of {@code .id} and {@code .message}. Every problem is an
 * {@link IllegalArgumentException} whose message is what the double answers after {@code invalid TICKscript: }.
 * Stateless.
 */
final class TickscriptChecker {

    /** The AlertNode property methods a script may call, and what their argument is. */
    private static final Set<String> ALERT_STRING_METHODS = Set.of("id", "message", "details", "post", "log", "topic");
    private static final Set<String> ALERT_LAMBDA_METHODS = Set.of("info", "warn", "crit");
    private static final Set<String> ALERT_FLAG_METHODS = Set.of("stateChangesOnly", "noRecoveries", "all");
    private static final Set<String> QUERY_METHODS = Set.of("period", "every", "groupBy", "align", "offset", "fill");
    /** InfluxQL keywords that cannot be bare identifiers (the ones a stats layout could hit). */
    private static final Set<String> INFLUXQL_KEYWORDS = Set.of("ALL", "ALTER", "AND", "AS", "ASC", "BEGIN", "BY",
        "CREATE", "DELETE", "DESC", "DROP", "DURATION", "END", "EVERY", "EXPLAIN", "FIELD", "FOR", "FROM", "GRANT",
        "GROUP", "IN", "INF", "INSERT", "INTO", "KEY", "KEYS", "LIMIT", "MEASUREMENT", "NAME", "OFFSET", "ON", "OR",
        "ORDER", "PASSWORD", "POLICY", "QUERY", "READ", "REPLICATION", "RESAMPLE", "REVOKE", "SELECT", "SERIES", "SET",
        "SHOW", "SLIMIT", "SOFFSET", "TAG", "TO", "USER", "USERS", "VALUES", "WHERE", "WITH", "WRITE");
    private static final Pattern DURATION = Pattern.compile("\\d+(u|µ|ms|s|m|h|d|w)");
    private static final Pattern NUMBER = Pattern.compile("\\d+(\\.\\d+)?");
    private static final Pattern GO_STRING = Pattern.compile("\"(?:[^\"\\\\\\x00-\\x1f]|\\\\[\\\\\"nrt]|\\\\x[0-9a-fA-F]{2})*\"");
    private static final Pattern TEMPLATE_ACTION = Pattern.compile(
        "\\s*(?:\\.[A-Za-z]+|index \\.Fields (" + GO_STRING.pattern() + ")|(" + GO_STRING.pattern() + "))\\s*");

    private TickscriptChecker() {
    }

    /** Checks a batch task's script. */
    static void checkBatch(String script) {
        new Parser(lex(script)).batch();
    }

    // ---- TICKscript tokens ----

    private enum Kind { IDENT, NUMBER, DURATION, STRING, TRIPLE, REFERENCE, OP }

    private record Token(Kind kind, String text, String value, int line) {
    }

    private static List<Token> lex(String s) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int line = 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (s.startsWith("//", i)) {
                while (i < s.length() && s.charAt(i) != '\n') {
                    i++;
                }
            } else if (s.startsWith("'''", i)) {
                int end = s.indexOf("'''", i + 3);
                if (end < 0) {
                    throw error(line, "unterminated string");
                }
                String value = s.substring(i + 3, end);
                tokens.add(new Token(Kind.TRIPLE, s.substring(i, end + 3), value, line));
                line += (int) value.chars().filter(ch -> ch == '\n').count();
                i = end + 3;
            } else if (c == '\'' || c == '"') {
                // Kapacitor's lexer: the only escape is a backslash before the quote that opened the token.
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                while (true) {
                    if (j >= s.length()) {
                        throw error(line, c == '"' ? "unterminated field reference" : "unterminated string");
                    }
                    char d = s.charAt(j);
                    if (d == '\\' && j + 1 < s.length() && s.charAt(j + 1) == c) {
                        value.append(c);
                        j += 2;
                    } else if (d == c) {
                        break;
                    } else {
                        value.append(d);
                        j++;
                    }
                }
                tokens.add(new Token(c == '"' ? Kind.REFERENCE : Kind.STRING, s.substring(i, j + 1), value.toString(), line));
                i = j + 1;
            } else if (Character.isLetter(c) || c == '_') {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
                    j++;
                }
                tokens.add(new Token(Kind.IDENT, s.substring(i, j), s.substring(i, j), line));
                i = j;
            } else if (Character.isDigit(c)) {
                int j = i;
                while (j < s.length() && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '.' || s.charAt(j) == 'µ')) {
                    j++;
                }
                String text = s.substring(i, j);
                Kind kind = DURATION.matcher(text).matches() ? Kind.DURATION : NUMBER.matcher(text).matches() ? Kind.NUMBER : null;
                if (kind == null) {
                    throw error(line, "invalid number or duration '" + text + "'");
                }
                tokens.add(new Token(kind, text, text, line));
                i = j;
            } else {
                String op = s.startsWith("==", i) || s.startsWith("!=", i) || s.startsWith("<=", i) || s.startsWith(">=", i)
                    ? s.substring(i, i + 2) : String.valueOf(c);
                if (!Set.of("|", ".", "(", ")", ",", ":", "==", "!=", "<=", ">=", "<", ">", "-", "+", "*", "/").contains(op)) {
                    throw error(line, "unexpected character '" + c + "'");
                }
                tokens.add(new Token(Kind.OP, op, op, line));
                i += op.length();
            }
        }
        return tokens;
    }

    private static IllegalArgumentException error(int line, String message) {
        return new IllegalArgumentException("line " + line + ": " + message);
    }

    // ---- the pipeline ----

    private static final class Parser {
        private final List<Token> tokens;
        private int at;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        void batch() {
            Token first = next("'batch'");
            if (first.kind != Kind.IDENT || !first.text.equals("batch")) {
                throw error(first.line, "a batch task's script starts with 'batch', got '" + first.text + "'");
            }
            boolean query = false;
            boolean alert = false;
            while (at < tokens.size()) {
                expectOp("|");
                Token node = expectIdent();
                switch (node.text) {
                    case "query" -> {
                        expectOp("(");
                        Token q = next("the query");
                        if (q.kind != Kind.TRIPLE && q.kind != Kind.STRING) {
                            throw error(q.line, "query() takes an InfluxQL string");
                        }
                        expectOp(")");
                        checkInfluxQl(q.value, q.line);
                        boolean period = false;
                        boolean every = false;
                        while (peekOp(".")) {
                            at++;
                            Token m = expectIdent();
                            if (!QUERY_METHODS.contains(m.text)) {
                                throw error(m.line, "no method or property \"" + m.text + "\" on *pipeline.QueryNode");
                            }
                            expectOp("(");
                            if (m.text.equals("period") || m.text.equals("every")) {
                                Token d = next("a duration");
                                if (d.kind != Kind.DURATION) {
                                    throw error(d.line, m.text + "() takes a duration, got '" + d.text + "'");
                                }
                                period |= m.text.equals("period");
                                every |= m.text.equals("every");
                            } else {
                                skipArguments();
                                at--;
                            }
                            expectOp(")");
                        }
                        if (!period) {
                            throw error(node.line, "batch query must define a period");
                        }
                        if (!every) {
                            throw error(node.line, "batch query must define one of 'every' or 'cron'");
                        }
                        query = true;
                    }
                    case "alert" -> {
                        expectOp("(");
                        expectOp(")");
                        while (peekOp(".")) {
                            at++;
                            alertMethod(expectIdent());
                        }
                        alert = true;
                    }
                    default -> throw error(node.line, "no method or property \"" + node.text + "\" on *pipeline.BatchNode");
                }
            }
            if (!query || !alert) {
                throw error(1, "expected a query node and an alert node");
            }
        }

        private void alertMethod(Token m) {
            expectOp("(");
            if (ALERT_STRING_METHODS.contains(m.text)) {
                Token s = next("a string");
                if (s.kind != Kind.STRING) {
                    throw error(s.line, m.text + "() takes a string, got '" + s.text + "'");
                }
                if (m.text.equals("id") || m.text.equals("message") || m.text.equals("details")) {
                    checkTemplate(s.value, s.line);
                }
            } else if (ALERT_LAMBDA_METHODS.contains(m.text)) {
                Token lambda = expectIdent();
                if (!lambda.text.equals("lambda")) {
                    throw error(lambda.line, m.text + "() takes a lambda expression");
                }
                expectOp(":");
                Token field = next("a field reference");
                if (field.kind != Kind.REFERENCE) {
                    throw error(field.line, "expected a field reference, got '" + field.text + "'");
                }
                Token op = next("a comparison");
                if (!Set.of("==", "!=", "<", "<=", ">", ">=").contains(op.text)) {
                    throw error(op.line, "expected a comparison, got '" + op.text + "'");
                }
                if (peekOp("-")) {
                    at++;
                }
                Token n = next("a number");
                if (n.kind != Kind.NUMBER) {
                    throw error(n.line, "expected a number, got '" + n.text + "'");
                }
            } else if (!ALERT_FLAG_METHODS.contains(m.text)) {
                throw error(m.line, "no method or property \"" + m.text + "\" on *pipeline.AlertNode");
            }
            expectOp(")");
        }

        private void skipArguments() {
            while (at < tokens.size() && !tokens.get(at).text.equals(")")) {
                at++;
            }
            at++;
        }

        private Token next(String what) {
            if (at >= tokens.size()) {
                throw error(tokens.isEmpty() ? 1 : tokens.get(tokens.size() - 1).line, "unexpected EOF, expected " + what);
            }
            return tokens.get(at++);
        }

        private Token expectIdent() {
            Token t = next("an identifier");
            if (t.kind != Kind.IDENT) {
                throw error(t.line, "expected an identifier, got '" + t.text + "'");
            }
            return t;
        }

        private void expectOp(String op) {
            Token t = next("'" + op + "'");
            if (t.kind != Kind.OP || !t.text.equals(op)) {
                throw error(t.line, "expected '" + op + "', got '" + t.text + "'");
            }
        }

        private boolean peekOp(String op) {
            return at < tokens.size() && tokens.get(at).kind == Kind.OP && tokens.get(at).text.equals(op);
        }
    }

    // ---- InfluxQL ----

    /** {@code SELECT <call> AS <ident> FROM <ident>(.<ident>)* [WHERE <ident> = <string> (AND ...)*]}. */
    static void checkInfluxQl(String query, int line) {
        List<String> t = influxTokens(query, line);
        int i = 0;
        i = keyword(t, i, "SELECT", line);
        // mean("x") AS "y"
        i = identifier(t, i, line);
        i = symbol(t, i, "(", line);
        i = identifier(t, i, line);
        i = symbol(t, i, ")", line);
        i = keyword(t, i, "AS", line);
        i = identifier(t, i, line);
        i = keyword(t, i, "FROM", line);
        i = identifier(t, i, line);
        while (i < t.size() && t.get(i).equals(".")) {
            i = identifier(t, i + 1, line);
        }
        if (i < t.size() && t.get(i).equalsIgnoreCase("WHERE")) {
            i++;
            while (true) {
                if (i >= t.size()) {
                    throw error(line, "error parsing query: found EOF, expected identifier, string, number, bool");
                }
                i = identifier(t, i, line);
                i = symbol(t, i, "=", line);
                if (i >= t.size() || !t.get(i).startsWith("'")) {
                    throw error(line, "error parsing query: expected a string after '='");
                }
                i++;
                if (i < t.size() && t.get(i).equalsIgnoreCase("AND")) {
                    i++;
                    continue;
                }
                break;
            }
        }
        if (i < t.size()) {
            throw error(line, "error parsing query: found " + t.get(i) + ", expected EOF");
        }
    }

    private static int keyword(List<String> t, int i, String keyword, int line) {
        if (i >= t.size() || !t.get(i).equalsIgnoreCase(keyword)) {
            throw error(line, "error parsing query: found " + (i >= t.size() ? "EOF" : t.get(i)) + ", expected " + keyword);
        }
        return i + 1;
    }

    private static int symbol(List<String> t, int i, String symbol, int line) {
        if (i >= t.size() || !t.get(i).equals(symbol)) {
            throw error(line, "error parsing query: found " + (i >= t.size() ? "EOF" : t.get(i)) + ", expected " + symbol);
        }
        return i + 1;
    }

    private static int identifier(List<String> t, int i, int line) {
        if (i >= t.size()) {
            throw error(line, "error parsing query: found EOF, expected identifier");
        }
        String s = t.get(i);
        boolean quoted = s.startsWith("\"");
        boolean bare = s.matches("[A-Za-z_][A-Za-z0-9_]*") && !INFLUXQL_KEYWORDS.contains(s.toUpperCase(Locale.ROOT));
        if (!quoted && !bare) {
            throw error(line, "error parsing query: found " + s + ", expected identifier");
        }
        return i + 1;
    }

    /** InfluxQL tokens; quoted ones keep their quotes. Escapes inside quotes: {@code \\ \" \' \n} only. */
    private static List<String> influxTokens(String q, int line) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < q.length()) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'') {
                int j = i + 1;
                while (true) {
                    if (j >= q.length() || q.charAt(j) == '\n') {
                        throw error(line, "error parsing query: found unterminated " + (c == '"' ? "identifier" : "string"));
                    }
                    char d = q.charAt(j);
                    if (d == '\\') {
                        if (j + 1 >= q.length() || "\\\"'n".indexOf(q.charAt(j + 1)) < 0) {
                            throw error(line, "error parsing query: bad escape");
                        }
                        j += 2;
                    } else if (d == c) {
                        break;
                    } else {
                        j++;
                    }
                }
                tokens.add(q.substring(i, j + 1));
                i = j + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_') {
                int j = i;
                while (j < q.length() && (Character.isLetterOrDigit(q.charAt(j)) || q.charAt(j) == '_')) {
                    j++;
                }
                tokens.add(q.substring(i, j));
                i = j;
            } else {
                tokens.add(String.valueOf(c));
                i++;
            }
        }
        return tokens;
    }

    // ---- Go templates ----

    /** Every {@code {{ ... }}} action is a field ({@code .ID}), {@code index .Fields "<go string>"} or a string. */
    static void checkTemplate(String text, int line) {
        int i = 0;
        while (true) {
            int open = text.indexOf("{{", i);
            if (open < 0) {
                return;
            }
            int close = actionEnd(text, open + 2);
            if (close < 0) {
                throw error(line, "template: unclosed action");
            }
            String action = text.substring(open + 2, close);
            Matcher m = TEMPLATE_ACTION.matcher(action);
            if (!m.matches()) {
                throw error(line, "template: bad action {{" + action + "}}");
            }
            i = close + 2;
        }
    }

    /** The index of the {@code }}} closing an action, skipping Go string literals. */
    private static int actionEnd(String text, int from) {
        boolean inString = false;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (text.startsWith("}}", i)) {
                return i;
            }
        }
        return -1;
    }
}
