package dev.tillbridge.simulator.error;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Magento's REST error body (M:…/Framework/Webapi/Rest/Response.php): {@code message} keeps its placeholders,
 * {@code parameters} is a list for {@code %1} and an object for named placeholders and is left out when empty.
 * {@code errors}, {@code code} and {@code trace} are never sent by the simulator (no aggregates, codes are zero,
 * not developer mode).
 */
public record MagentoErrorBody(
        String message,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) Object parameters) {

    private static final SecureRandom REPORT_IDS = new SecureRandom();

    /** The masked 500 that Magento answers outside developer mode; the report id is filled in, as Magento does. */
    public static MagentoErrorBody internalError() {
        byte[] id = new byte[6];
        REPORT_IDS.nextBytes(id);
        return new MagentoErrorBody(
                "Internal Error. Details are available in Magento log file. Report ID: webapi-"
                        + HexFormat.of().formatHex(id),
                null);
    }

    public static MagentoErrorBody of(String message) {
        return new MagentoErrorBody(message, null);
    }

    public static MagentoErrorBody of(String message, List<?> parameters) {
        return new MagentoErrorBody(message, parameters);
    }

    public static MagentoErrorBody of(String message, Map<String, ?> parameters) {
        return new MagentoErrorBody(message, parameters);
    }
}
