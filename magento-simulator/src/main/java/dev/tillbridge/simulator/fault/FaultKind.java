package dev.tillbridge.simulator.fault;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a fault rule does to a request it hits. */
public enum FaultKind {
    /** Answer {@code status} instead: 500 with Magento's masked internal-error JSON, other codes with an HTML page. */
    ERROR,
    /** Wait {@code latencyMs} before handling (a latency spike); the request then proceeds normally. */
    LATENCY,
    /** 401 with Magento's body, as if the integration's token had been revoked. */
    UNAUTHORIZED,
    /** An HTML error page instead of JSON, with {@code status} (default 200, the hardest case for a client). */
    HTML_PAGE,
    /** The real response, cut off in the middle: well-framed HTTP, unparsable JSON. */
    TRUNCATED_JSON,
    /** A product save that loses a database lock: 400 (sync) or a retriable failure (bulk operation, status 2). */
    LOCK_WAIT;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static FaultKind of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
