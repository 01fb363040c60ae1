package dev.bramble.controller.security;

import dev.bramble.controller.Protocol;
import dev.bramble.controller.config.BrambleProperties;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Once the server listens (and its port is known), writes the connection files and says where. */
@Component
class ConnectionPublisher implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ConnectionPublisher.class);

    private final ConnectionFiles files;
    private final BrambleProperties properties;
    private final Environment environment;

    ConnectionPublisher(ConnectionFiles files, BrambleProperties properties, Environment environment) {
        this.files = files;
        this.properties = properties;
        this.environment = environment;
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        int port = event.getWebServer().getPort();
        String address = environment.getProperty("server.address");
        InetAddress bound = null;
        try {
            bound = address == null ? null : InetAddress.getByName(address);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("server.address '" + address + "' is not an address", e);
        }
        String host = ConnectionFiles.advertisedHost(bound, properties.advertisedHost());
        String url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        files.publish(url, Protocol.VERSION);
        log.info("Bramble controller at {} (Swagger UI: {}/swagger-ui.html); connection files in {}", url, url, files.dir());
    }
}
