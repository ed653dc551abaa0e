package dev.palisade.pki.x509;

/** The outcome of {@link CsrInspector#inspect}: an accepted request, or a refusal with its reason. */
public sealed interface CsrInspection {

    /** The request is well formed, proves possession of a supported key, and names a valid device id. */
    record Accepted(InspectedCsr csr) implements CsrInspection {}

    /**
     * The request is refused; {@code detail} is a human sentence safe to show to the client (it never echoes control
     * characters from the request).
     */
    record Refused(CsrProblem problem, String detail) implements CsrInspection {}
}
