package dev.nnet.diag;

/**
 * Every diagnostic code nnet emits, in one table. Codes are stable: never renumber, only add.
 * The summary is the one-line meaning printed by {@code nnetc explain} and the README.
 */
public enum Code {
    // Syntax
    E0001("E0001", "syntax error"),
    E0002("E0002", "invalid character or unterminated literal"),
    E0003("E0003", "checked, but not supported by the code generator yet"),
    E0004("E0004", "program nested too deeply"),
    // Names and signatures
    E0101("E0101", "undefined name"),
    E0102("E0102", "duplicate definition"),
    E0103("E0103", "unknown layer or function"),
    E0104("E0104", "unknown keyword argument"),
    E0105("E0105", "wrong number of arguments"),
    E0106("E0106", "argument of the wrong kind"),
    E0107("E0107", "argument given twice"),
    E0108("E0108", "model or block without a body"),
    E0109("E0109", "layer used where it cannot be"),
    E0110("E0110", "unknown model in a train block"),
    E0111("E0111", "train block missing a required setting"),
    E0112("E0112", "argument value out of range"),
    E0113("E0113", "block instantiates itself"),
    E0114("E0114", "unknown train setting, unit or flag"),
    E0115("E0115", "forward does not return"),
    E0116("E0116", "tuple arity mismatch"),
    E0117("E0117", "not a compile-time integer"),
    E0118("E0118", "blocks nested too deeply"),
    // Shapes and element types
    E0201("E0201", "feature or channel mismatch"),
    E0202("E0202", "convolution or pooling output size is not positive"),
    E0203("E0203", "reshape changes the element count"),
    E0204("E0204", "concat of mismatched shapes"),
    E0205("E0205", "operands cannot be broadcast"),
    E0206("E0206", "float tensor where indices are needed"),
    E0207("E0207", "integer tensor where floats are needed"),
    E0208("E0208", "loss target does not fit its input"),
    E0209("E0209", "model output cannot feed its loss"),
    E0210("E0210", "tensor of the wrong rank"),
    E0211("E0211", "dimension out of range"),
    E0212("E0212", "index out of range"),
    E0213("E0213", "data set does not fit the model input"),
    E0214("E0214", "initializer does not fit its parameter"),
    E0215("E0215", "recurrent hidden state of the wrong shape"),
    E0216("E0216", "embedding smaller than the data's vocabulary"),
    E0217("E0217", "classifier with fewer outputs than the data's classes"),
    E0218("E0218", "squeeze of a dimension whose size is not 1"),
    E0219("E0219", "size too large: overflows, or exceeds a Java array"),
    E0220("E0220", "view of a tensor whose strides cannot express it (after transpose or slicing)"),
    E0221("E0221", "labels do not fit the model's classes"),
    // Warnings
    W0301("W0301", "unused layer"),
    W0302("W0302", "unused variable"),
    W0303("W0303", "probabilities fed to a loss that expects logits");

    private final String id;
    private final String summary;

    Code(String id, String summary) {
        this.id = id;
        this.summary = summary;
    }

    public String id() {
        return id;
    }

    public String summary() {
        return summary;
    }

    public Severity severity() {
        return id.startsWith("W") ? Severity.WARNING : Severity.ERROR;
    }
}
