package io.pulse.kernel.plugin;

/** The extension points, in start order, with the names logs and health reports use. */
public enum PluginKind {
    STORAGE("storage"),
    ALERTS("alerts"),
    PUBLISHER("publisher"),
    FRONT_END("front-end");

    private final String label;

    PluginKind(String label) {
        this.label = label;
    }

    /** {@code storage}, {@code alerts}, {@code publisher} or {@code front-end}. */
    public String label() {
        return label;
    }
}
