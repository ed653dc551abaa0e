package dev.palisade.ota;

import dev.palisade.protocol.tuf.RepositoryFetcher;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Fetches a tenant's TUF repository from the device endpoint with a device's client certificate, reading no more than
 * the client allows; {@code tamper} rewrites a file's bytes on the way, as a network attacker would.
 */
final class HttpsRepositoryFetcher implements RepositoryFetcher {

    private final HttpClient device;
    private final String base;
    private final java.util.function.BiFunction<String, byte[], byte[]> tamper;

    HttpsRepositoryFetcher(HttpClient device, int port) {
        this(device, port, (name, bytes) -> bytes);
    }

    HttpsRepositoryFetcher(HttpClient device, int port, java.util.function.BiFunction<String, byte[], byte[]> tamper) {
        this.device = device;
        this.base = "https://localhost:" + port + "/device/v1/tuf/";
        this.tamper = tamper;
    }

    @Override
    public Optional<byte[]> fetchMetadata(String fileName, long maxLength) throws IOException {
        return fetch(fileName, maxLength);
    }

    @Override
    public Optional<byte[]> fetchTarget(String fileName, long maxLength) throws IOException {
        return fetch("targets/" + fileName, maxLength);
    }

    private Optional<byte[]> fetch(String name, long maxLength) throws IOException {
        try {
            HttpResponse<InputStream> response = device.send(
                    HttpRequest.newBuilder(URI.create(base + name))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 404) {
                    return Optional.empty();
                }
                if (response.statusCode() != 200) {
                    throw new IOException(name + ": HTTP " + response.statusCode());
                }
                return Optional.of(tamper.apply(
                        name, body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxLength + 1))));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
