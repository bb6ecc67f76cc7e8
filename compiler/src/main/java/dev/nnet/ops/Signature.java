package dev.nnet.ops;

import java.util.List;
import java.util.Optional;

/** The ordered parameters of a built-in; positional arguments fill them in order. */
public record Signature(List<ParamSpec> params) {
    public Signature {
        params = List.copyOf(params);
    }

    public static Signature of(ParamSpec... params) {
        return new Signature(List.of(params));
    }

    public Optional<ParamSpec> find(String name) {
        return params.stream().filter(p -> p.answersTo(name)).findFirst();
    }

    public List<String> names() {
        return params.stream().map(ParamSpec::name).toList();
    }

    /** {@code linear(in_features, out_features, bias=true)}, for docs, completion and messages. */
    public String render(String opName) {
        StringBuilder sb = new StringBuilder(opName).append('(');
        for (int i = 0; i < params.size(); i++) {
            ParamSpec p = params.get(i);
            sb.append(i == 0 ? "" : ", ").append(p.name());
            if (p.isVariadic()) {
                sb.append("...");
            } else if (p.defaultValue() != null) {
                sb.append('=').append(dev.nnet.types.Value.describe(p.defaultValue()));
            }
        }
        return sb.append(')').toString();
    }
}
