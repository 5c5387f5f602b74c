package dev.tillbridge.notifier.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real SMTP server on 127.0.0.1 that can be told to accept the next connections and then say nothing: no
 * greeting, no answer, the connection left open. That is how a send the client never completes looks on the wire.
 * Other connections get a plain SMTP dialogue (RFC 5321: 220 greeting, 250 to each command, 354 to DATA) and the
 * data of each mail is kept.
 */
public final class StallingSmtpServer implements AutoCloseable {

    private static StallingSmtpServer shared;

    private final ServerSocket listener;
    private final AtomicInteger toStall = new AtomicInteger();
    private final AtomicInteger stalled = new AtomicInteger();
    private final List<String> mails = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    private StallingSmtpServer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "stalling-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The one server of the test JVM (its port goes into the mailer's settings before the application starts). */
    public static synchronized StallingSmtpServer shared() {
        if (shared == null) {
            try {
                shared = new StallingSmtpServer();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** The next {@code connections} connections are accepted and never answered. */
    public void stallNext(int connections) {
        toStall.set(connections);
    }

    public int stalledConnections() {
        return stalled.get();
    }

    /** The DATA of every mail taken, in order. */
    public List<String> mails() {
        return List.copyOf(mails);
    }

    public void reset() {
        toStall.set(0);
        stalled.set(0);
        mails.clear();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket socket = listener.accept();
                open.add(socket);
                if (toStall.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    stalled.incrementAndGet();
                    continue;
                }
                Thread session = new Thread(() -> converse(socket), "stalling-smtp-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                // closed
            }
        }
    }

    private void converse(Socket socket) {
        try (socket) {
            BufferedReader in =
                    new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            reply(out, "220 stalling-smtp ready");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String command = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (command) {
                    case "DATA" -> {
                        reply(out, "354 end with <CRLF>.<CRLF>");
                        StringBuilder data = new StringBuilder();
                        for (String d = in.readLine(); d != null && !d.equals("."); d = in.readLine()) {
                            data.append(d).append('\n');
                        }
                        mails.add(data.toString());
                        reply(out, "250 taken");
                    }
                    case "QUIT" -> {
                        reply(out, "221 bye");
                        return;
                    }
                    default -> reply(out, "250 ok");
                }
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : open) {
            socket.close();
        }
    }
}
