package dev.nnet.cli;

/** Exceptions whose message is meant for the user (bad data, bad checkpoint, diverging training). */
final class RunErrors {
    private RunErrors() {
    }

    static boolean isUserError(RuntimeException e) {
        String name = e.getClass().getName();
        return name.equals("dev.nnet.runtime.data.DataException")
                || name.equals("dev.nnet.kernels.InputDataException")
                || name.equals("dev.nnet.runtime.io.CheckpointException")
                || name.equals("dev.nnet.runtime.train.TrainingException")
                || name.equals("dev.nnet.runtime.loss.LossInputException")
                || name.equals("dev.nnet.run.RunException")
                || name.equals("dev.nnet.plot.PlotException");
    }
}
