package io.pulse.alert.kapacitor;

import io.pulse.spi.alert.AlertBackendException;
import io.pulse.spi.alert.AlertLevel;
import io.pulse.spi.alert.AlertOperator;
import io.pulse.spi.alert.AlertRule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The TICKscript Pulse writes: the exact script for the reference example, the deliberate differences from the
 * original (sorted tags, no bare WHERE, quoting and escaping), and that every script passes the checks a real
 * Kapacitor makes (which fail for the original's faults).
 */
class KapacitorScriptTest {

    private static AlertRule rule(Map<String, String> tags, String metric, AlertLevel level, AlertOperator op,
                                  double threshold, Duration duration) {
        return new AlertRule("a1", metric, tags, level, op, threshold, duration, "http://127.0.0.1/alert");
    }

    private static String script(AlertRule rule) {
        String script = KapacitorScript.of(rule, "statistics", "one_day", Optional.empty());
        TickscriptChecker.checkBatch(script);
        return script;
    }

    /** The reference example: {"tags":{"host":"abcd"},"metric":"cpu_used","level":"crit","threshold":"80","duration":"30s"}. */
    @Test
    void theReferenceExampleGivesTheOriginalsScriptWithQuotedIdentifiers() {
        AlertRule reference = rule(Map.of("host", "abcd"), "cpu_used", AlertLevel.CRIT, AlertOperator.GT, 80,
            Duration.ofSeconds(30));
        String expected = """
            batch
            \t|query('''
            \t\tSELECT mean("cpu_used") AS "mean_cpu_used"
            \t\tFROM "statistics"."one_day"."cpu_used"
            \t\tWHERE "host" = 'abcd'
            \t''')
            \t\t.period(30s)
            \t\t.every(30s)

            \t|alert()

            \t\t.id('[abcd] cpu_used')
            \t\t.message('{{ .ID }} is {{ .Level }} value:{{ index .Fields "mean_cpu_used" }}')
            \t\t.crit(lambda: "mean_cpu_used" > 80)
            \t\t.post('http://127.0.0.1/alert')
            \t\t.stateChangesOnly()""";
        assertEquals(expected, script(reference));
        String withLog = KapacitorScript.of(reference, "statistics", "one_day", Optional.of("/tmp/alerts.log"));
        assertEquals(expected + "\n\t\t.log('/tmp/alerts.log')", withLog);
        TickscriptChecker.checkBatch(withLog);
    }

    @Test
    void tagsAreSortedAndJoinedWithAnd() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("service", "web1");
        tags.put("host", "abcd");
        tags.put("dc", "eu");
        String s = script(rule(tags, "cpu_used", AlertLevel.WARN, AlertOperator.LE, 0.5, Duration.ofMinutes(5)));
        assertTrue(s.contains("\t\tWHERE \"dc\" = 'eu' AND \"host\" = 'abcd' AND \"service\" = 'web1'\n"), s);
        assertTrue(s.contains(".id('[eu|abcd|web1] cpu_used')"), s);
        assertTrue(s.contains(".warn(lambda: \"mean_cpu_used\" <= 0.5)"), s);
        assertTrue(s.contains(".period(5m)\n\t\t.every(5m)"), s);
    }

    @Test
    void withoutTagsThereIsNoWhereAtAll() {
        String s = script(rule(Map.of(), "cpu_used", AlertLevel.INFO, AlertOperator.EQ, 1, Duration.ofHours(2)));
        assertTrue(!s.contains("WHERE"), s);
        assertTrue(s.contains("FROM \"statistics\".\"one_day\".\"cpu_used\"\n\t''')"), s);
        assertTrue(s.contains(".id('[] cpu_used')"), s);
        assertTrue(s.contains(".info(lambda: \"mean_cpu_used\" == 1)"), s);
        assertTrue(s.contains(".period(2h)"), s);
    }

    @Test
    void quotesAndBackslashesInTagValuesAreEscapedForInfluxQlAndTickscript() {
        Map<String, String> tags = Map.of("ho\"st", "it's a \\ path'''", "zone", "end\\");
        String s = script(rule(tags, "cpu_used", AlertLevel.CRIT, AlertOperator.GT, 1, Duration.ofSeconds(30)));
        assertTrue(s.contains("WHERE \"ho\\\"st\" = 'it\\'s a \\\\ path\\'\\'\\'' AND \"zone\" = 'end\\\\'"), s);
        // TICKscript escapes only the quote: the id shows the raw values.
        assertTrue(s.contains(".id('[it\\'s a \\ path\\'\\'\\'|end\\] cpu_used')"), s);
    }

    @Test
    void metricNamesWithSpacesQuotesAndKeywordsAreQuotedEverywhere() {
        String s = script(rule(Map.of(), "user", AlertLevel.CRIT, AlertOperator.GT, 1, Duration.ofSeconds(30)));
        assertTrue(s.contains("SELECT mean(\"user\") AS \"mean_user\"\n\t\tFROM \"statistics\".\"one_day\".\"user\""), s);

        String spaced = script(rule(Map.of(), "cpu \"used\" {{x}}", AlertLevel.CRIT, AlertOperator.NE, -2.5,
            Duration.ofMillis(1500)));
        assertTrue(spaced.contains("SELECT mean(\"cpu \\\"used\\\" {{x}}\") AS \"mean_cpu \\\"used\\\" {{x}}\""), spaced);
        assertTrue(spaced.contains(".crit(lambda: \"mean_cpu \\\"used\\\" {{x}}\" != -2.5)"), spaced);
        assertTrue(spaced.contains(".message('{{ .ID }} is {{ .Level }} value:{{ index .Fields \"mean_cpu \\\"used\\\" {{x}}\" }}')"), spaced);
        assertTrue(spaced.contains(".id('[] cpu \"used\" {{\"{{\"}}x}}')"), spaced);
        assertTrue(spaced.contains(".period(1500ms)"), spaced);
    }

    @Test
    void operatorsAndNumbersAreWrittenAsTickscriptReadsThem() {
        for (AlertOperator op : AlertOperator.values()) {
            String s = script(rule(Map.of(), "m", AlertLevel.CRIT, op, 3, Duration.ofSeconds(1)));
            assertTrue(s.contains("\"mean_m\" " + op.symbol() + " 3)"), s);
        }
        assertEquals("80", KapacitorScript.number(80));
        assertEquals("-3", KapacitorScript.number(-3));
        assertEquals("0.00001", KapacitorScript.number(1e-5));
        assertEquals("1000000000000000000000.0", KapacitorScript.number(1e21));
        assertEquals("1w", KapacitorScript.duration(Duration.ofDays(14).dividedBy(2)));
        assertEquals("90s", KapacitorScript.duration(Duration.ofSeconds(90)));
        assertEquals("250u", KapacitorScript.duration(Duration.ofNanos(250_000)));
    }

    @Test
    void whatTickscriptCannotExpressIsRefusedWithTheReason() {
        AlertBackendException backslash = assertThrows(AlertBackendException.class, () -> KapacitorScript.of(
            rule(Map.of(), "ends\\", AlertLevel.CRIT, AlertOperator.GT, 1, Duration.ofSeconds(1)), "statistics",
            "one_day", Optional.empty()));
        assertTrue(backslash.getMessage().contains("backslash") && !backslash.unavailable(), backslash.getMessage());
        AlertBackendException nanos = assertThrows(AlertBackendException.class, () -> KapacitorScript.of(
            rule(Map.of(), "m", AlertLevel.CRIT, AlertOperator.GT, 1, Duration.ofNanos(1500)), "statistics",
            "one_day", Optional.empty()));
        assertTrue(nanos.getMessage().contains("microseconds"), nanos.getMessage());
    }

    /** The checker the double uses fails for the original's faults, so the tests above can fail. */
    @Test
    void theDoublesCheckerRejectsWhatKapacitorRejects() {
        String good = script(rule(Map.of("host", "abcd"), "cpu_used", AlertLevel.CRIT, AlertOperator.GT, 80,
            Duration.ofSeconds(30)));
        assertRejected(good.replace("\t\tWHERE \"host\" = 'abcd'\n", "\t\tWHERE \n"), "expected identifier");
        assertRejected(good.replace("'abcd'", "'ab'cd'"), "");
        assertRejected(good.replace("/alert')", "/alert\\')"), "unterminated");
        assertRejected(good.replace(".crit(", ".critical("), "no method or property \"critical\"");
        assertRejected(good.replace("\t\t.period(30s)\n", ""), "must define a period");
        assertRejected(good.replace("\"cpu_used\")", "cpu_used)").replace("FROM \"statistics\".\"one_day\".\"cpu_used\"",
            "FROM statistics.one_day.user"), "expected identifier");
        assertRejected(good.replace("{{ .ID }}", "{{ .ID "), "template");
        assertRejected(good.replace("'abcd'", "'a\\qb'"), "bad escape");
    }

    private static void assertRejected(String script, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TickscriptChecker.checkBatch(script),
            script);
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
