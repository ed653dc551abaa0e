package dev.palisade.provisioning;

/** A registration condition's "no", with its reason and a detail for the operator. */
public record Refusal(RefusalReason reason, String detail) {}
