package dev.tillbridge.poller.resync;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.EventPayload;
import dev.tillbridge.events.ResyncCancelRequested;
import dev.tillbridge.events.ResyncRequested;
import dev.tillbridge.events.kafka.IncomingEvents;
import dev.tillbridge.events.kafka.TransientRetry;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The {@code sync-requests} adapter: status-api's resync commands, handed to {@link ResyncRunner}. Applied once per
 * resync id (the runner recognises a redelivery); failures follow {@link TransientRetry}'s rule.
 */
@ApplicationScoped
public class ResyncRequests {

    public static final String CHANNEL = "sync-requests";
    private static final Logger LOG = Logger.getLogger(ResyncRequests.class);

    private final IncomingEvents incoming;
    private final TransientRetry retry;
    private final ResyncRunner runner;

    public ResyncRequests(IncomingEvents incoming, TransientRetry retry, ResyncRunner runner) {
        this.incoming = incoming;
        this.retry = retry;
        this.runner = runner;
    }

    @Incoming(CHANNEL)
    @Blocking
    public CompletionStage<Void> onCommand(Message<String> message) {
        return retry.consume(CHANNEL, message, record -> {
            if (record.value() == null) {
                return;
            }
            EventEnvelope<EventPayload> envelope = incoming.read(record);
            if (envelope.payload() instanceof ResyncRequested request) {
                ResyncRepository.Start outcome = runner.start(envelope.accountId(), request);
                LOG.infof(
                        "Integration %s: resync %s requested by %s: %s",
                        request.integrationId(), request.resyncId(), request.requestedBy(), outcome);
            } else if (envelope.payload() instanceof ResyncCancelRequested cancel) {
                runner.cancel(cancel);
            } else {
                LOG.warnf(
                        "sync-requests record %s of type %s is not a command; ignored", envelope.id(), envelope.type());
            }
        });
    }
}
