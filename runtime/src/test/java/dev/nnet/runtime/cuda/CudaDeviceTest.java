package dev.nnet.runtime.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The host side's bookkeeping, on the fake driver: slices, zeroing, pinned staging, freeing. */
class CudaDeviceTest {
    private static final Supplier<BlasCalls> NO_BLAS = () -> {
        throw new AssertionError("cuBLAS is not used here");
    };

    @Test
    void uploadsLandAtTheSlicesOffsetAndBuffersStartZeroed() {
        FakeCuda fake = new FakeCuda();
        try (CudaDevice device = CudaDevice.open(fake, NO_BLAS)) {
            DeviceBuffer arena = device.allocFloats(10);
            assertArrayEquals(new float[10], fake.contents(arena));
            Arrays.fill(fake.contents(arena), 9f);
            device.zero(arena.slice(6, 4));
            DeviceBuffer tensor = arena.slice(2, 5);
            device.upload(tensor, 1, new float[] {0f, 1f, 2f, 3f}, 1, 3);
            assertArrayEquals(new float[] {9f, 9f, 9f, 1f, 2f, 3f, 0f, 0f, 0f, 0f}, fake.contents(arena));
            assertThrows(IndexOutOfBoundsException.class, () -> tensor.slice(3, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> device.upload(tensor, 3, new float[3], 0, 3));
        }
    }

    @Test
    void intUploadsKeepTheirBits() {
        FakeCuda fake = new FakeCuda();
        try (CudaDevice device = CudaDevice.open(fake, NO_BLAS)) {
            DeviceBuffer labels = device.allocInts(3);
            device.upload(labels, 0, new int[] {7, -1, 123456789}, 0, 3);
            float[] bits = fake.contents(labels);
            assertEquals(7, Float.floatToRawIntBits(bits[0]));
            assertEquals(-1, Float.floatToRawIntBits(bits[1]));
            assertEquals(123456789, Float.floatToRawIntBits(bits[2]));
        }
    }

    @Test
    void stagingAlternatesHalvesAndWaitsOnlyForTheHalfItReuses() {
        FakeCuda fake = new FakeCuda();
        try (CudaDevice device = CudaDevice.open(fake, NO_BLAS)) {
            int batch = 3 << 18; // 3 MiB of floats: two fit in a half of the 8 MiB minimum
            DeviceBuffer x = device.allocFloats(batch);
            float[] host = new float[batch];
            for (int step = 0; step < 6; step++) {
                host[0] = step;
                device.upload(x, 0, host, 0, batch);
                assertEquals(step, fake.contents(x)[0]);
            }
            long pinnedAllocations = fake.log.stream().filter(line -> line.startsWith("memAllocHost")).count();
            assertEquals(1, pinnedAllocations, "pinned memory is allocated once: " + fake.log);
            assertEquals("memAllocHost " + (16L << 20), fake.log.stream()
                    .filter(line -> line.startsWith("memAllocHost")).findFirst().orElseThrow());
            assertEquals(2, Collections.frequency(fake.log, "eventRecord"), "a half is handed over after two uploads");
            assertEquals(1, Collections.frequency(fake.log, "eventSynchronize"),
                    "only the third half-switch reuses a half with copies in flight");
            long copiesFromSecondHalf = fake.log.stream().filter(line -> line.startsWith("copy " + (8L << 20)))
                    .count();
            assertEquals(1, copiesFromSecondHalf, fake.log.toString());
        }
    }

    @Test
    void aLargerUploadGrowsStagingAfterWaitingForTheDevice() {
        FakeCuda fake = new FakeCuda();
        try (CudaDevice device = CudaDevice.open(fake, NO_BLAS)) {
            DeviceBuffer x = device.allocFloats(3 << 20);
            device.upload(x, 0, new float[16], 0, 16);
            float[] big = new float[3 << 20];
            big[(3 << 20) - 1] = 5f;
            device.upload(x, 0, big, 0, big.length);
            assertEquals(5f, fake.contents(x)[(3 << 20) - 1]);
            int free = fake.log.indexOf("memFreeHost");
            assertTrue(free > 0 && fake.log.get(free - 1).equals("streamSynchronize"), fake.log.toString());
            assertEquals("memAllocHost " + (24L << 20), fake.log.get(free + 1));
        }
    }

    @Test
    void closeFreesEveryAllocationAndModuleOnce() {
        FakeCuda fake = new FakeCuda();
        CudaDevice device = CudaDevice.open(fake, NO_BLAS);
        device.allocFloats(4).slice(1, 2);
        device.allocInts(4);
        device.load(".version 8.0", "m");
        device.close();
        device.close();
        assertTrue(fake.memory.isEmpty(), "every base allocation freed, slices not: " + fake.log);
        assertEquals(1, Collections.frequency(fake.log, "moduleUnload"));
        assertEquals(1, Collections.frequency(fake.log, "release"));
        assertThrows(IllegalStateException.class, () -> device.allocFloats(1));
    }

    @Test
    void launchesRunOnTheFakeWithoutRebuildingTheirArguments() {
        FakeCuda fake = new FakeCuda();
        try (CudaDevice device = CudaDevice.open(fake, NO_BLAS)) {
            Launch launch = device.load(".version 8.0", "m").kernel("step").prepare(device.allocFloats(4), 4);
            for (int n = 1; n <= 3; n++) {
                launch.setInt(1, n);
                launch.run(1, 1, 1, 128, 1, 1, 0);
            }
            assertEquals(3, fake.launches);
        }
    }
}
