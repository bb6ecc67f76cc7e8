package dev.nnet.runtime.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class OptimizerStateTest {
    @Test
    void tensorNamesPrefixTheParameterAndStateNames() {
        assertEquals("optimizer.fc.weight.momentum_buffer",
                OptimizerState.tensorName("fc.weight", OptimizerState.MOMENTUM_BUFFER));
        assertEquals("optimizer.conv1.bias.exp_avg_sq",
                OptimizerState.tensorName("conv1.bias", OptimizerState.EXP_AVG_SQ));
    }
}
