package io.pulse.kernel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code pulse check-config} prints: every option of the server and of the selected plugins, grouped by owner,
 * as {@code name = value (origin)} where the origin is {@code default}, {@code command line},
 * {@code environment variable X} or {@code config file F}. The data and plugins directories show the defaults of this
 * installation (under {@code pulse.home}), and the config file the one found there when none was named. A secret that has a value shows as
 * {@value ParsedOptions#MASK}; an empty value as {@code ""}. Actions ({@code --help}) are not settings and are left
 * out. Stateless apart from what it is given.
 */
public final class EffectiveConfiguration {

    private final KernelOptions kernel;
    private final Optional<Path> configFile;
    private final OptionRegistry registry;
    private final ResolvedConfig config;
    private final Set<OptionOwner> owners;

    /**
     * @param kernel   the kernel's options, for the installation's default directories
     * @param configFile the config file read, if any
     * @param registry every option
     * @param config   what the operator set, and where
     * @param selected the owners of the selected plugins (the server's options are always shown)
     */
    public EffectiveConfiguration(KernelOptions kernel, Optional<Path> configFile, OptionRegistry registry,
                                  ResolvedConfig config, Set<OptionOwner> selected) {
        this.kernel = kernel;
        this.configFile = configFile;
        this.registry = registry;
        this.config = config;
        this.owners = Set.copyOf(selected);
    }

    /** The listing, lines ending in {@code \n}. */
    public String text() {
        StringBuilder out = new StringBuilder();
        for (Map.Entry<OptionOwner, List<DeclaredOption>> group : registry.byOwner().entrySet()) {
            OptionOwner owner = group.getKey();
            if (!owner.isKernel() && !owners.contains(owner)) {
                continue;
            }
            List<String[]> rows = new ArrayList<>();
            for (DeclaredOption option : group.getValue()) {
                if (option.scope() != DeclaredOption.Scope.COMMAND_LINE_ONLY) {
                    rows.add(new String[] {option.name() + " = " + value(option), config.origin(option.key())});
                }
            }
            out.append(out.isEmpty() ? "" : "\n").append(owner.isKernel() ? "server" : owner.label()
                + " (" + owner.location() + ")").append(":\n");
            if (rows.isEmpty()) {
                out.append("  (no options)\n");
            }
            int width = rows.stream().mapToInt(r -> r[0].length()).max().orElse(0);
            for (String[] row : rows) {
                out.append("  ").append(row[0]).append(" ".repeat(width - row[0].length() + 2)).append('(')
                    .append(row[1]).append(")\n");
            }
        }
        return out.toString();
    }

    private String value(DeclaredOption option) {
        String text = config.get(option.key()).orElseGet(() -> defaultText(option));
        if (text.isEmpty()) {
            return "\"\"";
        }
        return option.secret() ? ParsedOptions.MASK : text;
    }

    private String defaultText(DeclaredOption option) {
        if (option.owner().isKernel() && option.option() == KernelOptions.DATA_DIR) {
            return kernel.defaultDataDir().toString();
        }
        if (option.owner().isKernel() && option.option() == KernelOptions.PLUGINS_DIR) {
            return kernel.defaultPluginsDir().toString();
        }
        if (option.owner().isKernel() && option.option() == KernelOptions.CONFIG_FILE) {
            return configFile.map(Path::toString).orElse("");
        }
        return option.option().defaultText();
    }
}
