package dev.nnet.syntax;

/** Turns ANTLR's messages into ones a user can act on, without grammar jargon. */
final class SyntaxMessages {
    private SyntaxMessages() {
    }

    static String humanize(String antlr) {
        String m = antlr.replace("<EOF>", "end of file").replace("'", "`");
        if (m.startsWith("extraneous input")) {
            return m.replaceFirst("extraneous input", "unexpected").replaceFirst(" expecting ", "; expected ");
        }
        if (m.startsWith("mismatched input")) {
            return m.replaceFirst("mismatched input", "unexpected").replaceFirst(" expecting ", "; expected ");
        }
        if (m.startsWith("missing ")) {
            return "missing " + m.substring("missing ".length()).replaceFirst(" at ", " before ");
        }
        if (m.startsWith("no viable alternative at input")) {
            return "cannot parse `" + tail(m.substring("no viable alternative at input ".length())) + "`";
        }
        if (m.startsWith("token recognition error")) {
            return "invalid character";
        }
        return m;
    }

    /** ANTLR quotes the whole ambiguous prefix; the last few tokens are what the user needs to see. */
    private static String tail(String input) {
        String s = input.replace("`", "").replaceAll("\\s+", " ").trim();
        return s.length() > 40 ? "…" + s.substring(s.length() - 40) : s;
    }
}
