package dev.tillbridge.simulator.search;

/**
 * Magento's optional web API input limits (docs/magento-api.md §7, {@code webapi/validation/*}), off by default as in 2.4 after
 * 2.4.3 GA. When on, a larger {@code pageSize} is refused, a missing one means {@code defaultPageSize}, and request
 * arrays longer than the list limit are refused.
 */
public record InputLimits(
        boolean enabled, int maximumPageSize, int defaultPageSize, int listLimit, int asyncListLimit) {

    public static InputLimits off() {
        return new InputLimits(false, 300, 20, 20, 5000);
    }

    public static InputLimits on() {
        return new InputLimits(true, 300, 20, 20, 5000);
    }
}
