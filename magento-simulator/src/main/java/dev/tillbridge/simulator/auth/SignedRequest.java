package dev.tillbridge.simulator.auth;

/** The parts of an HTTP request that authentication looks at. {@code rawQuery} may be null. */
public record SignedRequest(
        String method, String scheme, String host, String rawPath, String rawQuery, String authorization) {}
