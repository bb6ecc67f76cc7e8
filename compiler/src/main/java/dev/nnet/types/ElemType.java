package dev.nnet.types;

/** Element types: 32-bit floats for activations and weights, 64-bit integers for class indices and token ids. */
public enum ElemType {
    FLOAT("float"),
    INT("int");

    private final String keyword;

    ElemType(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
