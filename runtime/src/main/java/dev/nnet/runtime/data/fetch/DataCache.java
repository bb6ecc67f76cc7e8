package dev.nnet.runtime.data.fetch;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Function;

/**
 * Where downloaded data sets live: {@code nnet data fetch} writes there and the data sources look there when a file
 * is nowhere else. The first of these that is set wins:
 * <ol>
 *   <li>the {@code nnet.cacheDir} system property, then the {@code NNET_CACHE_DIR} environment variable;</li>
 *   <li>{@code $XDG_CACHE_HOME/nnet} (the XDG base directory specification);</li>
 *   <li>the platform's user cache: {@code ~/Library/Caches/nnet} on macOS, {@code %LOCALAPPDATA%\nnet\cache} on
 *       Windows, {@code ~/.cache/nnet} elsewhere.</li>
 * </ol>
 * Each data set has a folder of its own below {@code data/}: {@code ~/.cache/nnet/data/mnist}.
 */
public final class DataCache {
    private DataCache() {
    }

    /** The cache root for this user and machine. */
    public static Path root() {
        return root(System::getProperty, System::getenv);
    }

    /** The folder of one data set, e.g. {@code data/fashion-mnist} below the root; it may not exist yet. */
    public static Path folder(String dataset) {
        return root().resolve("data").resolve(dataset);
    }

    /** {@link #root()} with the system properties and the environment given, for tests. */
    static Path root(Function<String, String> properties, Function<String, String> env) {
        String explicit = nonEmpty(properties.apply("nnet.cacheDir"));
        if (explicit == null) {
            explicit = nonEmpty(env.apply("NNET_CACHE_DIR"));
        }
        if (explicit != null) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        String xdg = nonEmpty(env.apply("XDG_CACHE_HOME"));
        if (xdg != null && Path.of(xdg).isAbsolute()) { // the specification says to ignore a relative one
            return Path.of(xdg, "nnet");
        }
        Path home = Path.of(properties.apply("user.home"));
        String os = properties.apply("os.name").toLowerCase(Locale.ROOT);
        if (os.startsWith("mac")) {
            return home.resolve("Library/Caches/nnet");
        }
        String localAppData = nonEmpty(env.apply("LOCALAPPDATA"));
        if (os.startsWith("windows") && localAppData != null) {
            return Path.of(localAppData, "nnet", "cache");
        }
        return home.resolve(".cache/nnet");
    }

    private static String nonEmpty(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
