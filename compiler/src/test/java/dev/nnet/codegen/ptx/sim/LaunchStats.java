package dev.nnet.codegen.ptx.sim;

/** What a launch cost: thread-instructions stepped (predicated-off ones included) and blocks run. */
public record LaunchStats(long threadInstructions, long blocks) {
}
