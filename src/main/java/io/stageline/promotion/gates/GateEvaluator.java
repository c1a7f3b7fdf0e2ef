package io.stageline.promotion.gates;

/** Decides one kind of gate: passed, still waiting (and until when), or failed, with a message a person reads. */
public interface GateEvaluator {
  GateResult evaluate(GateInput input);
}
