package io.pulse.spi.alert;

import io.pulse.spi.Api;

/** How a value is compared with an alert's threshold. The default is {@link #GT}. */
@Api
public enum AlertOperator {
    EQ("eq", "=="), NE("ne", "!="), LT("lt", "<"), LE("le", "<="), GT("gt", ">"), GE("ge", ">=");

    private final String id;
    private final String symbol;

    AlertOperator(String id, String symbol) {
        this.id = id;
        this.symbol = symbol;
    }

    /** {@code eq}, {@code ne}, {@code lt}, {@code le}, {@code gt}, {@code ge}. */
    public String id() {
        return id;
    }

    /** {@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}. */
    public String symbol() {
        return symbol;
    }

    /** Whether {@code value <op> threshold} holds. */
    public boolean test(double value, double threshold) {
        return switch (this) {
            case EQ -> value == threshold;
            case NE -> value != threshold;
            case LT -> value < threshold;
            case LE -> value <= threshold;
            case GT -> value > threshold;
            case GE -> value >= threshold;
        };
    }

    /**
     * Parses an id ({@code gt}) or a symbol ({@code >}), as the original accepted both.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static AlertOperator parse(String text) {
        String t = text == null ? "" : text.strip();
        for (AlertOperator op : values()) {
            if (op.id.equalsIgnoreCase(t) || op.symbol.equals(t)) {
                return op;
            }
        }
        throw new IllegalArgumentException("unknown operator '" + text + "': accepted are eq, ne, lt, le, gt, ge (or ==, !=, <, <=, >, >=)");
    }
}
