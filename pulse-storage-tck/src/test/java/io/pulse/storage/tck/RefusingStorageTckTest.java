package io.pulse.storage.tck;

import io.pulse.spi.Health;
import io.pulse.spi.PluginContext;
import io.pulse.spi.stats.Sample;
import io.pulse.spi.storage.LatestQuery;
import io.pulse.spi.storage.Point;
import io.pulse.spi.storage.RangeQuery;
import io.pulse.spi.storage.RawQuery;
import io.pulse.spi.storage.RawRow;
import io.pulse.spi.storage.Storage;
import io.pulse.spi.storage.StorageFactory;
import io.pulse.spi.storage.WriteResult;

import java.util.List;
import java.util.Optional;

/**
 * Checks the TCK's path for backends that cannot store some stat names (InfluxDB and {@code time}): a reference
 * store that refuses {@code time} as the contract says must pass.
 */
class RefusingStorageTckTest extends StorageTck {

    /** The reference store, refusing the stat name {@code time} after storing the rest of the batch. */
    private static final class RefusingStorage implements Storage {
        private final ReferenceStorage delegate;

        RefusingStorage(ReferenceStorage delegate) {
            this.delegate = delegate;
        }

        @Override
        public WriteResult write(List<Sample> samples) {
            List<Sample> storable = samples.stream().filter(s -> !s.stat().equals("time")).toList();
            int accepted = delegate.write(storable).accepted();
            int refused = samples.size() - storable.size();
            return refused == 0 ? WriteResult.accepted(accepted) : WriteResult.partial(accepted,
                List.of(new WriteResult.Refusal("time", refused, "stat name 'time' cannot be stored")));
        }

        @Override
        public void maintain(long nowMillis) {
            delegate.maintain(nowMillis);
        }

        @Override
        public List<String> keys() {
            return delegate.keys();
        }

        @Override
        public List<String> tagKeys() {
            return delegate.tagKeys();
        }

        @Override
        public Optional<Point> latest(LatestQuery query) {
            return delegate.latest(query);
        }

        @Override
        public List<RawRow> raw(RawQuery query) {
            return delegate.raw(query);
        }

        @Override
        public List<Point> range(RangeQuery query) {
            return delegate.range(query);
        }

        @Override
        public Health health() {
            return delegate.health();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    @Override
    protected StorageFactory factory() {
        return new StorageFactory() {
            @Override
            public String id() {
                return "refusing";
            }

            @Override
            public Storage create(PluginContext context) {
                return new RefusingStorage(new ReferenceStorage(context.server()));
            }
        };
    }

    @Override
    protected boolean mayRefuseStatName(String stat) {
        return stat.equals("time");
    }

    @Override
    protected boolean persistsAcrossRestart() {
        return false;
    }
}
