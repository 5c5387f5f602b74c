package dev.tillbridge.pusher.service;

import dev.tillbridge.events.tracing.SpanScope;
import dev.tillbridge.magento.MagentoException;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Sends one product per request ({@code PUT /V1/products/{sku}}), as many at once as the integration's
 * concurrency limit allows; each answer goes to the {@link Settlement}.
 */
final class PutSender {

    private static final Logger LOG = Logger.getLogger(PutSender.class);

    private final Workers workers;
    private final Settlement settlement;
    private final Tracer tracer;

    PutSender(Workers workers, Settlement settlement, Tracer tracer) {
        this.workers = workers;
        this.settlement = settlement;
        this.tracer = tracer;
    }

    void dispatch(IntegrationLane lane) {
        while (workers.running() && lane.pending().hasWaiting() && !lane.paused(System.nanoTime())) {
            Optional<ConcurrencyLimit.Permit> permit =
                    lane.putLimitFor(System.nanoTime()).tryAcquire();
            if (permit.isEmpty()) {
                return;
            }
            ProductChange change = lane.pending().take();
            if (change == null) {
                permit.get().ignored();
                return;
            }
            workers.execute(() -> send(lane, change, permit.get()));
        }
    }

    private void send(IntegrationLane lane, ProductChange change, ConcurrencyLimit.Permit permit) {
        long started = System.nanoTime();
        SendOutcome outcome;
        Span span = SaveTrace.start(tracer, "product save", lane.integrationId(), List.of(change));
        try (SpanScope ignored = SpanScope.enter(span)) {
            lane.client().putProduct(change.sku(), MagentoProduct.of(change.latest()));
            outcome = new SendOutcome.Accepted();
        } catch (MagentoException e) {
            outcome = SendOutcome.of(e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Integration %s: sending %s failed unexpectedly", lane.integrationId(), change.sku());
            outcome = new SendOutcome.Rejected("Tillbridge could not send the product: " + e.getMessage());
        } finally {
            span.end();
        }
        try {
            settlement.settle(lane, change, permit, outcome, started);
        } catch (RuntimeException e) {
            LOG.errorf(
                    e,
                    "Integration %s: the outcome for %s was not recorded; it is sent again",
                    lane.integrationId(),
                    change.sku());
            lane.pending().retry(change);
        } finally {
            workers.wake();
        }
    }
}
