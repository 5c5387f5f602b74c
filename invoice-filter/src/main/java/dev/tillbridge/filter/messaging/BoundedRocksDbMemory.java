package dev.tillbridge.filter.messaging;

import java.util.Map;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * One memory budget for every RocksDB store of this process, whatever the number of stores and partitions.
 *
 * <p>Kafka Streams gives each store instance its own 50 MB block cache and up to three 16 MB memtables, so the
 * filter's five stores on six partitions could take about 3 GB off the heap, in a pod whose limit is 1 GiB and
 * whose heap takes three quarters of it. Here all of them share one LRU cache of {@value #TOTAL_BYTES_KEY} bytes
 * (default 64 MiB) that also holds the index and filter blocks, and their memtables are charged to the same cache
 * through one write-buffer manager (a quarter of it by default, {@value #MEMTABLE_SHARE_KEY}): a store that reaches
 * its part is flushed to disk earlier, never grown. This is the bounded-memory set-up of Kafka Streams' memory
 * management guide.
 *
 * <p>Streams makes an instance of this class per store and calls {@link #setConfig} with its configuration
 * ({@code kafka-streams.*} properties); the cache and the manager are made once per process, from the first
 * configuration seen, and never closed by a store (they outlive every store of the process).
 */
public final class BoundedRocksDbMemory implements RocksDBConfigSetter {

    /** Bytes of the one cache: blocks, index and filter blocks, and the memtables' charge. */
    public static final String TOTAL_BYTES_KEY = "tillbridge.rocksdb.total-bytes";
    /** Share of the cache memtables may take, 0 to 1. */
    public static final String MEMTABLE_SHARE_KEY = "tillbridge.rocksdb.memtable-share";

    static final long DEFAULT_TOTAL_BYTES = 64L * 1024 * 1024;
    static final double DEFAULT_MEMTABLE_SHARE = 0.25;
    /** Index and filter blocks go into the cache's high-priority part, up to this share of it. */
    private static final double INDEX_FILTER_SHARE = 0.1;
    /** Each store's memtables: at most two, so a flush can run while the other takes writes. */
    private static final int MEMTABLES_PER_STORE = 2;

    private static Shared shared;

    /** The process's cache and write-buffer manager, and the budget they were made with. */
    record Shared(Cache cache, WriteBufferManager writeBuffers, long totalBytes, long memtableBytes) {}

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        Shared memory = shared(configs);
        BlockBasedTableConfig table = (BlockBasedTableConfig) options.tableFormatConfig();
        table.setBlockCache(memory.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(memory.writeBuffers());
        options.setMaxWriteBufferNumber(MEMTABLES_PER_STORE);
        // One memtable may grow to the whole memtable budget; the manager flushes the largest when the sum is reached.
        options.setWriteBufferSize(memory.memtableBytes());
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // The cache and the manager are shared by every store of the process: closing them here would break the rest.
    }

    static synchronized Shared shared(Map<String, Object> configs) {
        if (shared == null) {
            long total = longOf(configs.get(TOTAL_BYTES_KEY), DEFAULT_TOTAL_BYTES);
            double share = doubleOf(configs.get(MEMTABLE_SHARE_KEY), DEFAULT_MEMTABLE_SHARE);
            if (total < 1024 * 1024) {
                throw new IllegalArgumentException(TOTAL_BYTES_KEY + " must be at least 1 MiB, was " + total);
            }
            if (!(share > 0 && share < 1)) {
                throw new IllegalArgumentException(MEMTABLE_SHARE_KEY + " must be between 0 and 1, was " + share);
            }
            long memtables = (long) (total * share);
            Cache cache = new LRUCache(total, -1, false, INDEX_FILTER_SHARE);
            shared = new Shared(cache, new WriteBufferManager(memtables, cache), total, memtables);
        }
        return shared;
    }

    private static long longOf(Object value, long otherwise) {
        return value == null ? otherwise : Long.parseLong(value.toString().trim());
    }

    private static double doubleOf(Object value, double otherwise) {
        return value == null ? otherwise : Double.parseDouble(value.toString().trim());
    }
}
