package dev.palisade.provisioning;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The tenant's own say, when it set a webhook: the decision input is POSTed as JSON and only a 2xx answer within the
 * timeout allows. A timeout, a connection failure or any other status denies: a tenant that asked to be consulted is
 * never skipped. The timeout is hard: it covers connecting, sending and the answer, and the request is abandoned when
 * it passes.
 */
@Component
@Order(ConditionOrder.WEBHOOK)
class WebhookCondition implements RegistrationCondition {

    private static final Logger log = LoggerFactory.getLogger(WebhookCondition.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Duration timeout;
    private final HttpClient client;

    WebhookCondition(ProvisioningSettings settings) {
        this.timeout = settings.webhookTimeout();
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public boolean callsOut() {
        return true;
    }

    @Override
    public Optional<Refusal> check(RegistrationRequest request) {
        URI webhook = request.policy().webhook();
        if (webhook == null) {
            return Optional.empty();
        }
        HttpRequest post = HttpRequest.newBuilder(webhook)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(input(request))))
                .build();
        CompletableFuture<HttpResponse<Void>> answer = client.sendAsync(post, HttpResponse.BodyHandlers.discarding());
        try {
            int status = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS).statusCode();
            if (status / 100 == 2) {
                return Optional.empty();
            }
            return Optional.of(new Refusal(RefusalReason.WEBHOOK_DENIED, "the tenant's webhook answered " + status));
        } catch (TimeoutException e) {
            answer.cancel(true);
            return Optional.of(new Refusal(
                    RefusalReason.WEBHOOK_UNAVAILABLE, "the tenant's webhook did not answer within " + timeout));
        } catch (ExecutionException e) {
            log.debug("Registration webhook {} failed", webhook.getHost(), e.getCause());
            return Optional.of(
                    new Refusal(RefusalReason.WEBHOOK_UNAVAILABLE, "the tenant's webhook could not be reached"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer.cancel(true);
            return Optional.of(new Refusal(RefusalReason.WEBHOOK_UNAVAILABLE, "interrupted waiting for the webhook"));
        }
    }

    /** The decision input as the webhook gets it; documented in docs/provisioning.md. */
    static Map<String, @Nullable Object> input(RegistrationRequest request) {
        Voucher entry = request.entry();
        Map<String, @Nullable Object> input = new LinkedHashMap<>();
        input.put("tenant", entry.tenant().toString());
        input.put("via", entry.via());
        input.put("claim", entry instanceof DeviceClaim claim ? claim.id().toString() : null);
        input.put("deviceId", entry.device().value());
        input.put("serial", entry.serial());
        input.put("manufacturer", request.manufacturer().name());
        input.put("model", entry.model());
        input.put("hardwareRevision", entry.hardwareRevision());
        FirmwareVersion firmware = entry.firmwareVersion();
        input.put("firmwareVersion", firmware == null ? null : firmware.text());
        byte[] bootstrap = entry.bootstrapSha256();
        input.put(
                "bootstrapCertificateSha256",
                bootstrap == null ? null : HexFormat.of().formatHex(bootstrap));
        byte[] endorsementKey = entry.endorsementKeySha256();
        input.put(
                "endorsementKeySha256",
                endorsementKey == null ? null : HexFormat.of().formatHex(endorsementKey));
        input.put(
                "bootstrapCertificateSubject",
                request.bootstrapCertificate().getSubjectX500Principal().getName());
        return input;
    }
}
