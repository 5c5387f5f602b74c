package dev.tillbridge.events;

/** A problem an operator is told about by e-mail until it is resolved, with the sentence saying what to do. */
public enum AlertCode {
    MAGENTO_AUTH_FAILED("Magento refused Tillbridge's credentials. Check the integration's access token in "
            + "Magento (System > Extensions > Integrations) and update it in the integration settings."),
    MAGENTO_UNREACHABLE("Magento did not answer or answered that it is unavailable. Check that the store is up; "
            + "Tillbridge retries on its own."),
    MAGENTO_ERROR("Magento answered with an error it did not explain. Check Magento's exception log for the "
            + "report id in the message."),
    DOWNLOAD_MODE_MISMATCH("Orders are being skipped because of the Order Download Mode. Check the integration's "
            + "Order Download Mode against how orders are invoiced in Magento."),
    PRODUCT_REJECTIONS("Magento rejected many product updates. Check the product errors on the Logs page."),
    SYNC_STALLED("Orders changed in Magento after the last successful sync. Check the integration's Error logs; "
            + "orders are not reaching the POS."),
    PRODUCT_SYNC_LOOPING("The product update keeps starting over without completing, which usually means Magento "
            + "is failing while it processes updates. Check the product errors on the Logs page.");

    private final String advice;

    AlertCode(String advice) {
        this.advice = advice;
    }

    public String advice() {
        return advice;
    }
}
