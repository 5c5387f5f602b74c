package dev.tillbridge.filter.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedRocksDbMemoryTest {

    static {
        RocksDB.loadLibrary();
    }

    @Test
    void everyStoreOfTheProcessSharesOneCacheAndOneMemtableBudget() {
        Map<String, Object> configs = Map.of(
                BoundedRocksDbMemory.TOTAL_BYTES_KEY, "67108864", BoundedRocksDbMemory.MEMTABLE_SHARE_KEY, "0.25");
        try (Options orders = storeOptions();
                Options parked = storeOptions()) {
            BoundedRocksDbMemory setter = new BoundedRocksDbMemory();
            setter.setConfig("orders", orders, configs);
            new BoundedRocksDbMemory().setConfig("parked-orders", parked, configs);

            BoundedRocksDbMemory.Shared shared = BoundedRocksDbMemory.shared(configs);
            assertThat(shared.memtableBytes()).isLessThan(shared.totalBytes());
            assertThat(orders.maxWriteBufferNumber()).isEqualTo(2);
            assertThat(orders.writeBufferSize()).isEqualTo(shared.memtableBytes());
            BlockBasedTableConfig ordersTable = (BlockBasedTableConfig) orders.tableFormatConfig();
            BlockBasedTableConfig parkedTable = (BlockBasedTableConfig) parked.tableFormatConfig();
            assertThat(ordersTable.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(parkedTable.cacheIndexAndFilterBlocks()).isTrue();
            // A store's close leaves the shared cache usable by the others.
            setter.close("orders", orders);
            assertThat(shared.cache().isOwningHandle()).isTrue();
            assertThat(shared.writeBuffers().isOwningHandle()).isTrue();
        }
    }

    @Test
    void theStreamsConfigurationNamesThisSetter() throws Exception {
        var properties = new Properties();
        try (var in = getClass().getResourceAsStream("/application.properties")) {
            properties.load(in);
        }
        assertThat(properties.getProperty("kafka-streams.rocksdb.config.setter"))
                .isEqualTo(BoundedRocksDbMemory.class.getName());
    }

    private static Options storeOptions() {
        Options options = new Options();
        options.setTableFormatConfig(new BlockBasedTableConfig());
        return options;
    }
}
