package dev.tillbridge.events;

/** A problem an operator is told about by e-mail until it is resolved, with the sentence saying what to do. */
public enum AlertCode {
    MAGENTO_AUTH_FAILED("Magento refused Tillbridge's credentials. Check the integration's access token in "
            + "Magento (System > Extensions > Integrations) and update it in the integration settings."),
    MAGENTO_UNREACHABLE("Magento did not answer or answered that it is unavailable. Check that the store is up; "
            + "Tillbridge retries on its own."),
    MAGENTO_ADDRESS_REFUSED("Tillbridge does not connect to the store's address: it is, or resolves to, an address "
            + "that is not on the public Internet (a private, loopback, link-local or cluster-internal one). Check the "
            + "integration's Magento base URL and the store's DNS."),
    MAGENTO_ERROR("Magento answered with an error it did not explain. Check Magento's exception log for the "
            + "report id in the message."),
    DOWNLOAD_MODE_MISMATCH("Orders are being skipped because of the Order Download Mode. Check the integration's "
            + "Order Download Mode against how orders are invoiced in Magento."),
    PRODUCT_REJECTIONS("Magento rejected many product updates. Check the product errors on the Logs page."),
    SYNC_STALLED("Orders changed in Magento after the last successful sync. Check the integration's Error logs; "
            + "orders are not reaching the POS."),
    PRODUCT_SYNC_LOOPING("The product update keeps starting over without completing, which usually means Magento "
            + "is failing while it processes updates. Check the product errors on the Logs page."),
    CREDENTIALS_UNREADABLE("Tillbridge cannot open this integration's stored Magento credentials (its credentials key "
            + "was changed). Enter the Magento access token again in the integration settings."),
    STREAM_STALLED("Tillbridge stopped deciding orders for this integration because of a problem on its side; "
            + "new orders wait and are decided once it runs again. The operator has been alerted; nothing to change "
            + "in Magento or the POS.");

    private final String advice;

    AlertCode(String advice) {
        this.advice = advice;
    }

    public String advice() {
        return advice;
    }
}
