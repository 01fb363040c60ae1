package dev.bramble.controller.api;

import dev.bramble.controller.scheduler.SchedulerException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;

/**
 * Checks an expression's syntax before it is accepted, so that a typo is a 400 and not a failed task.
 * The controller only parses; engines evaluate. A lambda is {@code x -> body} or {@code (x, y) -> body};
 * the body is a Spring Expression Language expression in which the parameters are plain names.
 */
final class Expressions {

    static final Pattern LAMBDA = Pattern.compile("^\\s*\\(?\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\s*,\\s*[A-Za-z_][A-Za-z0-9_]*)*)?\\s*\\)?\\s*->(.*)$",
            Pattern.DOTALL);
    private static final SpelExpressionParser PARSER = new SpelExpressionParser();

    private Expressions() {
    }

    static void check(String expression, String field) {
        if (expression.isBlank()) {
            throw SchedulerException.badRequest(field, expression, "the expression is empty");
        }
        Matcher m = LAMBDA.matcher(expression);
        String body = m.matches() ? m.group(2) : expression;
        try {
            PARSER.parseRaw(body);
        } catch (ParseException e) {
            throw SchedulerException.badRequest(field, expression, "not a valid expression: " + e.getSimpleMessage()
                    + " at position " + e.getPosition());
        } catch (EvaluationException e) {
            // The parser refuses expressions over 10,000 characters this way.
            throw SchedulerException.badRequest(field, expression.length() > 200 ? expression.substring(0, 200) + "..." : expression,
                    "not a valid expression: " + e.getMessage() + "; pass large values as arguments");
        } catch (IllegalStateException e) {
            throw SchedulerException.badRequest(field, expression, "not a valid expression: " + e.getMessage());
        }
    }
}
