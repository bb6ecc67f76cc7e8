package dev.nnet.cli;

import dev.nnet.run.CompiledProgram;
import dev.nnet.runtime.CompiledTrainer;
import dev.nnet.runtime.cuda.CudaAvailability;
import dev.nnet.runtime.cuda.CudaException;
import java.io.PrintWriter;
import java.util.function.IntFunction;

/**
 * Where {@code nnet train} and {@code eval} build their trainer: {@code --device} and {@code --gemm} resolved on
 * this machine for this program. {@code auto} falls back to the CPU with one line saying why; {@code cuda} fails
 * with one line (a usage error) instead. Closing it frees the GPU.
 */
final class TrainerChoice implements AutoCloseable {
    /** The CUDA the commands use; tests put a fake here. */
    static CudaBackend backend = CudaBackend.JCUDA;

    private final IntFunction<CompiledTrainer> factory;
    private final CudaBackend.Session session;
    private final String note;
    private final PrintWriter err;

    private TrainerChoice(IntFunction<CompiledTrainer> factory, CudaBackend.Session session, String note,
                          PrintWriter err) {
        this.factory = factory;
        this.session = session;
        this.note = note;
        this.err = err;
    }

    /** @param activity "training" or "evaluating", for the line that says where it runs */
    static TrainerChoice choose(DeviceChoice device, GemmEngine gemm, CompiledProgram program, String activity,
                                PrintWriter err) {
        if (device == DeviceChoice.CPU) {
            if (gemm == GemmEngine.CUBLAS) {
                throw new UsageException("--gemm cublas runs on the GPU; drop it, or use --device cuda or auto");
            }
            return new TrainerChoice(program.factory(), null, null, err);
        }
        if (device == DeviceChoice.AUTO) {
            CudaAvailability availability = backend.probe();
            if (!availability.available()) {
                return onCpu(program, "no CUDA device (" + availability.reason() + ")", activity, err);
            }
        }
        CudaBackend.Session session;
        try {
            session = backend.open();
        } catch (CudaException e) {
            if (device == DeviceChoice.CUDA) {
                throw new UsageException(e.getMessage());
            }
            return onCpu(program, "no CUDA device (" + e.reason() + ")", activity, err);
        }
        try {
            IntFunction<CompiledTrainer> onGpu = session.factory(program, gemm == GemmEngine.CUBLAS);
            return new TrainerChoice(onGpu, session, activity + " on " + session.deviceName() + " (--gemm " + gemm
                    + ")", err);
        } catch (UnsupportedOperationException e) {
            session.close();
            if (device == DeviceChoice.CUDA) {
                throw new UsageException("--device cuda: " + e.getMessage() + "; use --device cpu");
            }
            return onCpu(program, session.deviceName() + " found, but " + e.getMessage(), activity, err);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    private static TrainerChoice onCpu(CompiledProgram program, String why, String activity, PrintWriter err) {
        return new TrainerChoice(program.factory(), null, why + "; " + activity + " on the CPU", err);
    }

    /**
     * Says where the work runs, when it was not asked for by {@code --device cpu}: called as the work starts, so a
     * run that fails on its inputs prints the error alone.
     */
    void announce() {
        if (note != null) {
            err.println("nnet: " + note);
        }
    }

    IntFunction<CompiledTrainer> factory() {
        return factory;
    }

    @Override
    public void close() {
        if (session != null) {
            session.close();
        }
    }
}
