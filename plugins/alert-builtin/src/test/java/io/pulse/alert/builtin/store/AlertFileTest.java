package io.pulse.alert.builtin.store;

import io.pulse.alert.builtin.engine.AlertEngine;
import io.pulse.alert.builtin.engine.FiringSeries;
import io.pulse.alert.builtin.engine.Level;
import io.pulse.spi.alert.AlertLevel;
import io.pulse.spi.alert.AlertOperator;
import io.pulse.spi.alert.AlertRule;
import io.pulse.spi.stats.Tags;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlertFileTest {

    private static final AlertRule RULE = new AlertRule("odd \"id\"\n", "cpu_used", Map.of("host", "wéb|1", "z", ""),
        AlertLevel.WARN, AlertOperator.LE, -0.25, Duration.ofMillis(1500), "http://127.0.0.1:9/h?a=\"b\"");

    @Test
    void writesAtomicallyAndReadsBackExactly(@TempDir Path dir) throws Exception {
        AlertFile file = new AlertFile(dir);
        assertEquals(List.of(), file.read(), "no file: a first start");
        FiringSeries firing = new FiringSeries(Tags.of("host", "wéb|1", "z", "", "extra", "1"), Level.WARNING, 1234);
        AlertEngine.Snapshot snapshot = new AlertEngine.Snapshot(1, List.of(new AlertEngine.Snapshot.Alert(RULE,
            List.of(firing))));
        file.save(snapshot);
        assertEquals(snapshot.alerts(), file.read());
        assertFalse(Files.exists(dir.resolve(AlertFile.NAME + ".tmp")), "the temporary file was moved into place");
        assertTrue(Files.readString(dir.resolve(AlertFile.NAME)).startsWith("{\"format\":1,\"alerts\":[\n{\"id\":"));
    }

    @Test
    void anOlderSnapshotNeverOverwritesANewerOne(@TempDir Path dir) throws Exception {
        AlertFile file = new AlertFile(dir);
        file.save(new AlertEngine.Snapshot(2, List.of(new AlertEngine.Snapshot.Alert(RULE, List.of()))));
        file.save(new AlertEngine.Snapshot(1, List.of()));
        assertEquals(1, file.read().size());
    }

    @Test
    void aFileThatParsesButIsWrongIsReportedWithTheAlertAndField(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(AlertFile.NAME), "{\"format\":1,\"alerts\":[{\"id\":\"x\",\"metric\":\"m\","
            + "\"tags\":{},\"level\":\"loud\",\"operator\":\"gt\",\"threshold\":1,\"duration\":\"PT1S\",\"post\":\"p\","
            + "\"firing\":[]}]}");
        CorruptAlertFileException e = assertThrows(CorruptAlertFileException.class, () -> new AlertFile(dir).read());
        assertTrue(e.getMessage().contains("alerts[0] (id x): unknown level 'loud'"), e.getMessage());

        Files.writeString(dir.resolve(AlertFile.NAME), "{\"format\":2,\"alerts\":[]}");
        e = assertThrows(CorruptAlertFileException.class, () -> new AlertFile(dir).read());
        assertTrue(e.getMessage().contains("unknown format 2.0 (this version reads format 1)"), e.getMessage());
    }
}
