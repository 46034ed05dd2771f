package io.pulse.spi.alert;

import io.pulse.spi.Api;

/** How a value is compared with an alert's threshold. The default is {@link #GT}. */
@Api
public enum AlertOperator {
    /** {@code eq}, {@code ==}. */
    EQ("eq", "=="),
    /** {@code ne}, {@code !=}. */
    NE("ne", "!="),
    /** {@code lt}, {@code &lt;}. */
    LT("lt", "<"),
    /** {@code le}, {@code &lt;=}. */
    LE("le", "<="),
    /** {@code gt}, {@code &gt;}. */
    GT("gt", ">"),
    /** {@code ge}, {@code &gt;=}. */
    GE("ge", ">=");

    private final String id;
    private final String symbol;

    AlertOperator(String id, String symbol) {
        this.id = id;
        this.symbol = symbol;
    }

    /** {@return {@code eq}, {@code ne}, {@code lt}, {@code le}, {@code gt}, {@code ge}} */
    public String id() {
        return id;
    }

    /** {@return {@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}} */
    public String symbol() {
        return symbol;
    }

    /**
     * {@return whether {@code value <op> threshold} holds}
     *
     * @param value the value compared, e.g. a window's mean
     * @param threshold the alert's threshold
     */
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
     * @param text an operator id or symbol
     * @return the operator
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
