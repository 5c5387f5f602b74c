package dev.tillbridge.simulator.http;

import com.sun.net.httpserver.Headers;

/** An HTTP request as the simulator's handlers see it: the raw path and query, headers and the whole body. */
public record IncomingRequest(
        String method, String scheme, String host, String rawPath, String rawQuery, Headers headers, byte[] body) {

    public String header(String name) {
        return headers.getFirst(name);
    }
}
