package dev.bramble.controller.api;

import org.springframework.context.annotation.Configuration;
import org.springframework.validation.Errors;
import org.springframework.validation.Validator;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Validates each request once. The generated interfaces are {@code @Validated}, so every call goes through
 * method validation, which checks the path and query parameters and, through {@code @Valid}, the whole
 * body; Spring MVC would validate the {@code @Valid} body a second time while reading it. On a report of
 * 256 results that second pass was about a tenth of the controller's CPU, so MVC's own pass is switched
 * off here and method validation's answer ({@code ConstraintViolationException}, see {@link ProblemAdvice})
 * is the one a client gets.
 */
@Configuration(proxyBeanMethods = false)
class SingleValidation implements WebMvcConfigurer {

    @Override
    public Validator getValidator() {
        return new Validator() {
            @Override
            public boolean supports(Class<?> type) {
                return true;
            }

            @Override
            public void validate(Object target, Errors errors) {
                // Method validation has this body.
            }
        };
    }
}
