package dev.tillbridge.status.service;

import dev.tillbridge.status.model.ControlledIntegration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.util.List;

/** Resolves an integration id for a caller: its owner and read-model version, or not found (also when foreign). */
@ApplicationScoped
public class IntegrationAccess {

    private final EntityManager em;

    public IntegrationAccess(EntityManager em) {
        this.em = em;
    }

    /** @param version the status row's version, or -1 when the read model has no row for it yet */
    public record Owner(String integrationId, String accountId, long version) {
    }

    public Owner require(Caller caller, String integrationId) {
        Owner owner = find(integrationId);
        if (owner == null || !caller.canSee(owner.accountId())) {
            throw new IntegrationNotFoundException(integrationId);
        }
        return owner;
    }

    /** @return the owner, or null for an unknown or deleted integration (whoever asks) */
    public Owner find(String integrationId) {
        if (integrationId == null || integrationId.length() > 200) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                        "SELECT account_id, deleted, version FROM integration_status WHERE integration_id = ?1")
                .setParameter(1, integrationId).getResultList();
        if (!rows.isEmpty()) {
            Object[] row = rows.get(0);
            if (Boolean.TRUE.equals(row[1])) {
                return null;
            }
            return new Owner(integrationId, (String) row[0], ((Number) row[2]).longValue());
        }
        ControlledIntegration controlled = ControlledIntegration.findById(integrationId);
        if (controlled != null && !controlled.deleted) {
            return new Owner(integrationId, controlled.accountId, -1);
        }
        return null;
    }
}
