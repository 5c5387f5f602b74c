import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.module.blackbird.BlackbirdModule;
import dev.tillbridge.events.EventEnvelope;
import dev.tillbridge.events.OrderReleased;
import dev.tillbridge.events.json.EventJson;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * CPU per order of reading and writing a release envelope (a whole order snapshot) with Tillbridge's mapper set-up
 * ({@code EventJson.configure}), with and without Jackson's Blackbird module added, on one thread (thread CPU time, so other load on the machine matters little).
 * Rounds alternate between the two mappers; the figure is the median round.
 */
public class JsonCost {

    public static void main(String[] args) throws Exception {
        String json = Files.readString(Path.of(args[0])).trim();
        ObjectMapper with = EventJson.configure(new ObjectMapper()).registerModule(new BlackbirdModule());
        ObjectMapper without = EventJson.configure(new ObjectMapper());
        JavaType type = with.getTypeFactory().constructParametricType(EventEnvelope.class, OrderReleased.class);
        JavaType typeWithout = without.getTypeFactory().constructParametricType(EventEnvelope.class, OrderReleased.class);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int n = 20_000;
        // Warm both up well past C2 compilation.
        for (int i = 0; i < 10; i++) {
            round(with, type, json, n, threads);
            round(without, typeWithout, json, n, threads);
        }
        double[][] a = new double[9][];
        double[][] b = new double[9][];
        for (int i = 0; i < 9; i++) {
            a[i] = round(with, type, json, n, threads);
            b[i] = round(without, typeWithout, json, n, threads);
        }
        print("with Blackbird", a);
        print("without Blackbird", b);
    }

    /** Microseconds of thread CPU per decode and per encode, over n of each. */
    static double[] round(ObjectMapper mapper, JavaType type, String json, int n, ThreadMXBean threads)
            throws Exception {
        long t0 = threads.getCurrentThreadCpuTime();
        Object last = null;
        for (int i = 0; i < n; i++) {
            last = mapper.readValue(json, type);
        }
        long t1 = threads.getCurrentThreadCpuTime();
        int length = 0;
        for (int i = 0; i < n; i++) {
            length += mapper.writeValueAsString(last).length();
        }
        long t2 = threads.getCurrentThreadCpuTime();
        if (length == 0) throw new IllegalStateException();
        return new double[] {(t1 - t0) / 1e3 / n, (t2 - t1) / 1e3 / n};
    }

    static void print(String label, double[][] rounds) {
        List<Double> decode = java.util.Arrays.stream(rounds).map(r -> r[0]).sorted().toList();
        List<Double> encode = java.util.Arrays.stream(rounds).map(r -> r[1]).sorted().toList();
        System.out.printf(Locale.ROOT, "%-18s decode %.1f us, encode %.1f us per release (median of %d rounds)%n",
                label, decode.get(decode.size() / 2), encode.get(encode.size() / 2), rounds.length);
    }
}
