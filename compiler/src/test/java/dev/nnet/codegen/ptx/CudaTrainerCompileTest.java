package dev.nnet.codegen.ptx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.palantir.javapoet.JavaFile;
import dev.nnet.codegen.java.JavaBackend;
import dev.nnet.lower.LoweredProgram;
import dev.nnet.run.ClassCache;
import dev.nnet.runtime.cuda.CudaDevice;
import dev.nnet.runtime.cuda.DeviceTrainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generated host class compiles against the runtime's CUDA API ({@code dev.nnet.runtime.cuda}) and is a
 * {@link DeviceTrainer} with the contract's constructor, for samples covering convolution and pooling, the
 * optimizers with state, cross-entropy, MSE, BCE and BCE with logits; and it prepares a launch for every kernel.
 * Running it needs a GPU (the device check script); this test needs none.
 */
class CudaTrainerCompileTest {
    @Test
    void generatedHostClassesCompileAgainstTheRuntimeApi(@TempDir Path work) throws Exception {
        for (String sample : List.of("samples/mnist/mnist-cnn.nnet", "samples/basics/flower-5layer.nnet",
                "samples/basics/diabetes.nnet", "samples/basics/linear-regression.nnet")) {
            LoweredProgram p = PtxSamples.lower(PtxSamples.ROOT.resolve(sample));
            List<JavaFile> files = new ArrayList<>(JavaBackend.generate(p, "nnet.generated"));
            String cpu = files.stream().map(f -> f.typeSpec().name()).filter(n -> n.endsWith("Trainer")).findFirst()
                    .orElseThrow();
            JavaFile cuda = CudaTrainerGenerator.generate(p, p.trains().get(0), "nnet.generated", cpu);
            files.add(cuda);
            ClassLoader loader = ClassCache.load(files, work.resolve(PtxSamples.stem(PtxSamples.ROOT.resolve(sample))));
            Class<?> c = loader.loadClass("nnet.generated." + CudaTrainerGenerator.className(cpu));
            assertTrue(DeviceTrainer.class.isAssignableFrom(c), c + " is no DeviceTrainer");
            c.getConstructor(int.class, CudaDevice.class, boolean.class);
            String source = cuda.toString();
            PtxModule module = PtxBackend.trainModule(p, p.trains().get(0));
            for (String kernel : module.kernelNames()) {
                assertTrue(source.contains("module.kernel(\"" + kernel + "\")"), sample + ": no launch of " + kernel);
            }
            assertEquals(module.text(), c.getDeclaredMethod("ptx").invoke(null), sample + ": embedded PTX differs");
        }
    }
}
