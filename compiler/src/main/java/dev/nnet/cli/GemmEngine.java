package dev.nnet.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** {@code --gemm tiled|cublas}: on the GPU, the generated PTX tiled GEMM or cuBLAS (libcublas.so.12). */
enum GemmEngine {
    TILED, CUBLAS;

    static final class Converter implements ITypeConverter<GemmEngine> {
        @Override
        public GemmEngine convert(String value) {
            return Choices.parse(GemmEngine.class, value);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
