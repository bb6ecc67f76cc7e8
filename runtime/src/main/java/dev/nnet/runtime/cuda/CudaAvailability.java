package dev.nnet.runtime.cuda;

/**
 * Whether CUDA is usable on this machine, found without throwing: the JCuda natives load, the driver
 * ({@code libcuda.so.1}) loads and initializes, and it reports at least one device.
 *
 * @param available  true when {@link CudaDevice#open()} can be expected to succeed
 * @param reason     why not, in a few words (empty when available), e.g. "libcuda.so.1 not found"
 * @param deviceName device 0's name when available, else empty
 */
public record CudaAvailability(boolean available, String reason, String deviceName) {

    public static CudaAvailability probe() {
        try {
            return probe(JCudaCalls.load());
        } catch (CudaException e) {
            return new CudaAvailability(false, e.reason(), "");
        }
    }

    static CudaAvailability probe(CudaCalls calls) {
        try {
            String name = CudaDevice.firstDeviceName(calls);
            return new CudaAvailability(true, "", name);
        } catch (CudaException e) {
            return new CudaAvailability(false, e.reason(), "");
        }
    }
}
