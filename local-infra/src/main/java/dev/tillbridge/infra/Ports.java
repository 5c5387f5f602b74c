package dev.tillbridge.infra;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

final class Ports {

    private Ports() {}

    static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
