package dev.bramble.controller.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.RestController;

/** MVC's own validation of bodies is off (see {@link SingleValidation}): every controller must be method-validated instead. */
class SingleValidationTest {

    @Test
    void everyControllerIsMethodValidated() throws ClassNotFoundException {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(RestController.class));
        var found = scan.findCandidateComponents("dev.bramble.controller");
        assertThat(found).hasSizeGreaterThanOrEqualTo(8);
        for (var candidate : found) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            assertThat(AnnotationUtils.findAnnotation(type, Validated.class))
                    .as("%s takes requests but is not @Validated (through its generated interface): its bodies would go unchecked",
                            type.getSimpleName())
                    .isNotNull();
        }
    }
}
