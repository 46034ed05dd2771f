package io.pulse.kernel.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code pulse plugins} prints: every factory found (kind, id, module, version, where it was loaded from, when
 * it is used) in aligned columns, then every problem of every plugin folder that could not be loaded, then the ones
 * this configuration selects, each with its reason. Stateless apart from what it is given.
 */
public final class PluginsReport {

    private static final List<String> HEADER = List.of("KIND", "ID", "MODULE", "VERSION", "WHERE", "USED");

    private final PluginCatalog catalog;
    private final PluginSelection selection;
    private final String noAlertsReason;
    private final Map<String, List<String>> problems;

    /**
     * @param catalog        every factory found
     * @param selection      the factories this configuration selects
     * @param noAlertsReason what to say when no alert backend is selected
     */
    public PluginsReport(PluginCatalog catalog, PluginSelection selection, String noAlertsReason) {
        this(catalog, selection, noAlertsReason, Map.of());
    }

    /**
     * @param catalog        every factory found
     * @param selection      the factories this configuration selects
     * @param noAlertsReason what to say when no alert backend is selected
     * @param problems       plugin folder to every problem found in it, for the folders left out
     */
    public PluginsReport(PluginCatalog catalog, PluginSelection selection, String noAlertsReason,
                         Map<String, List<String>> problems) {
        this.catalog = catalog;
        this.selection = selection;
        this.noAlertsReason = noAlertsReason;
        this.problems = problems;
    }

    /** The report, lines ending in {@code \n}. */
    public String text() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (DiscoveredFactory<?> factory : catalog.all()) {
            rows.add(List.of(factory.kind().label(), factory.id(), factory.origin().module(),
                factory.origin().version(), factory.origin().location(), factory.usedWhen()));
        }
        StringBuilder out = new StringBuilder("Plugins found:\n");
        for (List<String> row : rows) {
            out.append(aligned(row, widths(rows))).append('\n');
        }
        if (!problems.isEmpty()) {
            out.append("\nProblems found (these folders are left out; the server refuses to start with them):\n");
            problems.forEach((folder, found) -> {
                out.append("  ").append(folder).append(":\n");
                for (String problem : found) {
                    out.append("    - ").append(problem).append('\n');
                }
            });
        }
        out.append("\nSelected with this configuration:\n");
        for (PluginSelection.Selected selected : selection.inStartOrder()) {
            out.append("  ").append(selected.factory().label()).append(" because ").append(selected.reason())
                .append('\n');
        }
        Optional<PluginSelection.Selected> alerts = selection.alerts();
        if (alerts.isEmpty()) {
            out.append("  no alert backend: ").append(noAlertsReason).append('\n');
        }
        return out.toString();
    }

    private static int[] widths(List<List<String>> rows) {
        int[] widths = new int[HEADER.size()];
        for (List<String> row : rows) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        return widths;
    }

    private static String aligned(List<String> row, int[] widths) {
        StringBuilder line = new StringBuilder(" ");
        for (int i = 0; i < row.size(); i++) {
            line.append(' ').append(row.get(i));
            if (i < row.size() - 1) {
                line.append(" ".repeat(widths[i] - row.get(i).length() + 1));
            }
        }
        return line.toString();
    }
}
