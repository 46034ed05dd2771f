package io.pulse.api.http.query;

import io.pulse.api.http.routes.ApiException;
import io.pulse.spi.Durations;
import io.pulse.spi.storage.Aggregation;
import io.pulse.spi.storage.TagFilter;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The query parameters of the stat routes, as the original read them: a few reserved names ({@code verb},
 * {@code start}, {@code stop}, {@code backfill}, and the token) and every other name a tag filter
 * ({@code host=a&host=b} is "host a or b", different names are "and"). Values are data: they reach storage
 * unchanged, whatever quotes or control characters they hold.
 */
public final class StatParameters {

    /** Names that are never tag filters on any stat route (the original skipped all of them). */
    static final Set<String> RESERVED = Set.of("verb", "start", "stop", "backfill", "X-AUTH-TOKEN", "x-auth-token");

    /** The parameter naming a stat on {@code /live} and {@code /federate}, where the stat is not in the path. */
    public static final String STAT = "stat";

    /** A plain decimal number, as {@code backfill} accepts (no hex, no {@code NaN}, no {@code 1d} suffixes). */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");

    private StatParameters() {
    }

    /**
     * The parameters of {@code /latest/{stat}}.
     *
     * @param verb       the verb; empty for {@code verb=none} (raw samples)
     * @param filter     which series
     * @param columns    for {@code verb=none}: the filter keys given more than once, returned with each row
     * @param limit      for {@code verb=none}: how many rows, the largest number of values given for one key
     */
    public record Latest(Optional<Aggregation> verb, TagFilter filter, List<String> columns, int limit) {
    }

    /**
     * The parameters of {@code /hourly/{stat}} and {@code /daily/{stat}}: the window is {@code (now - start,
     * now - stop)}.
     *
     * @param verb     the verb applied per bucket
     * @param start    how far back the window starts
     * @param stop     how far back the window ends
     * @param backfill the value of empty buckets (or slots); empty to leave them out
     * @param filter   which series
     */
    public record Range(Aggregation verb, Duration start, Duration stop, OptionalDouble backfill, TagFilter filter) {
    }

    /**
     * The parameters of {@code /live} and {@code /federate}: which stats (empty: all) and which series.
     *
     * @param stats  the {@code stat} parameters, each a stat name
     * @param filter which series
     */
    public record Selection(Set<String> stats, TagFilter filter) {
        /** Whether a sample of {@code stat} with {@code tags} is selected. */
        public boolean matches(String stat, io.pulse.spi.stats.Tags tags) {
            return (stats.isEmpty() || stats.contains(stat)) && filter.matches(tags);
        }
    }

    /**
     * Reads the {@code /live} and {@code /federate} parameters: {@code stat} (repeatable) names the stats, every
     * other name that is not reserved is a tag filter, as on the stat routes.
     *
     * @throws ApiException 400 for an empty stat name or an empty parameter name
     */
    public static Selection selection(QueryString query) {
        List<String> stats = query.all(STAT);
        if (stats.stream().anyMatch(String::isEmpty)) {
            throw ApiException.badRequest("stat: give a stat name, e.g. stat=cpu_used (repeat it for several)");
        }
        return new Selection(Set.copyOf(stats), filter(query, STAT));
    }

    /**
     * Reads the {@code /latest} parameters.
     *
     * @throws ApiException 400 naming the bad parameter
     */
    public static Latest latest(QueryString query) {
        String verbText = query.single("verb");
        Optional<Aggregation> verb = verbText != null && verbText.strip().equalsIgnoreCase("none")
            ? Optional.empty()
            : Optional.of(verb(verbText, " or none"));
        TagFilter filter = filter(query);
        List<String> columns = new ArrayList<>();
        int limit = 1;
        for (String key : filter.asMap().keySet()) {
            int given = query.all(key).size();
            if (given > 1) {
                columns.add(key);
                limit = Math.max(limit, given);
            }
        }
        return new Latest(verb, filter, List.copyOf(columns), limit);
    }

    /**
     * Reads the {@code /hourly} or {@code /daily} parameters.
     *
     * @param defaultStart {@code start} when absent ({@code 1d} for hourly, {@code 7d} for daily)
     * @param maxWindow    the largest {@code start} accepted
     * @throws ApiException 400 naming the bad parameter
     */
    public static Range range(QueryString query, Duration defaultStart, Duration maxWindow) {
        Aggregation verb = verb(query.single("verb"), "");
        Duration start = duration(query, "start", defaultStart);
        Duration stop = duration(query, "stop", Duration.ZERO);
        if (start.compareTo(maxWindow) > 0) {
            throw ApiException.badRequest("start: at most " + Durations.format(maxWindow) + " back is accepted, got '"
                + query.single("start") + "'");
        }
        if (start.compareTo(stop) <= 0) {
            throw ApiException.badRequest("start (" + Durations.format(start) + ") must be further back than stop ("
                + Durations.format(stop) + "): the window runs from now - start to now - stop");
        }
        return new Range(verb, start, stop, backfill(query.single("backfill")), filter(query));
    }

    /**
     * {@code backfill} as the original read it: absent or empty leaves empty buckets out, a number fills them with
     * that number, anything else fills them with 0.
     */
    static OptionalDouble backfill(String text) {
        if (text == null || text.isEmpty()) {
            return OptionalDouble.empty();
        }
        String t = text.strip();
        if (NUMBER.matcher(t).matches()) {
            double value = Double.parseDouble(t);
            if (Double.isFinite(value)) {
                return OptionalDouble.of(value);
            }
        }
        return OptionalDouble.of(0);
    }

    private static Aggregation verb(String text, String alsoAccepted) {
        if (text == null || text.isEmpty()) {
            return Aggregation.MEAN;
        }
        try {
            return Aggregation.parse(text);
        } catch (IllegalArgumentException e) {
            String hint = alsoAccepted.isEmpty() && text.strip().equalsIgnoreCase("none")
                ? " (none is accepted by /latest only)" : alsoAccepted;
            throw ApiException.badRequest("verb: " + e.getMessage() + hint);
        }
    }

    private static Duration duration(QueryString query, String name, Duration defaultValue) {
        String text = query.single(name);
        if (text == null || text.isEmpty()) {
            return defaultValue;
        }
        if (text.strip().startsWith("-")) {
            throw ApiException.badRequest(name + ": counts back from now and cannot be negative, got '" + text + "'");
        }
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(name + ": " + e.getMessage());
        }
    }

    /** Every non-reserved parameter as a tag filter, in the order the names first appear. */
    private static TagFilter filter(QueryString query) {
        return filter(query, null);
    }

    /** As {@link #filter(QueryString)}, also skipping {@code alsoReserved} (null: none). */
    private static TagFilter filter(QueryString query, String alsoReserved) {
        Map<String, List<String>> anyOf = new LinkedHashMap<>();
        query.asMap().forEach((name, values) -> {
            if (RESERVED.contains(name) || name.equals(alsoReserved)) {
                return;
            }
            if (name.isEmpty()) {
                throw ApiException.badRequest("query parameter with an empty name: a tag filter needs a tag key,"
                    + " e.g. host=web1");
            }
            anyOf.put(name, values);
        });
        return TagFilter.of(anyOf);
    }
}
