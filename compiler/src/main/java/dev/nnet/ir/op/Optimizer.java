package dev.nnet.ir.op;

import java.util.List;

/** An optimizer with its hyper-parameters, as the train block configures it; PyTorch's defaults elsewhere. */
public sealed interface Optimizer {
    String text();

    /** The state tensors it keeps per parameter, named as in PyTorch's optimizer {@code state_dict}. */
    List<String> stateNames();

    record Sgd(double lr, double momentum, double dampening, double weightDecay, boolean nesterov) implements Optimizer {
        public String text() {
            return "sgd(lr=" + lr + ", momentum=" + momentum + (dampening == 0 ? "" : ", dampening=" + dampening)
                    + (weightDecay == 0 ? "" : ", weight_decay=" + weightDecay) + (nesterov ? ", nesterov" : "") + ")";
        }

        public List<String> stateNames() {
            return momentum == 0 ? List.of() : List.of("momentum_buffer");
        }
    }

    record Adam(double lr, double beta1, double beta2, double eps, double weightDecay, boolean amsgrad)
            implements Optimizer {
        public String text() {
            return "adam(lr=" + lr + ", betas=(" + beta1 + ", " + beta2 + "), eps=" + eps
                    + (weightDecay == 0 ? "" : ", weight_decay=" + weightDecay) + (amsgrad ? ", amsgrad" : "") + ")";
        }

        public List<String> stateNames() {
            return amsgrad ? List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq") : List.of("exp_avg", "exp_avg_sq");
        }
    }

    record RmsProp(double lr, double alpha, double eps, double weightDecay, double momentum, boolean centered)
            implements Optimizer {
        public String text() {
            return "rmsprop(lr=" + lr + ", alpha=" + alpha + ", eps=" + eps + ", momentum=" + momentum
                    + (weightDecay == 0 ? "" : ", weight_decay=" + weightDecay) + (centered ? ", centered" : "") + ")";
        }

        public List<String> stateNames() {
            List<String> names = new java.util.ArrayList<>(List.of("square_avg"));
            if (momentum != 0) {
                names.add("momentum_buffer");
            }
            if (centered) {
                names.add("grad_avg");
            }
            return names;
        }
    }
}
