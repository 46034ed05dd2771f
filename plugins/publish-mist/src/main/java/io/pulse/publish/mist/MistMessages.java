package io.pulse.publish.mist;

import io.pulse.spi.stats.Sample;
import io.pulse.spi.stats.SampleBatch;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The messages the publisher sends, as the lines Mist reads: compact JSON objects, one per line. Mist closes the
 * connection for a {@code data} that is not a string or {@code tags} that are not an array, so every message here has
 * string data and only non-empty string tags, whatever the sample holds.
 *
 * <p>Tags of a sample's publish, in the original's order: the collector's tags, then {@code metrics},
 * {@code host:<relay id>} and the stat name. The original sent the collector's tags exactly as the relay added them;
 * a {@link Sample} carries them parsed ({@code k:v} tags as its tag map, bare words and empty strings dropped by the
 * kernel), so they are rebuilt here as {@code k:v}, sorted by key. A {@code host} tag that merely repeats the relay id
 * is the kernel's own and is not repeated; a collector's {@code host:x} that overrode it is sent, as the original did.
 * Mist delivers tags sorted and matches subscriptions by subset, so only the dropped bare words and empty strings
 * can make a difference to a subscriber.
 */
final class MistMessages {

    static final byte[] PING = line("{\"command\":\"ping\"}");

    private MistMessages() {
    }

    /** {@code {"command":"auth","data":"<token>"}}: Mist checks the first message's data against its token. */
    static byte[] auth(String token) {
        StringBuilder json = new StringBuilder("{\"command\":\"auth\",\"data\":");
        string(json, token);
        return line(json.append('}').toString());
    }

    /** One publish line per sample of the batch, concatenated, so a batch is one write. */
    static byte[] publishes(SampleBatch batch) {
        StringBuilder json = new StringBuilder(128 * batch.samples().size());
        for (Sample sample : batch.samples()) {
            json.append("{\"command\":\"publish\",\"tags\":[");
            List<String> tags = tags(batch.relayId(), sample);
            for (int i = 0; i < tags.size(); i++) {
                if (i > 0) {
                    json.append(',');
                }
                string(json, tags.get(i));
            }
            json.append("],\"data\":");
            string(json, value(sample.value()));
            json.append("}\n");
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The tags of one sample's publish (see the class comment); never an empty string. */
    static List<String> tags(String relayId, Sample sample) {
        List<String> tags = new ArrayList<>(sample.tags().size() + 3);
        for (Map.Entry<String, String> tag : sample.tags().asMap().entrySet()) {
            if (tag.getKey().equals("host") && tag.getValue().equals(relayId)) {
                continue;
            }
            tags.add(tag.getKey() + ":" + tag.getValue()); // keys are never empty, so neither is this
        }
        tags.add("metrics");
        tags.add("host:" + relayId);
        tags.add(sample.stat()); // never empty (Sample checks)
        return tags;
    }

    /**
     * The value as the shortest decimal that reads back as the same double, without an exponent: {@code 0.25},
     * {@code 25}, {@code 0.0000001}. (The original passed on the relay's text, e.g. {@code 0.2500}; the kernel keeps
     * only the number.) Samples are always finite, so this is never empty.
     */
    static String value(double value) {
        if (value == 0) {
            return "0"; // also -0.0, which BigDecimal would not keep anyway
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    /** Appends {@code text} as a JSON string: quotes, backslashes and control characters escaped. */
    static void string(StringBuilder json, String text) {
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static byte[] line(String json) {
        return (json + "\n").getBytes(StandardCharsets.UTF_8);
    }
}
