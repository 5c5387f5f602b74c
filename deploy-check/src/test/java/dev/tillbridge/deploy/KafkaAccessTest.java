package dev.tillbridge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** KafkaAccess reads channels the way SmallRye and Quarkus do, defaults included. */
class KafkaAccessTest {

    private static KafkaAccess of(String text) throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(text));
        return KafkaAccess.fromProperties(properties);
    }

    @Test
    void aChannelWithoutTopicOrGroupUsesItsNameAndTheApplicationsName() throws IOException {
        KafkaAccess access = of("""
                quarkus.application.name=svc
                mp.messaging.incoming.orders.connector=smallrye-kafka
                mp.messaging.incoming.orders.failure-strategy=dead-letter-queue
                mp.messaging.outgoing.events.connector=smallrye-kafka
                """);
        assertThat(access.reads()).containsExactly("orders");
        assertThat(access.groups()).containsExactly("svc");
        assertThat(access.writes()).containsExactlyInAnyOrder("events", "dead-letter-topic-orders");
    }

    @Test
    void disabledChannelsOtherConnectorsAndTestProfilesAreNotDeployed() throws IOException {
        KafkaAccess access = of("""
                mp.messaging.incoming.integrations.topic=integrations
                mp.messaging.incoming.integrations.enabled=false
                mp.messaging.incoming.memory.connector=smallrye-in-memory
                mp.messaging.outgoing.out.topic=real
                %test.mp.messaging.outgoing.out.topic=test-only
                %prod.mp.messaging.incoming.in.group.id=prod-group
                mp.messaging.incoming.in.group.id=default-group
                """);
        assertThat(access.reads()).containsExactly("in");
        assertThat(access.writes()).containsExactly("real");
        assertThat(access.groups()).containsExactly("prod-group");
    }

    @Test
    void anExactlyOnceStreamsApplicationOwnsItsInternalTopicsAndTransactionalIds() throws IOException {
        KafkaAccess access = of("""
                quarkus.kafka-streams.application-id=app
                kafka-streams.processing.guarantee=exactly_once_v2
                """);
        assertThat(access.groups()).containsExactly("app");
        assertThat(access.internalTopicPrefixes()).containsExactly("app-");
        assertThat(access.transactionalIdPrefixes()).containsExactly("app-");
        assertThat(of("quarkus.kafka-streams.application-id=app").transactionalIdPrefixes())
                .isEmpty();
    }
}
