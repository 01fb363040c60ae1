package dev.bramble.controller.security;

import dev.bramble.controller.api.Problems;
import dev.bramble.controller.api.RequestSizeFilter;
import dev.bramble.controller.config.BrambleProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** Registers the key check first and the body limit second, in front of everything else. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    ConnectionFiles connectionFiles(BrambleProperties properties, JsonMapper json) {
        return new ConnectionFiles(properties.profileDir().resolve("security"), properties.profile(), json);
    }

    @Bean
    Problems problems(JsonMapper json) {
        return new Problems(json);
    }

    @Bean
    FilterRegistrationBean<ApiKeyFilter> apiKeyFilter(ConnectionFiles files, Problems problems) {
        FilterRegistrationBean<ApiKeyFilter> bean = new FilterRegistrationBean<>(new ApiKeyFilter(files.keys(), problems));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    @Bean
    FilterRegistrationBean<RequestSizeFilter> requestSizeFilter(BrambleProperties properties, Problems problems) {
        FilterRegistrationBean<RequestSizeFilter> bean = new FilterRegistrationBean<>(
                new RequestSizeFilter(properties.limits().maxRequestSize().toBytes(),
                        properties.limits().maxMessageSize().toBytes(), problems));
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return bean;
    }
}
