package dev.tillbridge.events.kafka;

import dev.tillbridge.events.Topics;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * In dev and test every service makes sure the topics of docs/architecture.md exist before its consumers start, so a
 * fresh broker needs no separate set-up step. Off in production, where Strimzi owns the topics.
 */
@Singleton
public class TopicProvisioningOnStart {

    private static final Logger LOG = Logger.getLogger(TopicProvisioningOnStart.class);

    private final boolean enabled;
    private final Map<String, Object> kafka;

    public TopicProvisioningOnStart(
            @ConfigProperty(name = "tillbridge.kafka.create-topics", defaultValue = "false") boolean enabled,
            @Identifier(KafkaClientSettings.DEFAULT_KAFKA_BROKER) Map<String, Object> kafka) {
        this.enabled = enabled;
        this.kafka = kafka;
    }

    void onStart(@Observes @Priority(1) StartupEvent event) throws InterruptedException {
        if (!enabled) {
            return;
        }
        try (Admin admin = Admin.create(KafkaClientSettings.admin(kafka))) {
            List<String> created = TopicProvisioner.ensure(admin, Topics.allWithDeadLetters(), (short) 1);
            if (!created.isEmpty()) {
                LOG.infof("Created topics %s", created);
            }
        }
    }
}
