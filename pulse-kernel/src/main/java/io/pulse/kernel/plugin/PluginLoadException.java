package io.pulse.kernel.plugin;

/**
 * The installed plugins cannot be loaded: a broken plugin folder, a plugin that fails to instantiate, or two
 * factories with the same id. The message names the folder or module and says how to fix it; start-up stops with
 * exit code 1.
 */
public final class PluginLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PluginLoadException(String message) {
        super(message);
    }

    public PluginLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
