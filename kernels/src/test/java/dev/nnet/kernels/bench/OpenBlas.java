package dev.nnet.kernels.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodType;
import jdk.incubator.foreign.CLinker;
import jdk.incubator.foreign.FunctionDescriptor;
import jdk.incubator.foreign.MemoryAddress;
import jdk.incubator.foreign.SymbolLookup;

/**
 * OpenBLAS's {@code cblas_sgemm}, called through JDK 17's incubating foreign linker (JEP 412), so the GEMM benchmark
 * can time it in the same JMH run as ours. Benchmark-only: it needs {@code --add-modules jdk.incubator.foreign
 * --enable-native-access=ALL-UNNAMED} and Debian's {@code libopenblas0-pthread};
 * {@link GemmBench#openBlasMissing()} says which is missing.
 */
final class OpenBlas {
  static final String LIBRARY = "/usr/lib/x86_64-linux-gnu/libopenblas.so.0";

  private static final int ROW_MAJOR = 101;
  private static final int NO_TRANS = 111;
  private static final int TRANS = 112;

  private final MethodHandle sgemm;
  private final MethodHandle setThreads;
  private final MethodHandle getThreads;
  private final MethodHandle config;

  private OpenBlas() {
    System.load(LIBRARY);
    SymbolLookup symbols = SymbolLookup.loaderLookup();
    CLinker linker = CLinker.getInstance();
    sgemm = linker.downcallHandle(symbol(symbols, "cblas_sgemm"),
        MethodType.methodType(void.class, int.class, int.class, int.class, int.class, int.class, int.class,
            float.class, MemoryAddress.class, int.class, MemoryAddress.class, int.class, float.class,
            MemoryAddress.class, int.class),
        FunctionDescriptor.ofVoid(CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT, CLinker.C_INT,
            CLinker.C_INT, CLinker.C_FLOAT, CLinker.C_POINTER, CLinker.C_INT, CLinker.C_POINTER, CLinker.C_INT,
            CLinker.C_FLOAT, CLinker.C_POINTER, CLinker.C_INT));
    setThreads = linker.downcallHandle(symbol(symbols, "openblas_set_num_threads"),
        MethodType.methodType(void.class, int.class), FunctionDescriptor.ofVoid(CLinker.C_INT));
    getThreads = linker.downcallHandle(symbol(symbols, "openblas_get_num_threads"),
        MethodType.methodType(int.class), FunctionDescriptor.of(CLinker.C_INT));
    config = linker.downcallHandle(symbol(symbols, "openblas_get_config"),
        MethodType.methodType(MemoryAddress.class), FunctionDescriptor.of(CLinker.C_POINTER));
  }

  /** Loads the library and pins OpenBLAS to one thread (as OPENBLAS_NUM_THREADS=1 would). */
  static OpenBlas singleThreaded() {
    OpenBlas blas = new OpenBlas();
    try {
      blas.setThreads.invokeExact(1);
      int threads = (int) blas.getThreads.invokeExact();
      if (threads != 1) {
        throw new IllegalStateException("OpenBLAS runs " + threads + " threads after openblas_set_num_threads(1)");
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
    return blas;
  }

  /** OpenBLAS's build line: version, the core it dispatched to, its thread limit. */
  String config() {
    try {
      return CLinker.toJavaString((MemoryAddress) config.invokeExact());
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /** Row-major {@code C = alpha·op(A)·op(B) + beta·C} on native memory, as {@code Gemm.sgemm} takes it. */
  void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, MemoryAddress a, int lda,
      MemoryAddress b, int ldb, float beta, MemoryAddress c, int ldc) {
    try {
      sgemm.invokeExact(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b,
          ldb, beta, c, ldc);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static MemoryAddress symbol(SymbolLookup symbols, String name) {
    return symbols.lookup(name).orElseThrow(() -> new IllegalStateException(LIBRARY + " has no symbol " + name));
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException) {
      return (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    return new IllegalStateException(t);
  }
}
