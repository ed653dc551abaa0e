package dev.palisade.agent.ota;

import dev.palisade.agent.DeviceCredential;
import dev.palisade.agent.Endpoints;
import dev.palisade.agent.Tls;
import dev.palisade.protocol.ota.DeltaFormat;
import dev.palisade.protocol.tuf.RefusalReason;
import dev.palisade.protocol.tuf.TargetFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import org.jspecify.annotations.Nullable;

/**
 * The device endpoint over HTTPS with the device's own certificate (TLS 1.3, trusting only the offline root): TUF
 * metadata at {@code /device/v1/tuf/<file>} and target bytes at {@code /device/v1/ota/blobs/sha256/<hex>}.
 *
 * <p>Nothing a server sends is read past the limit the caller set: metadata stops at {@code maxLength + 1} bytes (the
 * TUF client then refuses it), target bytes at the trusted length (one byte more is a refusal, and the partial file is
 * deleted). Target downloads go to a partial file and resume with an HTTP range after a broken connection, {@code
 * If-Range} naming the content's entity tag, so a resumed file is never a mix of two contents; the finished file is
 * checked against the trusted length and every supported hash before it is handed on.
 */
public final class HttpsRepository implements OtaRepository {

    private static final int BUFFER = 64 * 1024;
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final Map<String, String> DIGESTS = Map.of("sha256", "SHA-256", "sha512", "SHA-512");

    /**
     * How hard a download tries.
     *
     * @param timeout for connecting and for each response to start
     * @param attempts requests per download before giving up; each resumes where the last one broke off
     * @param retryDelay the pause between attempts
     */
    public record Settings(Duration timeout, int attempts, Duration retryDelay) {

        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(30), 5, Duration.ofSeconds(2));

        public Settings {
            if (attempts < 1 || timeout.isNegative() || timeout.isZero() || retryDelay.isNegative()) {
                throw new IllegalArgumentException("a positive timeout, at least one attempt, no negative delay");
            }
        }
    }

    private final URI base;
    private final X509Certificate root;
    private final Supplier<DeviceCredential> credential;
    private final Settings settings;
    private @Nullable DeviceCredential clientCredential;
    private @Nullable HttpClient client;

    /**
     * A repository at {@code endpoint} ({@code https://host:port/}).
     *
     * @param credential the device's current credential; a renewed one is picked up at the next request
     */
    public HttpsRepository(
            URI endpoint, X509Certificate root, Supplier<DeviceCredential> credential, Settings settings) {
        this.base = endpoint.resolve("/device/v1/");
        this.root = root;
        this.credential = credential;
        this.settings = settings;
    }

    /** The device endpoint of {@code endpoints} (the EST port, which serves all device HTTPS). */
    public static HttpsRepository of(Endpoints endpoints, Supplier<DeviceCredential> credential) {
        return new HttpsRepository(
                URI.create("https://" + endpoints.host() + ":" + endpoints.estPort() + "/"),
                endpoints.root(),
                credential,
                Settings.DEFAULTS);
    }

    @Override
    public Optional<byte[]> fetchMetadata(String fileName, long maxLength) throws IOException {
        if (fileName.isEmpty() || fileName.contains("/") || fileName.startsWith(".")) {
            throw new IOException("not a metadata file name: " + fileName);
        }
        return fetchBounded(base.resolve("tuf/" + fileName), maxLength);
    }

    /**
     * A target by its consistent-snapshot name ({@code dir/HASH.name}): the device endpoint serves targets by content
     * address only, so the SHA-256 in the name is what is fetched.
     */
    @Override
    public Optional<byte[]> fetchTarget(String fileName, long maxLength) throws IOException {
        String last = fileName.substring(fileName.lastIndexOf('/') + 1);
        int dot = last.indexOf('.');
        String hash = dot < 0 ? "" : last.substring(0, dot);
        if (!SHA256.matcher(hash).matches()) {
            throw new IOException("targets are served by SHA-256 only; " + fileName + " names none");
        }
        return fetchBounded(blob(hash), maxLength);
    }

    @Override
    public BlobDownload download(TargetFile target, Path partial) throws InterruptedException {
        String sha256 = target.hashes().get("sha256");
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            return new BlobDownload.Refused(
                    RefusalCodes.TARGET_MISMATCH, target.path() + " has no SHA-256 to fetch it by");
        }
        URI uri = blob(sha256);
        String lastFailure = "no attempt";
        for (int attempt = 1; attempt <= settings.attempts(); attempt++) {
            if (attempt > 1 && !settings.retryDelay().isZero()) {
                Thread.sleep(settings.retryDelay());
            }
            try {
                BlobDownload.@Nullable Refused refused = fetchInto(uri, sha256, target.length(), partial);
                if (refused != null) {
                    deleteQuietly(partial);
                    return refused;
                }
                return verify(target, partial);
            } catch (LengthExceeded e) {
                deleteQuietly(partial);
                return new BlobDownload.Refused(
                        RefusalCodes.of(RefusalReason.LENGTH_EXCEEDED),
                        "the server sent more than the " + target.length() + " bytes trusted for " + target.path());
            } catch (IOException e) {
                lastFailure = e.toString();
            }
        }
        return new BlobDownload.Refused(
                RefusalCodes.DOWNLOAD_FAILED,
                target.path() + ": " + settings.attempts() + " attempts failed, the last with " + lastFailure);
    }

    /**
     * One request for the delta, no retries and no resumption: on any failure the caller downloads the full image,
     * which does both. The body is cut off (and refused) past the target's length.
     */
    @Override
    public BlobDownload downloadDelta(String fromSha256, TargetFile target, Path file) throws InterruptedException {
        String toSha256 = target.hashes().getOrDefault("sha256", "");
        if (!SHA256.matcher(fromSha256).matches() || !SHA256.matcher(toSha256).matches()) {
            return new BlobDownload.Refused(DeltaUpdate.NOT_FOUND, "a delta is named by two SHA-256 digests");
        }
        URI uri = base.resolve(DeltaFormat.devicePath(fromSha256, toSha256));
        try {
            HttpResponse<InputStream> response = client().send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(settings.timeout())
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                if (response.statusCode() == 404) {
                    return new BlobDownload.Refused(
                            DeltaUpdate.NOT_FOUND, "the server has no delta from " + fromSha256 + " to " + toSha256);
                }
                if (response.statusCode() != 200) {
                    return new BlobDownload.Refused(
                            RefusalCodes.DOWNLOAD_FAILED, "HTTP " + response.statusCode() + " for " + uri);
                }
                append(body, file, 0, target.length());
                return new BlobDownload.Verified(file);
            }
        } catch (LengthExceeded e) {
            deleteQuietly(file);
            return new BlobDownload.Refused(
                    RefusalCodes.of(RefusalReason.LENGTH_EXCEEDED),
                    "the delta is longer than the " + target.length() + "-byte image; not used");
        } catch (IOException e) {
            deleteQuietly(file);
            return new BlobDownload.Refused(RefusalCodes.DOWNLOAD_FAILED, "the delta download failed: " + e);
        }
    }

    /**
     * One request, resuming from what {@code partial} holds. Null when the file now holds {@code length} bytes; a
     * refusal when the server's answer settles that this content cannot be had; an exception when trying again may
     * help.
     */
    private BlobDownload.@Nullable Refused fetchInto(URI uri, String sha256, long length, Path partial)
            throws IOException, InterruptedException, LengthExceeded {
        long have = Files.exists(partial) ? Files.size(partial) : 0;
        if (have > length) {
            Files.delete(partial);
            have = 0;
        }
        if (have == length) {
            return null;
        }
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri).timeout(settings.timeout()).GET();
        if (have > 0) {
            request.header("Range", "bytes=" + have + "-").header("If-Range", "\"" + sha256 + "\"");
        }
        HttpResponse<InputStream> response = client().send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = response.body()) {
            long start;
            switch (response.statusCode()) {
                case 200 -> start = 0;
                case 206 -> start = rangeStart(response);
                case 404 -> {
                    return new BlobDownload.Refused(RefusalCodes.NOT_FOUND, "the server has no blob " + sha256);
                }
                case 416 -> {
                    Files.deleteIfExists(partial);
                    throw new IOException("the server holds fewer bytes than the partial download; starting over");
                }
                default -> throw new IOException("HTTP " + response.statusCode() + " for " + uri);
            }
            if (start != 0 && start != have) {
                Files.deleteIfExists(partial);
                throw new IOException("asked to resume at " + have + ", the server sent from " + start);
            }
            long written = append(body, partial, start, length);
            if (written < length) {
                return new BlobDownload.Refused(
                        RefusalCodes.of(RefusalReason.LENGTH_MISMATCH),
                        "the server's content ends after " + written + " of the " + length + " bytes trusted");
            }
            return null;
        }
    }

    /** Writes the body from {@code start}, never past {@code length}; the file is forced even when the body breaks. */
    private static long append(InputStream body, Path partial, long start, long length)
            throws IOException, LengthExceeded {
        try (FileChannel out = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            out.truncate(start);
            long position = start;
            byte[] buffer = new byte[BUFFER];
            try {
                while (true) {
                    int read = body.read(buffer);
                    if (read < 0) {
                        return position;
                    }
                    long room = length - position;
                    if (read > room) {
                        out.write(ByteBuffer.wrap(buffer, 0, (int) room), position);
                        throw new LengthExceeded();
                    }
                    out.write(ByteBuffer.wrap(buffer, 0, read), position);
                    position += read;
                }
            } finally {
                out.force(false);
            }
        }
    }

    private static long rangeStart(HttpResponse<?> response) throws IOException {
        String header = response.headers().firstValue("Content-Range").orElse("");
        Matcher matcher = CONTENT_RANGE.matcher(header);
        if (!matcher.matches()) {
            throw new IOException("206 without a usable Content-Range: " + header);
        }
        return Long.parseLong(matcher.group(1));
    }

    /** The finished file against the trusted length and every hash this device knows; refused files are deleted. */
    static BlobDownload verify(TargetFile target, Path file) {
        try {
            long size = Files.size(file);
            if (size != target.length()) {
                Files.delete(file);
                return new BlobDownload.Refused(
                        RefusalCodes.of(RefusalReason.LENGTH_MISMATCH),
                        target.path() + " has " + size + " bytes, not " + target.length());
            }
            for (Map.Entry<String, String> hash : target.hashes().entrySet()) {
                String algorithm = DIGESTS.get(hash.getKey());
                if (algorithm == null) {
                    continue;
                }
                byte[] expected;
                try {
                    expected = HexFormat.of().parseHex(hash.getValue());
                } catch (IllegalArgumentException e) {
                    expected = new byte[0];
                }
                if (!MessageDigest.isEqual(expected, digest(algorithm, file))) {
                    Files.delete(file);
                    return new BlobDownload.Refused(
                            RefusalCodes.of(RefusalReason.HASH_MISMATCH),
                            target.path() + ": " + hash.getKey() + " differs from the signed metadata");
                }
            }
            return new BlobDownload.Verified(file);
        } catch (IOException e) {
            deleteQuietly(file);
            return new BlobDownload.Refused(RefusalCodes.STORAGE_FAILED, "checking the download failed: " + e);
        }
    }

    private static byte[] digest(String algorithm, Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        }
        return digest.digest();
    }

    private Optional<byte[]> fetchBounded(URI uri, long maxLength) throws IOException {
        HttpResponse<InputStream> response;
        try {
            response = client().send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(settings.timeout())
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode() + " for " + uri);
            }
            return Optional.of(readAtMost(body, maxLength == Long.MAX_VALUE ? maxLength : maxLength + 1));
        }
    }

    /** Up to {@code limit} bytes of {@code in}; the rest is never read. */
    private static byte[] readAtMost(InputStream in, long limit) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[BUFFER];
        long remaining = limit;
        while (remaining > 0) {
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (read < 0) {
                break;
            }
            bytes.write(buffer, 0, read);
            remaining -= read;
        }
        return bytes.toByteArray();
    }

    private URI blob(String sha256) {
        return base.resolve("ota/blobs/sha256/" + sha256);
    }

    /** A client presenting the current credential; rebuilt when the credential was renewed. */
    private synchronized HttpClient client() throws IOException {
        DeviceCredential current = credential.get();
        HttpClient existing = client;
        if (existing != null && current == clientCredential) {
            return existing;
        }
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLSv1.3");
            context.init(new KeyManager[] {Tls.presenting(current)}, new TrustManager[] {Tls.trusting(root)}, null);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS with the device credential", e);
        }
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3"});
        HttpClient fresh = HttpClient.newBuilder()
                .sslContext(context)
                .sslParameters(parameters)
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(settings.timeout())
                .build();
        if (existing != null) {
            existing.close();
        }
        client = fresh;
        clientCredential = current;
        return fresh;
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover partial file is deleted or resumed by the next download of the same content
        }
    }

    /** More bytes than the trusted length: the endless-data attack. */
    private static final class LengthExceeded extends Exception {
        private static final long serialVersionUID = 1L;

        LengthExceeded() {
            super(null, null, false, false);
        }
    }
}
