package dev.nnet.cli;

import dev.nnet.run.CompiledProgram;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.cuda.CudaAvailability;
import dev.nnet.runtime.cuda.CudaDevice;
import dev.nnet.runtime.cuda.CudaException;
import java.util.function.IntFunction;

/**
 * What the commands need of CUDA: whether it is here, a session on the GPU, and a program's GPU trainers. Tests
 * put a fake here; {@link #JCUDA} is the real one.
 */
interface CudaBackend {
    CudaAvailability probe();

    /** Opens the GPU; a {@link CudaException} (one line) when it cannot. */
    Session open();

    /** An open GPU. */
    interface Session extends AutoCloseable {
        String deviceName();

        /**
         * Builds GPU trainers of {@code program}; an {@link UnsupportedOperationException} saying why when this
         * program (or this build of nnet) cannot train on the GPU.
         */
        IntFunction<CompiledTrainer> factory(CompiledProgram program, boolean useCublas);

        @Override
        void close();
    }

    CudaBackend JCUDA = new CudaBackend() {
        @Override
        public CudaAvailability probe() {
            return CudaAvailability.probe();
        }

        @Override
        public Session open() {
            CudaDevice device = CudaDevice.open();
            return new Session() {
                @Override
                public String deviceName() {
                    return device.name();
                }

                @Override
                public IntFunction<CompiledTrainer> factory(CompiledProgram program, boolean useCublas) {
                    return program.cudaFactory(device, useCublas);
                }

                @Override
                public void close() {
                    device.close();
                }
            };
        }
    };
}
