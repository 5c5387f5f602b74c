package dev.tillbridge.status.service;

import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.IntegrationConfigured;
import dev.tillbridge.events.LogEntry;
import dev.tillbridge.events.LogService;
import dev.tillbridge.magento.CredentialSealer;
import dev.tillbridge.magento.MagentoCredentials;
import dev.tillbridge.magento.OutboundGuard;
import dev.tillbridge.status.messaging.EventPublisher;
import dev.tillbridge.status.messaging.Outbox;
import dev.tillbridge.status.model.IntegrationStatus;
import dev.tillbridge.status.service.IntegrationConfigurations.Configuration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import java.time.Clock;
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
 * Reading, changing or deleting an integration passes the tenancy gate ({@link IntegrationAccess#require}) first.
 */
@ApplicationScoped
public class ControlPlane {

    private static final Logger LOG = Logger.getLogger(ControlPlane.class);
    private static final Pattern GENERATED_ID = Pattern.compile("int-[0-9a-f]{8}-[0-9a-f]{4}");
    private static final String ID_NOT_AVAILABLE =
            "is not available: choose another id, or leave it out and Tillbridge generates one";

    private final Outbox outbox;
    private final CredentialSealer sealer;
    private final StatusRows rows;
    private final IntegrationSettingsProjection settings;
    private final Clock clock;
    private final Event<ReadModelChanged> changes;
    private final OutboundGuard guard;
    private final IntegrationAccess access;
    private final IntegrationConfigurations configurations;
    private final Incarnations incarnations;
    private final Quotas quotas;

    public ControlPlane(
            Outbox outbox,
            StatusRows rows,
            IntegrationSettingsProjection settings,
            Clock clock,
            Event<ReadModelChanged> changes,
            @ConfigProperty(name = "tillbridge.credentials.key") String credentialsKey,
            OutboundGuard guard,
            IntegrationAccess access,
            IntegrationConfigurations configurations,
            Incarnations incarnations,
            Quotas quotas) {
        this.quotas = quotas;
        this.access = access;
        this.configurations = configurations;
        this.incarnations = incarnations;
        this.guard = guard;
        this.changes = changes;
        this.outbox = outbox;
        this.rows = rows;
        this.settings = settings;
        this.clock = clock;
        this.sealer = CredentialSealer.fromBase64Key(credentialsKey);
    }

    /** A page of the integrations the caller sees (an operator: all), in id order. */
    public Page<IntegrationView> list(Caller caller, IdCursor cursor, int limit) {
        IntegrationConfigurations.Slice slice =
                configurations.visiblePage(caller, cursor == null ? null : cursor.after(), limit);
        return new Page<>(
                slice.items().stream()
                        .map(c -> IntegrationView.of(c.config(), c.credentialsKind()))
                        .toList(),
                slice.after() == null ? null : new IdCursor(slice.after()).encode());
    }

    public IntegrationView get(Caller caller, String integrationId) {
        Configuration current = liveConfiguration(caller, integrationId, false);
        return IntegrationView.of(current.config(), current.credentialsKind());
    }

    @Transactional
    public IntegrationView create(Caller caller, IntegrationChange change) {
        refuseNonPublicAddress(change);
        String accountId = accountFor(caller, change);
        String integrationId = change.integrationId() != null ? change.integrationId() : generatedId();
        Configuration existing = configurations.find(integrationId, true);
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
        quotas.requireRoomForIntegration(accountId, configurations.liveIntegrations(accountId));
        long revision = Math.max(
                        existing == null ? 0 : existing.config().revision(), configurations.heldRevision(integrationId))
                + 1;
        if (holder != null) {
            // The owner creates its deleted id again: a new incarnation, nothing of the old one shows.
            incarnations.begin(rows.ensure(integrationId, accountId));
        }
        MagentoCredentials credentials = change.credentials();
        IntegrationConfigured config = IntegrationMergePatch.created(
                change, integrationId, accountId, sealer.seal(integrationId, credentials), revision);
        publishAndKeep(config, kindOf(credentials));
        log(config, "Integration created by " + caller.subject());
        LOG.infof(
                "Integration %s of account %s created by %s (revision %d)",
                integrationId, accountId, caller.subject(), revision);
        return IntegrationView.of(config, kindOf(credentials));
    }

    @Transactional
    public IntegrationView update(Caller caller, String integrationId, IntegrationChange change) {
        Configuration current = liveConfiguration(caller, integrationId, true);
        refuseNonPublicAddress(change);
        IntegrationConfigured before = current.config();
        String sealed = before.magento().sealedCredentials();
        String kind = current.credentialsKind();
        if (change.credentials() != null) {
            sealed = sealer.seal(integrationId, change.credentials());
            kind = kindOf(change.credentials());
        }
        IntegrationConfigured after = IntegrationMergePatch.patched(before, change, sealed);
        publishAndKeep(after, kind);
        // The line names the fields, never their values: one of them may be the credentials.
        log(
                after,
                "Settings changed by " + caller.subject() + ": " + String.join(", ", new TreeSet<>(change.fields())));
        LOG.infof(
                "Integration %s changed by %s (revision %d): %s",
                integrationId, caller.subject(), after.revision(), new TreeSet<>(change.fields()));
        return IntegrationView.of(after, kind);
    }

    /** Disables the integration (every service stops at once), then deletes it from the compacted topic. */
    @Transactional
    public void delete(Caller caller, String integrationId) {
        Configuration current = liveConfiguration(caller, integrationId, true);
        IntegrationConfigured c = current.config();
        publishAndKeep(c.toBuilder().enabled(false).nextRevision().build(), current.credentialsKind());
        outbox.integrationTombstone(integrationId);
        configurations.markDeleted(integrationId);
        IntegrationStatus status = rows.ensure(integrationId, c.accountId());
        status.deleted = true;
        status.enabled = false;
        incarnations.end(status);
        changes.fire(new ReadModelChanged(integrationId, "integration", null));
        LOG.infof("Integration %s deleted by %s", integrationId, caller.subject());
    }

    /**
     * The live configuration of an integration the tenancy gate lets the caller act on, else not found. It must be
     * the gated owner's: while a hand-over on the topic is not yet in the read model, the two disagree.
     */
    private Configuration liveConfiguration(Caller caller, String integrationId, boolean lock) {
        IntegrationAccess.Owner owner = access.require(caller, integrationId);
        Configuration current = configurations.find(integrationId, lock);
        if (current == null
                || current.deleted()
                || !current.config().accountId().equals(owner.accountId())) {
            throw new IntegrationNotFoundException(integrationId);
        }
        return current;
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

    /** A fresh id of the generated shape, one no account holds or held (a clash is a 2^-48 chance: just retry). */
    private String generatedId() {
        String id;
        do {
            id = "int-" + UUID.randomUUID().toString().substring(0, 13);
        } while (access.heldBy(id) != null);
        return id;
    }

    private void publishAndKeep(IntegrationConfigured config, String credentialsKind) {
        configurations.keep(config, credentialsKind);
        IntegrationStatus status = rows.ensure(config.integrationId(), config.accountId());
        settings.applyConfiguration(status, config);
        changes.fire(new ReadModelChanged(config.integrationId(), "integration", null));
        // Into the outbox, in this transaction: the record commits with the row, or neither does. OutboxRelay
        // publishes it after the commit; nothing here waits for the broker while the row is locked.
        outbox.integration(EventEnvelope.of(config.accountId(), config.integrationId(), config, clock));
    }

    private void log(IntegrationConfigured config, String message) {
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

    private static String kindOf(MagentoCredentials credentials) {
        return credentials instanceof MagentoCredentials.Bearer ? "bearer" : "oauth1";
    }
}
