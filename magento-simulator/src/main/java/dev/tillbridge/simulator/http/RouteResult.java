package dev.tillbridge.simulator.http;

import dev.tillbridge.simulator.json.SimulatorJson;

/** A handler's answer: status and JSON, plus how many rows a list returned (it costs service time per row). */
public record RouteResult(int status, byte[] json, int rows) {

    public static RouteResult ok(Object value) {
        return new RouteResult(200, SimulatorJson.bytes(value), 0);
    }

    public static RouteResult okJson(byte[] json) {
        return new RouteResult(200, json, 0);
    }
}
