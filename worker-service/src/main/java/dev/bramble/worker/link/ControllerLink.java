package dev.bramble.worker.link;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.bramble.client.ConnectionFile;
import dev.bramble.client.wire.WireClients;
import dev.bramble.client.wire.api.WorkersApi;
import java.io.IOException;
import java.time.Duration;
import okhttp3.OkHttpClient;
import retrofit2.Call;
import retrofit2.Response;

/** The controller as the worker sees it: the generated worker API on an authenticated OkHttp client. */
final class ControllerLink {

    private final WorkersApi api;
    private final ConnectionFile file;

    ControllerLink(ConnectionFile file, ObjectMapper json, Duration pollWait) {
        this.file = file;
        OkHttpClient http = WireClients.authenticated(WireClients.client(), file.key())
                .connectTimeout(Duration.ofSeconds(5))
                .readTimeout(pollWait.plusSeconds(15))
                .writeTimeout(Duration.ofSeconds(60))
                .build();
        this.api = WireClients.retrofit(file.url(), http, json).create(WorkersApi.class);
    }

    WorkersApi api() {
        return api;
    }

    ConnectionFile file() {
        return file;
    }

    /** Runs the call; a non-2xx answer becomes {@link RefusedException} with the problem's text. */
    static <T> T execute(Call<T> call) throws IOException {
        Response<T> response = call.execute();
        if (!response.isSuccessful()) {
            String body = response.errorBody() == null ? "" : response.errorBody().string();
            throw new RefusedException(response.code(), body);
        }
        return response.body();
    }

    /** The controller answered with an error status. */
    static final class RefusedException extends IOException {
        final int status;

        RefusedException(int status, String body) {
            super("the controller answered " + status + ": " + body);
            this.status = status;
        }
    }
}
