package io.stageline.environment;

/**
 * Bad input found before anything is touched: reported on {@code conditionType} with a reason and a
 * message, plus a Warning event.
 */
public record InputProblem(String conditionType, String reason, String message) {}
