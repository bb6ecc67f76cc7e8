package dev.nnet.runtime.cuda;

import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUresult;

/** A PTX module the driver has compiled for this device; its kernels are looked up by entry name. */
public final class CudaModule {
    private final CudaDevice device;
    private final CUmodule module;
    private final String name;

    CudaModule(CudaDevice device, CUmodule module, String name) {
        this.device = device;
        this.module = module;
        this.name = name;
    }

    /** The kernel {@code .entry entryName}; a {@link CudaException} when the module has no such entry. */
    public CudaKernel kernel(String entryName) {
        CUfunction function = new CUfunction();
        int result = device.calls().moduleGetFunction(function, module, entryName);
        if (result == CUresult.CUDA_ERROR_NOT_FOUND) {
            throw new CudaException("kernel '" + entryName + "' is not in the PTX module '" + name
                    + "' (CUDA_ERROR_NOT_FOUND); the generated trainer and its PTX disagree: recompile the model");
        }
        CudaResults.check(result, "looking up kernel '" + entryName + "' in the PTX module '" + name + "'",
                "recompile the model");
        return new CudaKernel(device, function, entryName);
    }

    public String name() {
        return name;
    }

    CUmodule handle() {
        return module;
    }
}
