package dev.palisade.agent.attest;

import java.util.List;

/** One tpm2-tools invocation: the tool's name ({@code tpm2_quote}) and its arguments. */
public record TpmCommand(String tool, List<String> arguments) {

    public TpmCommand {
        if (!TpmTools.TOOLS.contains(tool)) {
            throw new IllegalArgumentException("not a tool this agent runs: " + tool);
        }
        arguments = List.copyOf(arguments);
    }

    static TpmCommand of(String tool, String... arguments) {
        return new TpmCommand(tool, List.of(arguments));
    }

    @Override
    public String toString() {
        return tool + " " + String.join(" ", arguments);
    }
}
