package dev.tillbridge.status.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.status.model.ControlledIntegration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

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

    /** A page of configurations, and the id to continue after (null: this was the last page). */
    public record Slice(List<Configuration> items, String after) {}

    /** A configuration and what the control plane knows about its credentials' kind (null: not published here). */
    public record Configuration(IntegrationConfigured config, String credentialsKind, boolean deleted) {}

    /**
     * One page of the live configurations the caller sees, in integration-id order after {@code after} (keyset
     * paging: integrations created or deleted meanwhile neither repeat nor shift the others). Each source reads at
     * most {@code limit + 1} rows from its index, so an account of thousands costs what a page costs: the first
     * {@code limit + 1} ids of the two sources together are among the first {@code limit + 1} of each.
     *
     * @param after the last id of the previous page, or null for the first
     * @return the page, with the id to continue after when more may follow (a page may hold fewer than
     *     {@code limit} when deleted integrations fell inside it)
     */
    public Slice visiblePage(Caller caller, String after, int limit) {
        String from = after == null ? "" : after;
        TreeMap<String, Configuration> merged = new TreeMap<>();
        for (Configuration c : directoryConfigs(caller, from, limit + 1)) {
            merged.put(c.config().integrationId(), c);
        }
        for (ControlledIntegration row : controlledRows(caller, from, limit + 1)) {
            merged.merge(row.integrationId, of(row), IntegrationConfigurations::newer);
        }
        List<Configuration> items = new ArrayList<>();
        String last = null;
        for (Configuration c : merged.values().stream().limit(limit).toList()) {
            last = c.config().integrationId();
            if (!c.deleted() && caller.canSee(c.config().accountId())) {
                items.add(c);
            }
        }
        return new Slice(items, merged.size() > limit ? last : null);
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

    /** A page's worth of the shared directory, in id order after {@code after} ({@code COLLATE "C"}: Java's order). */
    private List<Configuration> directoryConfigs(Caller caller, String after, int limit) {
        List<Configuration> configs = new ArrayList<>();
        for (Object row : pageOf("SELECT config FROM integration_directory", null, caller, after, limit)) {
            configs.add(new Configuration(parse((String) row), null, false));
        }
        return configs;
    }

    /** A page's worth of the control plane's own rows, in the same order. */
    @SuppressWarnings("unchecked")
    private List<ControlledIntegration> controlledRows(Caller caller, String after, int limit) {
        return (List<ControlledIntegration>)
                pageOf("SELECT * FROM controlled_integration", ControlledIntegration.class, caller, after, limit);
    }

    /** {@code select}'s rows of the caller's accounts (an operator: all) with an id after {@code after}, in order. */
    private List<?> pageOf(String select, Class<?> entity, Caller caller, String after, int limit) {
        String sql = select + (caller.operator() ? " WHERE TRUE" : " WHERE account_id = ?3")
                + " AND integration_id COLLATE \"C\" > ?1 ORDER BY integration_id COLLATE \"C\" LIMIT ?2";
        Query query = entity == null ? em.createNativeQuery(sql) : em.createNativeQuery(sql, entity);
        query.setParameter(1, after).setParameter(2, limit);
        if (!caller.operator()) {
            query.setParameter(3, caller.account());
        }
        return query.getResultList();
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
