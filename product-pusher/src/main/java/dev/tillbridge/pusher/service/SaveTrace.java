package dev.tillbridge.pusher.service;

import dev.tillbridge.events.tracing.TraceHeaders;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.List;

/**
 * The span of one save in Magento (a PUT or a bulk), in the trace of the {@code product-updates} record it answers
 * for: its parent is the first of them that came with a {@code traceparent}; the others (coalesced updates of the
 * same SKU, the rest of a bulk) are links, at most {@link #MAX_LINKS}. The Magento client span is its child.
 */
final class SaveTrace {

    static final int MAX_LINKS = 32;

    private SaveTrace() {}

    static Span start(Tracer tracer, String name, String integrationId, List<ProductChange> changes) {
        SpanBuilder builder = tracer.spanBuilder(name)
                .setAttribute("tillbridge.integration.id", integrationId)
                .setAttribute("tillbridge.products", changes.size());
        Context parent = null;
        int links = 0;
        for (ProductChange change : changes) {
            for (Carried carried : change.carried()) {
                if (carried.traceparent() == null) {
                    continue;
                }
                Context context = TraceHeaders.fromTraceparent(carried.traceparent());
                if (parent == null) {
                    parent = context;
                } else if (links < MAX_LINKS) {
                    SpanContext linked = TraceHeaders.spanOf(context);
                    if (linked.isValid()) {
                        builder.addLink(linked);
                        links++;
                    }
                }
            }
        }
        // Without a traceparent (a connector that sends none) the save starts a trace of its own.
        return builder.setParent(parent == null ? Context.root() : parent).startSpan();
    }
}
