package dev.tillbridge.pusher.support;

import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.Topics;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.pusher.messaging.KafkaPusherEvents;
import dev.tillbridge.pusher.messaging.OffsetTracker;
import dev.tillbridge.pusher.messaging.ProductUpdateConsumer;
import dev.tillbridge.pusher.service.ProductPusher;
import dev.tillbridge.pusher.service.PushSettings;
import dev.tillbridge.pusher.service.RunRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The pusher's core as its own process, for the crash test: the same {@link ProductPusher} and consumer the
 * service runs, wired by hand (no Quarkus), serving one integration read from a file. The test kills it with
 * SIGKILL mid-run, which is as abrupt as a crash gets: no shutdown hook, no last commit.
 *
 * <p>Arguments: bootstrap servers, consumer group, JDBC URL, database user, schema, integration JSON file,
 * credentials key, maximum concurrency.
 */
public final class StandalonePusher {

    private StandalonePusher() {}

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        String group = args[1];
        String jdbcUrl = args[2];
        String user = args[3];
        String schema = args[4];
        IntegrationConfigured integration =
                EventJson.mapper().readValue(Files.readString(Path.of(args[5])), IntegrationConfigured.class);
        String key = args[6];
        int maxConcurrency = Integer.parseInt(args[7]);

        var dataSource = PooledDataSource.create(jdbcUrl, user, schema, 16);

        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        OffsetTracker offsets = new OffsetTracker();
        KafkaPusherEvents events = new KafkaPusherEvents(bootstrap, Map.of());
        PushSettings push = PushSettings.defaults().withMaxConcurrency(maxConcurrency);
        ProductPusher pusher = StandaloneCore.pusher(
                push,
                integration,
                key,
                new RunRepository(dataSource),
                events,
                new IncomingEvents(registry),
                offsets::done,
                registry);
        // Static membership: the restarted process takes the killed one's place in the group at once, as a
        // restarted pod of a StatefulSet would, instead of waiting for the dead member's session to expire.
        ProductUpdateConsumer consumer = new ProductUpdateConsumer(
                bootstrap,
                group,
                Topics.PRODUCT_UPDATES,
                push.maxBuffered(),
                offsets,
                Map.of("group.instance.id", group + "-member"));
        pusher.start();
        consumer.start(pusher);
        System.out.println("STANDALONE-PUSHER-READY");
        System.out.flush();
        Thread.currentThread().join();
    }
}
