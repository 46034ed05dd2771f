package io.pulse.kernel.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Every option of the server and of the installed plugins as one Markdown table ({@code bin/pulse options}): its
 * config file key, its command-line flags, its environment variables, its default and what it does, grouped by owner.
 * docs/operations.md carries this table as printed by the image, and a test fails when the two differ, so the
 * operator's documentation cannot fall behind the options the code declares. Stateless.
 */
public final class OptionsTable {

    private OptionsTable() {
    }

    /**
     * The table, lines ending in {@code \n}.
     *
     * @param registry the options
     * @param headings one line saying what each owner is
     */
    public static String render(OptionRegistry registry, Function<OptionOwner, String> headings) {
        StringBuilder out = new StringBuilder();
        out.append("| config file key | command line | environment | default | what it sets |\n");
        out.append("|---|---|---|---|---|\n");
        for (Map.Entry<OptionOwner, List<DeclaredOption>> group : registry.byOwner().entrySet()) {
            List<DeclaredOption> options = group.getValue().stream()
                .filter(o -> o.scope() != DeclaredOption.Scope.COMMAND_LINE_ONLY).toList();
            if (options.isEmpty()) {
                continue;
            }
            out.append("| **").append(cell(headings.apply(group.getKey()))).append("** | | | | |\n");
            for (DeclaredOption option : options) {
                out.append("| ").append(fileKey(option))
                    .append(" | ").append(flags(option))
                    .append(" | ").append(String.join(", ", option.environmentNames().stream().map(OptionsTable::code).toList()))
                    .append(" | ").append(defaultValue(option))
                    .append(" | ").append(cell(option.option().description() + (option.secret() ? " (secret)" : "")))
                    .append(" |\n");
            }
        }
        return out.toString();
    }

    /**
     * Where the config file takes it: a kernel option or a plugin option with a flag alias at the top level, the others
     * in their plugin's section ({@code acme: {timeout: ...}}, written {@code acme.timeout}); the config
     * file's own path is not a key.
     */
    private static String fileKey(DeclaredOption option) {
        if (option.scope() == DeclaredOption.Scope.NOT_IN_FILE) {
            return "–";
        }
        List<String> keys = new ArrayList<>();
        if (option.owner().isKernel()) {
            keys.add(option.key());
        } else {
            option.option().flag().ifPresent(keys::add);
            keys.add(option.key());
        }
        return String.join(", ", keys.stream().map(OptionsTable::code).toList());
    }

    private static String flags(DeclaredOption option) {
        List<String> flags = new ArrayList<>();
        for (String name : option.longNames()) {
            flags.add(code("--" + name));
        }
        option.option().shortFlag().ifPresent(c -> flags.add(code("-" + c)));
        return String.join(", ", flags);
    }

    private static String defaultValue(DeclaredOption option) {
        if (option.option().defaultValue().isEmpty()) {
            return "–";
        }
        String text = option.option().defaultText();
        return text.isEmpty() ? "(empty)" : code(text);
    }

    private static String code(String text) {
        return "`" + text.replace("|", "\\|").replace("`", "'") + "`";
    }

    /** Plain text in a cell: a pipe would end the cell, and {@code <data-dir>} would be read as an HTML tag. */
    private static String cell(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|")
            .replace("\n", " ");
    }
}
