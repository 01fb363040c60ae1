package dev.bramble.controller.api;

import com.ethlo.time.ITU;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Times in request bodies are read with a parser made for RFC 3339 (the contract's {@code date-time}). Every
 * report of a finished task carries two, and Jackson's own reading (through {@code DateTimeFormatter}) was a
 * quarter of the controller's allocation in a run of many small tasks (docs/performance.md, W2). What that
 * parser refuses, and numbers, are read by Jackson's as before, with its messages for bad input.
 */
@Configuration(proxyBeanMethods = false)
class RequestTimes {

    @Bean
    JsonMapperBuilderCustomizer rfc3339Times() {
        return builder -> builder.addModule(new SimpleModule("rfc3339-times").addDeserializer(OffsetDateTime.class, new Rfc3339()));
    }

    /** The time at UTC, as Jackson's reading gives it by default; anything else goes to Jackson's. */
    static final class Rfc3339 extends ValueDeserializer<OffsetDateTime> {

        @Override
        public OffsetDateTime deserialize(JsonParser p, DeserializationContext ctxt) {
            if (p.hasToken(JsonToken.VALUE_STRING) && ctxt.isEnabled(DateTimeFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                    && ZoneOffset.UTC.equals(ctxt.getTimeZone().toZoneId().normalized())) {
                try {
                    return ITU.parseDateTime(p.getString().trim()).withOffsetSameInstant(ZoneOffset.UTC);
                } catch (DateTimeException refused) {
                    // Jackson's reading accepts some ISO 8601 forms RFC 3339 does not, and words its own errors.
                }
            }
            return InstantDeserializer.OFFSET_DATE_TIME.deserialize(p, ctxt);
        }
    }
}
