package dev.tillbridge.simulator.error;

import java.util.List;
import java.util.Map;

/**
 * An error Magento's REST layer would answer with, carrying its message <em>template</em>: placeholders such as
 * {@code %1} or {@code %fieldName} stay unfilled and the values travel in {@code parameters} (docs/magento-api.md §7).
 * The status follows M:…/Framework/Webapi/ErrorProcessor.php: NoSuchEntity 404, authorization 401,
 * other LocalizedException 400, anything else 500.
 */
public final class MagentoException extends RuntimeException {

    public static final String ENTITY_NOT_FOUND =
            "The entity that was requested doesn't exist. Verify the entity and try again.";
    public static final String PRODUCT_NOT_FOUND =
            "The product that was requested doesn't exist. Verify the product and try again.";
    public static final String FIELD_REQUIRED = "\"%fieldName\" is required. Enter and try again.";
    public static final String ATTRIBUTE_EMPTY =
            "The \"%1\" attribute value is empty. Set the attribute and try again.";
    public static final String INVALID_TYPE =
            "The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.";
    public static final String NO_ROUTE = "Request does not match any route.";
    public static final String NOT_AUTHORIZED = "The consumer isn't authorized to access %resources.";

    private final int status;
    private final String template;
    private final Object parameters;

    private MagentoException(int status, String template, Object parameters) {
        super(template);
        this.status = status;
        this.template = template;
        this.parameters = parameters;
    }

    public static MagentoException noSuchEntity(String template) {
        return new MagentoException(404, template, null);
    }

    public static MagentoException noSuchEntity(String template, Map<String, ?> parameters) {
        return new MagentoException(404, template, parameters);
    }

    public static MagentoException noRoute() {
        return new MagentoException(404, NO_ROUTE, null);
    }

    public static MagentoException input(String template) {
        return new MagentoException(400, template, null);
    }

    /** For positional placeholders ({@code %1}): Magento sends {@code parameters} as a list. */
    public static MagentoException input(String template, List<?> parameters) {
        return new MagentoException(400, template, parameters);
    }

    /** For named placeholders ({@code %fieldName}): Magento sends {@code parameters} as an object. */
    public static MagentoException input(String template, Map<String, ?> parameters) {
        return new MagentoException(400, template, parameters);
    }

    public static MagentoException notAuthorized(String aclResource) {
        return new MagentoException(401, NOT_AUTHORIZED, Map.of("resources", aclResource));
    }

    /**
     * Anything Magento did not anticipate (an SQL error such as an unknown column): a masked 500 whose real
     * reason would only be in Magento's log, here the exception message.
     */
    public static MagentoException internal(String logMessage) {
        return new MagentoException(500, logMessage, null);
    }

    public int status() {
        return status;
    }

    /** The message with its placeholders filled, as Magento's logs and bulk result messages show it. */
    public String renderedMessage() {
        String text = template;
        if (parameters instanceof List<?> list) {
            for (int i = list.size(); i >= 1; i--) {
                text = text.replace("%" + i, String.valueOf(list.get(i - 1)));
            }
        } else if (parameters instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                text = text.replace("%" + entry.getKey(), String.valueOf(entry.getValue()));
            }
        }
        return text;
    }

    public MagentoErrorBody body() {
        if (status == 500) {
            return MagentoErrorBody.internalError();
        }
        return new MagentoErrorBody(template, parameters);
    }
}
