package dev.tillbridge.simulator;

import dev.tillbridge.simulator.auth.Credentials;
import dev.tillbridge.simulator.auth.OAuthCredentials;
import dev.tillbridge.simulator.search.PagePastEnd;
import dev.tillbridge.simulator.store.StoreView;
import dev.tillbridge.simulator.tenant.StoreSettings;
import java.util.List;

/**
 * A store (tenant) to create: its name in URLs, the credentials it accepts, its store views and its version
 * quirks. Also the JSON body of {@code POST /_sim/stores}. Without credentials every Magento call gets 401.
 */
public record StoreSpec(
        String tenant,
        String bearerToken,
        OAuthCredentials oauth,
        List<StoreView> storeViews,
        PagePastEnd pagePastEnd,
        Boolean inputLimits,
        Boolean putCreatesUnknownSku) {

    public StoreSpec {
        if (tenant == null || !tenant.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException("tenant must be letters, digits, '-' or '_', not " + tenant);
        }
        storeViews =
                storeViews == null || storeViews.isEmpty() ? List.of(StoreView.defaultView()) : List.copyOf(storeViews);
    }

    public static StoreSpec tenant(String tenant) {
        return new StoreSpec(tenant, null, null, null, null, null, null);
    }

    public StoreSpec withBearerToken(String token) {
        return new StoreSpec(tenant, token, oauth, storeViews, pagePastEnd, inputLimits, putCreatesUnknownSku);
    }

    public StoreSpec withOAuth(OAuthCredentials credentials) {
        return new StoreSpec(
                tenant, bearerToken, credentials, storeViews, pagePastEnd, inputLimits, putCreatesUnknownSku);
    }

    public StoreSpec withOAuth(
            String consumerKey, String consumerSecret, String accessToken, String accessTokenSecret) {
        return withOAuth(new OAuthCredentials(consumerKey, consumerSecret, accessToken, accessTokenSecret));
    }

    public StoreSpec withStoreViews(StoreView... views) {
        return new StoreSpec(
                tenant, bearerToken, oauth, List.of(views), pagePastEnd, inputLimits, putCreatesUnknownSku);
    }

    public StoreSpec withPagePastEnd(PagePastEnd mode) {
        return new StoreSpec(tenant, bearerToken, oauth, storeViews, mode, inputLimits, putCreatesUnknownSku);
    }

    public StoreSpec withInputLimits(boolean on) {
        return new StoreSpec(tenant, bearerToken, oauth, storeViews, pagePastEnd, on, putCreatesUnknownSku);
    }

    public StoreSpec withPutCreatesUnknownSku(boolean on) {
        return new StoreSpec(tenant, bearerToken, oauth, storeViews, pagePastEnd, inputLimits, on);
    }

    Credentials credentials() {
        return new Credentials(bearerToken, oauth);
    }

    StoreSettings settings() {
        return new StoreSettings(pagePastEnd, inputLimits, putCreatesUnknownSku);
    }
}
