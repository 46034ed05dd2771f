package io.pulse.spi.storage;

import io.pulse.spi.Api;

/** Which data a range query reads. */
@Api
public enum Source {
    /** Raw samples, kept for the raw retention (the original's {@code one_day} policy, 8 h). */
    RAW,
    /**
     * Down-sampled data: per stat and per series (full tag set), the mean of each aggregate-interval bucket,
     * timed at the bucket's start, kept for {@code --retention} weeks (the original's {@code one_week.aggregate}).
     */
    AGGREGATED
}
