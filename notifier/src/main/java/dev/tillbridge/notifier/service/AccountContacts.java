package dev.tillbridge.notifier.service;

/** Looks up an account's {@link AccountContact}. */
@FunctionalInterface
public interface AccountContacts {
    AccountContact of(String accountId);
}
