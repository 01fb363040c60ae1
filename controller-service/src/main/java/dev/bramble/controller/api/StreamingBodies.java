package dev.bramble.controller.api;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.ResourceHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Binary request bodies reach the handlers as the request's stream rather than as a copy in memory, so
 * that a blob of hundreds of megabytes is hashed and stored as it arrives (Spring's own converter reads
 * a {@link Resource} body whole, growing a buffer as it goes).
 */
@Configuration(proxyBeanMethods = false)
class StreamingBodies implements WebMvcConfigurer {

    @Override
    public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
        builder.addCustomConverter(new Converter());
    }

    /** The request body as a stream, with the length the request declared (-1 when it declared none). */
    static final class Body extends InputStreamResource {
        private final long length;

        Body(InputStream in, long length) {
            super(in);
            this.length = length;
        }

        @Override
        public long contentLength() {
            return length;
        }
    }

    private static final class Converter extends ResourceHttpMessageConverter {
        Converter() {
            super(true);
        }

        @Override
        protected Resource readInternal(Class<? extends Resource> type, HttpInputMessage message) throws IOException {
            return new Body(message.getBody(), message.getHeaders().getContentLength());
        }
    }
}
