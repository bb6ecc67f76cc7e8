package dev.nnet.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** {@code --device cuda|cpu|auto}: where train and eval run; auto is the GPU when there is one, else the CPU. */
enum DeviceChoice {
    CUDA, CPU, AUTO;

    static final class Converter implements ITypeConverter<DeviceChoice> {
        @Override
        public DeviceChoice convert(String value) {
            return Choices.parse(DeviceChoice.class, value);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
