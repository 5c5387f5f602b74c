package dev.tillbridge.pusher.service;

import java.time.Duration;
import java.util.Map;

/**
 * The pusher's knobs (README, "Settings"). {@code fixedConcurrency} 0 means adaptive, between 1 and
 * {@code maxConcurrency} starting at {@code initialConcurrency}.
 */
public record PushSettings(
        int initialConcurrency,
        int maxConcurrency,
        int fixedConcurrency,
        Backoff backoff,
        Duration authRetry,
        int maxLockWaitAttempts,
        Duration unreachableAlertAfter,
        Duration alertRepeat,
        double rejectionThreshold,
        int rejectionMinProducts,
        Duration progressInterval,
        int maxBuffered,
        SendMode sendMode,
        Map<String, SendMode> sendModeByIntegration,
        int bulkSize,
        int bulkConcurrency,
        Duration bulkPollInterval,
        Duration bulkTimeout,
        Duration modeWindow,
        Duration modeRetrial,
        int workerThreads) {

    public PushSettings {
        sendModeByIntegration = sendModeByIntegration == null ? Map.of() : Map.copyOf(sendModeByIntegration);
        if (maxConcurrency < 1 || initialConcurrency < 1 || initialConcurrency > maxConcurrency) {
            throw new IllegalArgumentException("need 1 <= initial-concurrency <= max-concurrency");
        }
        if (rejectionThreshold < 0 || rejectionThreshold > 1) {
            throw new IllegalArgumentException("rejection-threshold is a share between 0 and 1");
        }
    }

    public static PushSettings defaults() {
        return new PushSettings(
                2,
                32,
                0,
                new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(15)),
                Duration.ofSeconds(60),
                5,
                Duration.ofSeconds(10),
                Duration.ofSeconds(60),
                0.1,
                20,
                Duration.ofMillis(250),
                20_000,
                SendMode.PUT,
                Map.of(),
                100,
                2,
                Duration.ofMillis(250),
                Duration.ofMinutes(10),
                Duration.ofSeconds(5),
                Duration.ofMinutes(10),
                64);
    }

    public SendMode sendModeFor(String integrationId) {
        return sendModeByIntegration.getOrDefault(integrationId, sendMode);
    }

    public ConcurrencyLimit newLimit() {
        return fixedConcurrency > 0
                ? ConcurrencyLimit.fixed(fixedConcurrency)
                : ConcurrencyLimit.adaptive(initialConcurrency, maxConcurrency);
    }

    public PushSettings withFixedConcurrency(int concurrency) {
        return new PushSettings(
                initialConcurrency,
                maxConcurrency,
                concurrency,
                backoff,
                authRetry,
                maxLockWaitAttempts,
                unreachableAlertAfter,
                alertRepeat,
                rejectionThreshold,
                rejectionMinProducts,
                progressInterval,
                maxBuffered,
                sendMode,
                sendModeByIntegration,
                bulkSize,
                bulkConcurrency,
                bulkPollInterval,
                bulkTimeout,
                modeWindow,
                modeRetrial,
                workerThreads);
    }

    public PushSettings withSendMode(SendMode mode) {
        return new PushSettings(
                initialConcurrency,
                maxConcurrency,
                fixedConcurrency,
                backoff,
                authRetry,
                maxLockWaitAttempts,
                unreachableAlertAfter,
                alertRepeat,
                rejectionThreshold,
                rejectionMinProducts,
                progressInterval,
                maxBuffered,
                mode,
                sendModeByIntegration,
                bulkSize,
                bulkConcurrency,
                bulkPollInterval,
                bulkTimeout,
                modeWindow,
                modeRetrial,
                workerThreads);
    }

    public PushSettings withModeWindow(Duration window) {
        return new PushSettings(
                initialConcurrency,
                maxConcurrency,
                fixedConcurrency,
                backoff,
                authRetry,
                maxLockWaitAttempts,
                unreachableAlertAfter,
                alertRepeat,
                rejectionThreshold,
                rejectionMinProducts,
                progressInterval,
                maxBuffered,
                sendMode,
                sendModeByIntegration,
                bulkSize,
                bulkConcurrency,
                bulkPollInterval,
                bulkTimeout,
                window,
                modeRetrial,
                workerThreads);
    }

    public PushSettings withMaxConcurrency(int max) {
        return new PushSettings(
                Math.min(initialConcurrency, max),
                max,
                fixedConcurrency,
                backoff,
                authRetry,
                maxLockWaitAttempts,
                unreachableAlertAfter,
                alertRepeat,
                rejectionThreshold,
                rejectionMinProducts,
                progressInterval,
                maxBuffered,
                sendMode,
                sendModeByIntegration,
                bulkSize,
                bulkConcurrency,
                bulkPollInterval,
                bulkTimeout,
                modeWindow,
                modeRetrial,
                workerThreads);
    }
}
