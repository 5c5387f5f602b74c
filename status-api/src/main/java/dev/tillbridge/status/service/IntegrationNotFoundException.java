package dev.tillbridge.status.service;

/**
 * An integration that does not exist, or that belongs to another account: both answer the same, so an id
 * tells a caller nothing about other accounts.
 */
public class IntegrationNotFoundException extends RuntimeException {

    public IntegrationNotFoundException(String integrationId) {
        super("No integration " + integrationId);
    }
}
