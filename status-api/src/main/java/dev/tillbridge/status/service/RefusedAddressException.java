package dev.tillbridge.status.service;

import java.util.List;

/**
 * A well-formed {@code magento.baseUrl} that Tillbridge will not call (it is not a public Internet address,
 * see common-events' OutboundGuard): answered 422, the request is understood but cannot be carried out.
 */
public class RefusedAddressException extends InvalidRequestException {

    public RefusedAddressException(String reason) {
        super(List.of(new FieldError("magento.baseUrl", reason)));
    }
}
