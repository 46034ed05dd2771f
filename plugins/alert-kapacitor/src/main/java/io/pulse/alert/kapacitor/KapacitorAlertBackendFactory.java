package io.pulse.alert.kapacitor;

import io.pulse.spi.PluginContext;
import io.pulse.spi.Selection;
import io.pulse.spi.alert.AlertBackend;
import io.pulse.spi.alert.AlertBackendFactory;
import io.pulse.spi.option.Option;

import java.util.List;

/**
 * Creates the {@code kapacitor} alert backend. Setting Kapacitor's address (the original's
 * {@code -k}/{@code --kapacitor-address}) selects it, as in the original; {@code --alerts kapacitor} does too.
 * Creating validates the options only; Kapacitor is contacted in {@link AlertBackend#start()}.
 */
public final class KapacitorAlertBackendFactory implements AlertBackendFactory {

    /** The factory id: {@code --alerts kapacitor}, section {@code kapacitor}. */
    public static final String ID = "kapacitor";

    public KapacitorAlertBackendFactory() {
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "keeps alerts as Kapacitor batch tasks (Kapacitor 1.x, /kapacitor/v1)";
    }

    @Override
    public List<Option<?>> options() {
        return KapacitorOptions.ALL;
    }

    @Override
    public Selection selection() {
        return Selection.whenSet(KapacitorOptions.ADDRESS);
    }

    @Override
    public AlertBackend create(PluginContext context) {
        return new KapacitorAlertBackend(KapacitorSettings.from(context.options()), context.scheduler(),
            context.metrics());
    }
}
