package dev.nnet.check;

import dev.nnet.types.Dim;
import dev.nnet.types.Value;

/**
 * One layer application, in execution order, for {@code nnetc summary}. {@code repeated} marks a layer applied
 * again (its parameters are counted once, like torchinfo's "(recursive)").
 */
public record SummaryRow(LayerInstance layer, int depth, Value output, Dim macs, boolean repeated) {
}
