package dev.tillbridge.magento;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the service's {@link OutboundGuard} from its settings: status-api checks base URLs with it when an
 * integration is configured, {@link MagentoClients} before every connection. One bean, so both agree.
 */
@Singleton
public class OutboundGuards {

    @Produces
    @Singleton
    OutboundGuard guard(
            @ConfigProperty(name = "tillbridge.magento.allow-list") Optional<List<String>> allowList,
            @ConfigProperty(
                            name = "tillbridge.magento.internal-suffixes",
                            defaultValue = ".svc,.cluster.local,.internal,localhost")
                    List<String> internalSuffixes,
            @ConfigProperty(name = "tillbridge.magento.system-dns", defaultValue = "true") boolean systemDns) {
        return new OutboundGuard(
                allowList.orElse(List.of()), internalSuffixes, systemDns ? HostResolver.system() : HostResolver.none());
    }
}
