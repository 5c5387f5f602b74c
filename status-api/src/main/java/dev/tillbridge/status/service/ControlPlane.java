package dev.tillbridge.status.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.events.LogType;
import dev.tillbridge.events.RedownloadRequested;
import dev.tillbridge.events.json.EventJson;
import dev.tillbridge.magento.CredentialSealer;
import dev.tillbridge.magento.MagentoCredentials;
import dev.tillbridge.magento.OutboundGuard;
import dev.tillbridge.status.messaging.EventPublisher;
import dev.tillbridge.status.messaging.Outbox;
import dev.tillbridge.status.model.ControlledIntegration;
import dev.tillbridge.status.model.IntegrationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Creates, changes and deletes integrations by publishing their whole configuration to the compacted
 * {@code integrations} topic (key = integration id, revision + 1 each time). The Magento credentials are
 * sealed (AES-GCM, {@code tillbridge.credentials.key}) before they are stored or published, and are never
 * logged or returned. What was published is also kept in {@code controlled_integration}, so the next
 * change starts from it even before the topic has been read back. Every record goes through the
 * {@link Outbox}: written in the same transaction as the change, published by the relay after the commit.
 */
@ApplicationScoped
public class ControlPlane {

    private static final Logger LOG = Logger.getLogger(ControlPlane.class);

    private final EntityManager em;
    private final Outbox outbox;
    private final CredentialSealer sealer;
    private final ReadModelProjector projector;
    private final Clock clock;
    private final Event<ReadModelChanged> changes;
    private final OutboundGuard guard;
    private final IntegrationAccess access;
    private final Incarnations incarnations;
    private final Quotas quotas;

    public ControlPlane(
            EntityManager em,
            Outbox outbox,
            ReadModelProjector projector,
            Clock clock,
            Event<ReadModelChanged> changes,
            @ConfigProperty(name = "tillbridge.credentials.key") String credentialsKey,
            OutboundGuard guard,
            IntegrationAccess access,
            Incarnations incarnations,
            Quotas quotas) {
        this.em = em;
        this.quotas = quotas;
        this.access = access;
        this.incarnations = incarnations;
        this.guard = guard;
        this.changes = changes;
        this.outbox = outbox;
        this.projector = projector;
        this.clock = clock;
        this.sealer = CredentialSealer.fromBase64Key(credentialsKey);
    }

    /** A configuration and what the control plane knows about its credentials' kind. */
    private record Current(IntegrationConfigured config, String credentialsKind, boolean deleted) {}

    public List<IntegrationView> list(Caller caller) {
        Map<String, Current> latest = new LinkedHashMap<>();
        for (Current c : directoryConfigs(caller)) {
            latest.put(c.config().integrationId(), c);
        }
        List<ControlledIntegration> controlled = caller.operator()
                ? ControlledIntegration.listAll()
                : ControlledIntegration.list("accountId", caller.account());
        for (ControlledIntegration row : controlled) {
            Current mine = current(row);
            latest.merge(row.integrationId, mine, ControlPlane::newer);
        }
        return latest.values().stream()
                .filter(c -> !c.deleted() && caller.canSee(c.config().accountId()))
                .sorted(Comparator.comparing(c -> c.config().integrationId()))
                .map(c -> IntegrationView.of(c.config(), c.credentialsKind()))
                .toList();
    }

    public IntegrationView get(Caller caller, String integrationId) {
        Current current = find(integrationId, false);
        if (current == null
                || current.deleted()
                || !caller.canSee(current.config().accountId())) {
            throw new IntegrationNotFoundException(integrationId);
        }
        return IntegrationView.of(current.config(), current.credentialsKind());
    }

    @Transactional
    public IntegrationView create(Caller caller, IntegrationChange change) {
        refuseNonPublicAddress(change);
        String accountId = accountFor(caller, change);
        String integrationId = change.integrationId() != null ? change.integrationId() : generatedId();
        Current existing = find(integrationId, true);
        String holder = access.heldBy(integrationId);
        if (holder == null
                ? GENERATED_ID.matcher(integrationId).matches() && change.integrationId() != null
                : !caller.canSee(holder)) {
            // Another account's id, live or deleted, answers like a free id of the generated shape: no oracle.
            throw InvalidRequestException.of("integrationId", ID_NOT_AVAILABLE);
        }
        if (holder != null && !holder.equals(accountId)) {
            // Only an operator gets here (it sees every account): ids are never handed to another account.
            throw new ConflictException("Integration id " + integrationId + " belongs to account " + holder);
        }
        if (existing != null && !existing.deleted() || holder != null && access.find(integrationId) != null) {
            throw new ConflictException("Integration " + integrationId + " already exists");
        }
        quotas.requireRoomForIntegration(accountId, liveIntegrations(accountId));
        long revision = Math.max(existing == null ? 0 : existing.config().revision(), heldRevision(integrationId)) + 1;
        if (holder != null) {
            // The owner creates its deleted id again: a new incarnation, nothing of the old one shows.
            incarnations.begin(projector.ensureStatus(integrationId, accountId));
        }
        MagentoCredentials credentials = change.credentials();
        IntegrationConfigured config =
                change.applyTo(null, integrationId, accountId, sealer.seal(integrationId, credentials), revision);
        publishAndKeep(config, kindOf(credentials));
        log(config, caller, "Integration created by " + caller.subject());
        LOG.infof(
                "Integration %s of account %s created by %s (revision %d)",
                integrationId, accountId, caller.subject(), revision);
        return IntegrationView.of(config, kindOf(credentials));
    }

    @Transactional
    public IntegrationView update(Caller caller, String integrationId, IntegrationChange change) {
        Current current = find(integrationId, true);
        if (current == null
                || current.deleted()
                || !caller.canSee(current.config().accountId())) {
            throw new IntegrationNotFoundException(integrationId);
        }
        refuseNonPublicAddress(change);
        IntegrationConfigured before = current.config();
        String sealed = before.magento().sealedCredentials();
        String kind = current.credentialsKind();
        if (change.credentials() != null) {
            sealed = sealer.seal(integrationId, change.credentials());
            kind = kindOf(change.credentials());
        }
        IntegrationConfigured after =
                change.applyTo(before, integrationId, before.accountId(), sealed, before.revision() + 1);
        publishAndKeep(after, kind);
        // The line names the fields, never their values: one of them may be the credentials.
        log(
                after,
                caller,
                "Settings changed by " + caller.subject() + ": " + String.join(", ", new TreeSet<>(change.fields())));
        LOG.infof(
                "Integration %s changed by %s (revision %d): %s",
                integrationId, caller.subject(), after.revision(), new TreeSet<>(change.fields()));
        return IntegrationView.of(after, kind);
    }

    /**
     * The services check the address again before every connection; checking here too tells the tenant at
     * once, with a 422 naming the field, instead of in a failed cycle later.
     */
    private void refuseNonPublicAddress(IntegrationChange change) {
        if (change.baseUrl() != null && guard.check(change.baseUrl()) instanceof OutboundGuard.Refused refused) {
            LOG.infof("magento.baseUrl refused: it %s", refused.reason());
            throw new RefusedAddressException(refused.reason());
        }
    }

    /** Disables the integration (every service stops at once), then deletes it from the compacted topic. */
    @Transactional
    public void delete(Caller caller, String integrationId) {
        Current current = find(integrationId, true);
        if (current == null
                || current.deleted()
                || !caller.canSee(current.config().accountId())) {
            throw new IntegrationNotFoundException(integrationId);
        }
        IntegrationConfigured c = current.config();
        IntegrationConfigured disabled = new IntegrationConfigured(
                c.integrationId(),
                c.accountId(),
                c.name(),
                c.posName(),
                c.magento(),
                c.storeIds(),
                c.downloadMode(),
                c.syncIntervalSeconds(),
                c.startDate(),
                c.notificationEmails(),
                c.alertIntervalMinutes(),
                false,
                c.revision() + 1);
        publishAndKeep(disabled, current.credentialsKind());
        outbox.integrationTombstone(integrationId);
        ControlledIntegration row = ControlledIntegration.findById(integrationId);
        row.deleted = true;
        IntegrationStatus status = projector.ensureStatus(integrationId, c.accountId());
        status.deleted = true;
        status.enabled = false;
        incarnations.end(status);
        changes.fire(new ReadModelChanged(integrationId, "integration", null));
        LOG.infof("Integration %s deleted by %s", integrationId, caller.subject());
    }

    private long liveIntegrations(String accountId) {
        return ((Number) em.createNativeQuery(
                                "SELECT count(*) FROM controlled_integration WHERE account_id = ?1 AND NOT deleted")
                        .setParameter(1, accountId)
                        .getSingleResult())
                .longValue();
    }

    /** Asks invoice-filter to release one order again, and says so on the Logs page (both through the outbox). */
    @Transactional
    public RedownloadRequested redownload(Caller caller, IntegrationAccess.Owner owner, long entityId) {
        if (entityId <= 0) {
            throw InvalidRequestException.of("entityId", "must be a Magento order entity id (a positive number)");
        }
        RedownloadRequested request = new RedownloadRequested(owner.integrationId(), entityId, caller.subject());
        outbox.redownload(EventEnvelope.of(owner.accountId(), owner.integrationId(), request, clock));
        String incrementId = knownIncrementId(owner.integrationId(), entityId);
        String order = incrementId == null ? "order " + entityId : "order #" + incrementId + " (" + entityId + ")";
        LogEntry line = new LogEntry(
                owner.integrationId(),
                LogService.TILLBRIDGE,
                LogType.INFO,
                "Re-download of " + order + " requested by " + caller.subject(),
                EventPublisher.SOURCE,
                incrementId == null ? Long.toString(entityId) : incrementId);
        outbox.log(EventEnvelope.of(owner.accountId(), owner.integrationId(), line, clock));
        LOG.infof(
                "Re-download of %s of integration %s requested by %s", order, owner.integrationId(), caller.subject());
        return request;
    }

    private static final Pattern GENERATED_ID = Pattern.compile("int-[0-9a-f]{8}-[0-9a-f]{4}");
    private static final String ID_NOT_AVAILABLE =
            "is not available: choose another id, or leave it out and Tillbridge generates one";

    /** A fresh id of the generated shape, one no account holds or held (a clash is a 2^-48 chance: just retry). */
    private String generatedId() {
        String id;
        do {
            id = "int-" + UUID.randomUUID().toString().substring(0, 13);
        } while (access.heldBy(id) != null);
        return id;
    }

    /** The read model's revision of a deleted id configured on the topic by others, so a re-create goes past it. */
    private long heldRevision(String integrationId) {
        List<?> rows = em.createNativeQuery("SELECT revision FROM integration_status WHERE integration_id = ?1")
                .setParameter(1, integrationId)
                .getResultList();
        return rows.isEmpty() ? 0 : ((Number) rows.get(0)).longValue();
    }

    private String knownIncrementId(String integrationId, long entityId) {
        List<?> ids = em.createNativeQuery("""
                        SELECT increment_id FROM skipped_order WHERE integration_id = ?1 AND entity_id = ?2
                        UNION ALL
                        SELECT increment_id FROM downloaded_order WHERE integration_id = ?1 AND entity_id = ?2
                        """)
                .setParameter(1, integrationId)
                .setParameter(2, entityId)
                .getResultList();
        return ids.stream()
                .filter(Objects::nonNull)
                .map(Object::toString)
                .findFirst()
                .orElse(null);
    }

    private void publishAndKeep(IntegrationConfigured config, String credentialsKind) {
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
        IntegrationStatus status = projector.ensureStatus(config.integrationId(), config.accountId());
        projector.applyConfiguration(status, config);
        changes.fire(new ReadModelChanged(config.integrationId(), "integration", null));
        // Into the outbox, in this transaction: the record commits with the row, or neither does. OutboxRelay
        // publishes it after the commit; nothing here waits for the broker while the row is locked.
        outbox.integration(EventEnvelope.of(config.accountId(), config.integrationId(), config, clock));
    }

    private void log(IntegrationConfigured config, Caller caller, String message) {
        LogEntry line = LogEntry.info(config.integrationId(), LogService.TILLBRIDGE, EventPublisher.SOURCE, message);
        outbox.log(EventEnvelope.of(config.accountId(), config.integrationId(), line, clock));
    }

    private String accountFor(Caller caller, IntegrationChange change) {
        if (change.accountId() != null) {
            if (!caller.canSee(change.accountId())) {
                throw InvalidRequestException.of("accountId", "must be your own account");
            }
            return change.accountId();
        }
        if (caller.account() == null) {
            throw InvalidRequestException.of("accountId", "is required: an operator names the account");
        }
        return caller.account();
    }

    /** The newest configuration of the integration: the control plane's own copy or the directory's. */
    private Current find(String integrationId, boolean lock) {
        ControlledIntegration row = lock
                ? ControlledIntegration.findById(integrationId, LockModeType.PESSIMISTIC_WRITE)
                : ControlledIntegration.findById(integrationId);
        Current mine = row == null ? null : current(row);
        Current directory = directoryConfig(integrationId);
        if (mine == null) {
            return directory;
        }
        return directory == null ? mine : newer(mine, directory);
    }

    private static Current newer(Current a, Current b) {
        if (a.config().revision() != b.config().revision()) {
            return a.config().revision() > b.config().revision() ? a : b;
        }
        // Same revision: the control plane's copy knows the credentials' kind and a deletion.
        return a.credentialsKind() != null || a.deleted() ? a : b;
    }

    private Current directoryConfig(String integrationId) {
        List<?> rows = em.createNativeQuery("SELECT config FROM integration_directory WHERE integration_id = ?1")
                .setParameter(1, integrationId)
                .getResultList();
        return rows.isEmpty() ? null : new Current(parse((String) rows.get(0)), null, false);
    }

    private List<Current> directoryConfigs(Caller caller) {
        List<?> rows = caller.operator()
                ? em.createNativeQuery("SELECT config FROM integration_directory")
                        .getResultList()
                : em.createNativeQuery("SELECT config FROM integration_directory WHERE account_id = ?1")
                        .setParameter(1, caller.account())
                        .getResultList();
        List<Current> configs = new ArrayList<>();
        for (Object row : rows) {
            configs.add(new Current(parse((String) row), null, false));
        }
        return configs;
    }

    private static Current current(ControlledIntegration row) {
        return new Current(parse(row.config), row.credentialsKind, row.deleted);
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

    private static String kindOf(MagentoCredentials credentials) {
        return credentials instanceof MagentoCredentials.Bearer ? "bearer" : "oauth1";
    }
}
