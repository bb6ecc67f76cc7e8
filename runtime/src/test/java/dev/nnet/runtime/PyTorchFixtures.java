package dev.nnet.runtime;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fixtures written by {@code src/test/pytorch/make_fixtures.py} and recomputes their inputs with the same
 * integer formula the script uses, so inputs need not be stored.
 */
public final class PyTorchFixtures {
    private PyTorchFixtures() {
    }

    /** The cases of {@code pytorch/<name>.json}. */
    public static List<JsonObject> cases(String name) {
        String resource = "/pytorch/" + name + ".json";
        try (InputStream in = PyTorchFixtures.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource + "; run make_fixtures.py");
            }
            try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                List<JsonObject> cases = new ArrayList<>();
                for (JsonElement c : JsonParser.parseReader(reader).getAsJsonObject().getAsJsonArray("cases")) {
                    cases.add(c.getAsJsonObject());
                }
                return cases;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array of float32 values, each parsed straight to float (they are written as shortest float decimals). */
    public static float[] floats(JsonArray array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.get(i).getAsFloat();
        }
        return values;
    }

    /** The script's {@code hashed(i, salt)}: 24 bits of splitmix64 of {@code (salt, i)}, in [0, 1). */
    public static double hashed(long i, long salt) {
        long z = salt * 0x9E3779B97F4A7C15L + i;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z ^= z >>> 31;
        return (z >>> 40) * 0x1.0p-24;
    }

    /** The script's {@code inputs}: {@code low + hashed(i, salt)·(high - low)} rounded to float32, then overrides. */
    public static float[] inputs(int count, long salt, double low, double high, JsonArray overrides) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (low + hashed(i, salt) * (high - low));
        }
        applyOverrides(values, overrides);
        return values;
    }

    /** The script's {@code binary_targets}: hard 0/1 labels, every seventh soft, then overrides. */
    public static float[] binaryTargets(int count, JsonArray overrides) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (i % 7 == 6 ? hashed(i, 7) : hashed(i, 8) < 0.5 ? 1 : 0);
        }
        applyOverrides(values, overrides);
        return values;
    }

    private static void applyOverrides(float[] values, JsonArray overrides) {
        for (JsonElement o : overrides) {
            JsonArray pair = o.getAsJsonArray();
            values[pair.get(0).getAsInt()] = (float) pair.get(1).getAsDouble();
        }
    }

    /** The largest |actual - expected| / (abs + rel·|expected|), so a value above 1 fails that tolerance. */
    public static double worst(float[] actual, float[] expected, double abs, double rel) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double allowed = abs + rel * Math.abs(expected[i]);
            worst = Math.max(worst, Math.abs((double) actual[i] - expected[i]) / allowed);
            if (Double.isNaN(actual[i]) != Double.isNaN(expected[i])) {
                return Double.POSITIVE_INFINITY;
            }
        }
        return worst;
    }
}
