package dev.nnet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nnet.runtime.Rng;
import org.junit.jupiter.api.Test;

class PlanarFlowerTest {
    @Test
    void fourHundredPointsTwoHundredPerClass() {
        ArrayDataset d = PlanarFlower.generate(400, 1);
        assertEquals(400, d.size());
        assertArrayEquals(new int[] {2}, d.sampleShape());
        assertEquals(1, d.targetSize());
        for (int i = 0; i < 400; i++) {
            assertEquals(i < 200 ? 0f : 1f, d.yFloat(i, 0));
        }
    }

    /** The tutorial's formulas written out again, drawing the noise in its order: t's for a class, then r's. */
    @Test
    void pointsFollowTheTutorialFormulas() {
        int n = 10;
        ArrayDataset d = PlanarFlower.generate(2 * n, 7);
        Rng rng = new Rng(7);
        for (int j = 0; j < 2; j++) {
            double[] t = new double[n];
            for (int i = 0; i < n; i++) {
                double linspace = j * 3.12 + i * (3.12 / (n - 1));
                t[i] = linspace + 0.2 * rng.nextGaussian();
            }
            for (int i = 0; i < n; i++) {
                double r = 4 * Math.sin(4 * t[i]) + 0.2 * rng.nextGaussian();
                assertEquals(r * Math.sin(t[i]), d.x(j * n + i, 0), 1e-5);
                assertEquals(r * Math.cos(t[i]), d.x(j * n + i, 1), 1e-5);
            }
        }
    }

    @Test
    void theSeedDecides() {
        ArrayDataset a = PlanarFlower.generate(40, 3);
        ArrayDataset b = PlanarFlower.generate(40, 3);
        ArrayDataset c = PlanarFlower.generate(40, 4);
        for (int i = 0; i < 40; i++) {
            assertEquals(a.x(i, 0), b.x(i, 0));
            assertEquals(a.x(i, 1), b.x(i, 1));
        }
        assertNotEquals(a.x(0, 0), c.x(0, 0));
    }

    @Test
    void oddPointCountsAreRejected() {
        DataException e = assertThrows(DataException.class, () -> PlanarFlower.generate(401, 1));
        assertTrue(e.getMessage().contains("points must be even"), e.getMessage());
    }

    @Test
    void aSetTooLargeForTheJvmIsRefusedBeforeAllocatingWithTheFigure() {
        // Past what one array holds, so refused on any machine, whatever its memory.
        DataException e = assertThrows(DataException.class, () -> PlanarFlower.generate(2_000_000_000, 1));
        assertTrue(e.getMessage().startsWith("planar_flower(points=2000000000) needs about 32.0 GB to generate"),
                e.getMessage());
        assertTrue(e.getMessage().contains("-Xmx"), e.getMessage());
    }
}
