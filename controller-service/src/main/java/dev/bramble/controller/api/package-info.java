/**
 * The REST layer: thin controllers that implement the interfaces generated from {@code openapi.yaml},
 * translate between the wire models and the scheduler's types, and map every error to an RFC 9457
 * problem ({@link ProblemAdvice}).
 */
package dev.bramble.controller.api;
