package dev.tillbridge.simulator.fault;

import java.util.regex.Pattern;

/**
 * One fault: it hits requests whose route key (e.g. {@code GET /V1/orders}, {@code PUT /V1/products/{sku}},
 * {@code CONSUMER async.operations.all}) matches the glob {@code route} ({@code *} = any characters), each with
 * probability {@code rate} (default 1), at most {@code times} times (default unlimited).
 * {@code status}, {@code latencyMs}, {@code retryAfterSeconds} and {@code message} apply to the kinds that use
 * them. A {@code lock_wait} rule by default only hits saves that overlap another save ({@code onlyWhenConcurrent}).
 */
public record FaultRule(
        String route,
        FaultKind kind,
        Double rate,
        Integer status,
        Long latencyMs,
        Integer retryAfterSeconds,
        Integer times,
        String message,
        Boolean onlyWhenConcurrent) {

    public static final String DEFAULT_LOCK_WAIT_MESSAGE = "The product was unable to be saved. Please try again.";

    public FaultRule {
        if (kind == null) {
            throw new IllegalArgumentException("a fault rule needs a kind");
        }
        route = route == null || route.isBlank() ? "*" : route;
        rate = rate == null ? 1.0 : rate;
        if (rate < 0 || rate > 1) {
            throw new IllegalArgumentException("rate must be between 0 and 1");
        }
        if (status == null) {
            status = switch (kind) {
                case ERROR -> 500;
                case UNAUTHORIZED -> 401;
                case LOCK_WAIT -> 400;
                default -> 200;
            };
        }
        latencyMs = latencyMs == null ? 0L : latencyMs;
        onlyWhenConcurrent = onlyWhenConcurrent == null || onlyWhenConcurrent;
        message = message == null && kind == FaultKind.LOCK_WAIT ? DEFAULT_LOCK_WAIT_MESSAGE : message;
    }

    public static FaultRule error(String route, int status, double rate) {
        return new FaultRule(route, FaultKind.ERROR, rate, status, null, null, null, null, null);
    }

    public static FaultRule latency(String route, long latencyMs, double rate) {
        return new FaultRule(route, FaultKind.LATENCY, rate, null, latencyMs, null, null, null, null);
    }

    public static FaultRule unauthorized(String route) {
        return new FaultRule(route, FaultKind.UNAUTHORIZED, 1.0, null, null, null, null, null, null);
    }

    public static FaultRule htmlPage(String route, int status, double rate) {
        return new FaultRule(route, FaultKind.HTML_PAGE, rate, status, null, null, null, null, null);
    }

    public static FaultRule truncatedJson(String route, double rate) {
        return new FaultRule(route, FaultKind.TRUNCATED_JSON, rate, null, null, null, null, null, null);
    }

    public static FaultRule lockWait(String route, double rate, boolean onlyWhenConcurrent) {
        return new FaultRule(route, FaultKind.LOCK_WAIT, rate, null, null, null, null, null, onlyWhenConcurrent);
    }

    public FaultRule times(int count) {
        return new FaultRule(
                route, kind, rate, status, latencyMs, retryAfterSeconds, count, message, onlyWhenConcurrent);
    }

    public FaultRule withRetryAfter(int seconds) {
        return new FaultRule(route, kind, rate, status, latencyMs, seconds, times, message, onlyWhenConcurrent);
    }

    public FaultRule withMessage(String text) {
        return new FaultRule(route, kind, rate, status, latencyMs, retryAfterSeconds, times, text, onlyWhenConcurrent);
    }

    static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
