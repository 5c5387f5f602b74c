package dev.tillbridge.events.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tillbridge.events.MalformedEventException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import javax.transaction.xa.XAException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.junit.jupiter.api.Test;

class FailureKindTest {

    private static RuntimeException wrapped(Throwable cause) {
        return new IllegalStateException("Cannot store integration it-1", cause);
    }

    @Test
    void anUnreadableRecordIsPoison() {
        assertThat(FailureKind.of(new MalformedEventException("incrementId is required")))
                .isEqualTo(FailureKind.POISON);
    }

    @Test
    void aDatabaseThatIsUnavailableIsTransientWhateverWrapsIt() {
        assertThat(FailureKind.of(wrapped(new SQLException("I/O error", "08006"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(wrapped(new SQLException("terminating connection", "57P01"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(wrapped(new SQLException("not accepting connections", "55000"))))
                .as("database closed to connections")
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(wrapped(new SQLException("could not serialize access", "40001"))))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(wrapped(new SQLException("Sorry, acquisition timeout!"))))
                .as("pool exhausted, no SQL state")
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new SQLTransientConnectionException("timeout")))
                .isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(wrapped(new SQLException("relation does not exist", "42P01"))))
                .as("a table missing during a migration is not the record's fault")
                .isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void aCommitThatLostItsConnectionIsTransient() {
        // As a chaos run saw it (PostgreSQL restarted during status-api's commit): Arc wraps JTA's RollbackException,
        // whose only trace of the database is a suppressed XAException. It was dead-lettered as poison before.
        var lost = new XAException("Error trying to transactionCommit local transaction: FATAL: terminating "
                + "connection due to administrator command");
        lost.initCause(new SQLException("FATAL: terminating connection due to administrator command", "57P01"));
        var rollback = new IllegalStateException("ARJUNA016053: Could not commit transaction.");
        rollback.addSuppressed(lost);
        assertThat(FailureKind.of(new RuntimeException("Error invoking subclass method", rollback)))
                .isEqualTo(FailureKind.TRANSIENT);

        var refused = new IllegalStateException("ARJUNA016053: Could not commit transaction.");
        refused.addSuppressed(new SQLException("duplicate key value violates unique constraint", "23505"));
        assertThat(FailureKind.of(refused))
                .as("values refused at commit stay poison")
                .isEqualTo(FailureKind.POISON);
    }

    @Test
    void valuesTheDatabaseRefusesArePoison() {
        assertThat(FailureKind.of(wrapped(new SQLException("value too long", "22001"))))
                .isEqualTo(FailureKind.POISON);
        assertThat(FailureKind.of(wrapped(new SQLException("violates not-null", "23502"))))
                .isEqualTo(FailureKind.POISON);
    }

    @Test
    void brokerAndNetworkFailuresAreTransient() {
        assertThat(FailureKind.of(new NotLeaderOrFollowerException("moved"))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(wrapped(new ConnectException("refused")))).isEqualTo(FailureKind.TRANSIENT);
        assertThat(FailureKind.of(new RuntimeException(new TimeoutException()))).isEqualTo(FailureKind.TRANSIENT);
    }

    @Test
    void anythingElseIsPoisonSoOneBadRecordCannotWedgeThePartition() {
        assertThat(FailureKind.of(new NullPointerException())).isEqualTo(FailureKind.POISON);
        assertThat(FailureKind.of(new IllegalArgumentException("bad"))).isEqualTo(FailureKind.POISON);
    }

    @Test
    void backOffDoublesFrom100MillisecondsUpToFiveSeconds() {
        assertThat(TransientRetry.backoffMillis(1)).isEqualTo(100);
        assertThat(TransientRetry.backoffMillis(2)).isEqualTo(200);
        assertThat(TransientRetry.backoffMillis(6)).isEqualTo(3200);
        assertThat(TransientRetry.backoffMillis(7)).isEqualTo(5000);
        assertThat(TransientRetry.backoffMillis(1000)).isEqualTo(5000);
    }
}
