package io.pulse.kernel.plugin;

/** The extension points, in start order, with the names logs and health reports use. */
public enum PluginKind {
    STORAGE("storage", "storage"),
    ALERTS("alerts", "alerts"),
    PUBLISHER("publisher", "publishers"),
    FRONT_END("front-end", "front-ends");

    private final String label;
    private final String chooseWith;

    PluginKind(String label, String chooseWith) {
        this.label = label;
        this.chooseWith = chooseWith;
    }

    /** {@code storage}, {@code alerts}, {@code publisher} or {@code front-end}. */
    public String label() {
        return label;
    }

    /** The kernel option that names the factories of this kind, e.g. {@code storage} for {@code --storage}. */
    public String chooseWith() {
        return chooseWith;
    }
}
