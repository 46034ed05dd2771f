package io.pulse.spi.storage;

import io.pulse.spi.storage.WriteResult.Refusal;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WriteResultTest {

    @Test
    void anAcceptedWriteIsCompleteAndRefusesNothing() {
        WriteResult result = WriteResult.accepted(5);
        assertTrue(result.isComplete());
        assertEquals(5, result.accepted());
        assertEquals(0, result.refusedSamples());
        // the storage writer gets one of these per write: it must not copy anything
        assertSame(List.of(), result.refusals());
    }

    @Test
    void aPartialWriteNamesWhatItRefusedAndCountsIt() {
        Refusal time = new Refusal("time", 2, "InfluxDB cannot store a field named 'time'");
        Refusal comment = new Refusal("#x", 1, "a line starting with '#' is a comment");
        WriteResult result = WriteResult.partial(7, List.of(time, comment));
        assertFalse(result.isComplete());
        assertEquals(7, result.accepted());
        assertEquals(List.of(time, comment), result.refusals());
        assertEquals(3, result.refusedSamples());
    }

    @Test
    void refusalsAreCopied() {
        List<Refusal> refusals = new ArrayList<>(List.of(new Refusal("time", 1, "reserved")));
        WriteResult result = WriteResult.partial(0, refusals);
        refusals.clear();
        assertEquals(1, result.refusals().size());
        assertThrows(UnsupportedOperationException.class, () -> result.refusals().clear());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> WriteResult.accepted(-1));
        assertThrows(IllegalArgumentException.class, () -> WriteResult.partial(3, List.of()),
            "a partial result without refusals would claim a partial write that was complete");
        assertThrows(IllegalArgumentException.class, () -> new Refusal("time", 0, "reserved"));
        assertThrows(NullPointerException.class, () -> new Refusal(null, 1, "reserved"));
        assertThrows(NullPointerException.class, () -> new Refusal("time", 1, null));
        assertThrows(NullPointerException.class, () -> new WriteResult(1, null));
    }
}
