package dev.tillbridge.filter.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What the decision stream is doing, as health and the stall alert need it: its state since when, and the error
 * that stopped it. Quarkus installs this bean as the Streams client's state listener and uncaught-exception
 * handler before it starts the client.
 *
 * <p>An uncaught exception still shuts the client down (Kafka's default): a thread that died on a record would
 * die again on the same record. What changes is that the death is seen: readiness and liveness go DOWN with
 * the reason, an Error line is logged, and {@code StreamStallAlerts} tells the integrations' owners.
 */
@ApplicationScoped
public class StreamsWatch implements KafkaStreams.StateListener, StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(StreamsWatch.class);

    private final Clock clock;
    private volatile StreamsCondition condition;

    public StreamsWatch(Clock clock) {
        this.clock = clock;
        this.condition = StreamsCondition.created(clock.instant());
    }

    @Override
    public void onChange(KafkaStreams.State newState, KafkaStreams.State oldState) {
        StreamsCondition next = condition.moved(newState, clock.instant());
        condition = next;
        if (next.stopped()) {
            LOG.errorf(
                    "The decision stream stopped (%s → %s): no order is decided until this process is restarted."
                            + " Cause: %s",
                    oldState, newState, next.error() == null ? "unknown" : next.error());
        } else {
            LOG.infof("Decision stream %s → %s", oldState, newState);
        }
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        String reason = exception instanceof MissingSourceTopicException
                ? "A topic the decision stream reads does not exist (yet): " + describe(exception)
                        + ". Create the topics of docs/architecture.md (Strimzi: the KafkaTopics of deploy/); the"
                        + " restarted process starts once they exist."
                : describe(exception);
        condition = condition.failed(reason);
        LOG.errorf(exception, "The decision stream failed: %s", reason);
        return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    public StreamsCondition condition() {
        return condition;
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 600; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" / caused by ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }
}
