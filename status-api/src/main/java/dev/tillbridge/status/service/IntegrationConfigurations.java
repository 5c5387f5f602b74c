package dev.tillbridge.status.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.status.model.ControlledIntegration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configurations the control plane works from: its own copy of what it published ({@code controlled_integration}:
 * the credentials' kind, deletions, kept after a delete so the owner is remembered) and the shared directory's, for
 * integrations configured on the topic by others. Where both hold one, the newer revision wins.
 */
@ApplicationScoped
public class IntegrationConfigurations {

    private final EntityManager em;
    private final Clock clock;

    public IntegrationConfigurations(EntityManager em, Clock clock) {
        this.em = em;
        this.clock = clock;
    }

    /** A configuration and what the control plane knows about its credentials' kind (null: not published here). */
    public record Configuration(IntegrationConfigured config, String credentialsKind, boolean deleted) {}

    /** The live configurations of the accounts the caller sees, by integration id. */
    public List<Configuration> visibleTo(Caller caller) {
        Map<String, Configuration> latest = new LinkedHashMap<>();
        for (Configuration c : directoryConfigs(caller)) {
            latest.put(c.config().integrationId(), c);
        }
        List<ControlledIntegration> controlled = caller.operator()
                ? ControlledIntegration.listAll()
                : ControlledIntegration.list("accountId", caller.account());
        for (ControlledIntegration row : controlled) {
            latest.merge(row.integrationId, of(row), IntegrationConfigurations::newer);
        }
        return latest.values().stream()
                .filter(c -> !c.deleted() && caller.canSee(c.config().accountId()))
                .sorted(Comparator.comparing(c -> c.config().integrationId()))
                .toList();
    }

    /**
     * The newest configuration of the integration, live or deleted, or null when none was ever published.
     *
     * @param lock lock the control plane's row: changes of one integration are serialized by it
     */
    public Configuration find(String integrationId, boolean lock) {
        ControlledIntegration row = lock
                ? ControlledIntegration.findById(integrationId, LockModeType.PESSIMISTIC_WRITE)
                : ControlledIntegration.findById(integrationId);
        Configuration mine = row == null ? null : of(row);
        Configuration directory = directoryConfig(integrationId);
        if (mine == null) {
            return directory;
        }
        return directory == null ? mine : newer(mine, directory);
    }

    /** Keeps what the control plane is publishing, so the next change starts from it before the topic is read back. */
    void keep(IntegrationConfigured config, String credentialsKind) {
        ControlledIntegration row =
                ControlledIntegration.findById(config.integrationId(), LockModeType.PESSIMISTIC_WRITE);
        if (row == null) {
            row = new ControlledIntegration();
            row.integrationId = config.integrationId();
        }
        row.accountId = config.accountId();
        row.revision = config.revision();
        row.config = json(config);
        row.credentialsKind = credentialsKind;
        row.deleted = false;
        row.updatedAt = clock.instant();
        row.persist();
    }

    /** The row stays after a delete: it remembers the owner (an id belongs to its account for good). */
    void markDeleted(String integrationId) {
        ControlledIntegration row = ControlledIntegration.findById(integrationId);
        row.deleted = true;
    }

    /** How many live integrations the account has created here (the quota counts them). */
    long liveIntegrations(String accountId) {
        return ((Number) em.createNativeQuery(
                                "SELECT count(*) FROM controlled_integration WHERE account_id = ?1 AND NOT deleted")
                        .setParameter(1, accountId)
                        .getSingleResult())
                .longValue();
    }

    /** The read model's revision of a deleted id configured on the topic by others, so a re-create goes past it. */
    long heldRevision(String integrationId) {
        List<?> rows = em.createNativeQuery("SELECT revision FROM integration_status WHERE integration_id = ?1")
                .setParameter(1, integrationId)
                .getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }

    private static Configuration newer(Configuration a, Configuration b) {
        if (a.config().revision() != b.config().revision()) {
            return a.config().revision() > b.config().revision() ? a : b;
        }
        // Same revision: the control plane's copy knows the credentials' kind and a deletion.
        return a.credentialsKind() != null || a.deleted() ? a : b;
    }

    private Configuration directoryConfig(String integrationId) {
        List<?> rows = em.createNativeQuery("SELECT config FROM integration_directory WHERE integration_id = ?1")
                .setParameter(1, integrationId)
                .getResultList();
        return rows.isEmpty() ? null : new Configuration(parse((String) rows.get(0)), null, false);
    }

    private List<Configuration> directoryConfigs(Caller caller) {
        List<?> rows = caller.operator()
                ? em.createNativeQuery("SELECT config FROM integration_directory")
                        .getResultList()
                : em.createNativeQuery("SELECT config FROM integration_directory WHERE account_id = ?1")
                        .setParameter(1, caller.account())
                        .getResultList();
        List<Configuration> configs = new ArrayList<>();
        for (Object row : rows) {
            configs.add(new Configuration(parse((String) row), null, false));
        }
        return configs;
    }

    private static Configuration of(ControlledIntegration row) {
        return new Configuration(parse(row.config), row.credentialsKind, row.deleted);
    }

    private static IntegrationConfigured parse(String json) {
        try {
            return EventJson.mapper().readValue(json, IntegrationConfigured.class);
        } catch (IOException e) {
            throw new UncheckedIOException("A stored integration configuration is unreadable", e);
        }
    }

    private static String json(IntegrationConfigured config) {
        try {
            return EventJson.mapper().writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write integration " + config.integrationId(), e);
        }
    }
}
