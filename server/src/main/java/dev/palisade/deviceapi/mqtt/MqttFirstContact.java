package dev.palisade.deviceapi.mqtt;

import dev.palisade.broker.BootstrapEnrolment;
import dev.palisade.broker.EmbeddedBroker;
import dev.palisade.identity.DeviceId;
import dev.palisade.pki.CertificateIssuance;
import dev.palisade.provisioning.BootstrapAdmission;
import dev.palisade.provisioning.EnrolmentChannel;
import dev.palisade.provisioning.FirstContact;
import dev.palisade.provisioning.FirstContactResult;
import dev.palisade.provisioning.ManufacturerTrust;
import dev.palisade.provisioning.RefusalReason;
import dev.palisade.shared.TenantId;
import dev.palisade.tenancy.TenantDirectory;
import jakarta.annotation.PreDestroy;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * First contact over MQTT, decided exactly as over EST: the broker admits a session with a manufacturer's bootstrap
 * certificate for the tenant that registered its CA (or the one named by the MQTT user name, EST's label) and for the
 * device the manifest lists it for, and each certificate request on the device's enrol topic goes through {@link
 * FirstContact} (registration policy, rate limits, group commit, audit), named as the {@code mqtt} channel. The work is
 * done on virtual threads, off the broker's, and bounded.
 */
@Component
class MqttFirstContact implements BootstrapEnrolment {

    private static final Logger log = LoggerFactory.getLogger(MqttFirstContact.class);
    private static final int MAX_QUEUED = 10_000;
    private static final int ATTESTATION_RETRY_SECONDS = 10;

    private final ManufacturerTrust manufacturers;
    private final BootstrapAdmission admission;
    private final FirstContact firstContact;
    private final CertificateIssuance issuance;
    private final TenantDirectory tenants;
    private final EmbeddedBroker broker;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    // bounds the requests waiting for registration; past it a device is told to come back, as by the rate limits
    private final Semaphore queued = new Semaphore(MAX_QUEUED);

    MqttFirstContact(
            ManufacturerTrust manufacturers,
            BootstrapAdmission admission,
            FirstContact firstContact,
            CertificateIssuance issuance,
            TenantDirectory tenants,
            EmbeddedBroker broker) {
        this.manufacturers = manufacturers;
        this.admission = admission;
        this.firstContact = firstContact;
        this.issuance = issuance;
        this.tenants = tenants;
        this.broker = broker;
    }

    @Override
    public void checkChain(X509Certificate[] chain) throws CertificateException {
        manufacturers.checkChain(chain);
    }

    @Override
    public Admission admit(X509Certificate[] chain, @Nullable String tenantLabel, String clientId) {
        @Nullable TenantId tenant = null;
        if (tenantLabel != null && !tenantLabel.isEmpty()) {
            Optional<TenantId> named = tenants.bySlug(tenantLabel);
            if (named.isEmpty()) {
                return new Admission.Refused("no such tenant: the user name, when given, is the tenant's slug");
            }
            tenant = named.get();
        }
        return switch (admission.admit(tenant, chain, EnrolmentChannel.MQTT, requestId())) {
            case BootstrapAdmission.Outcome.Admitted admitted -> {
                // a certificate no manifest lists may still ask, on the topics of its client id, and learn why not
                Optional<DeviceId> device = admitted.listed()
                        .or(() -> DeviceId.isValid(clientId) ? Optional.of(DeviceId.of(clientId)) : Optional.empty());
                yield device.<Admission>map(id -> new Admission.Admitted(admitted.tenant(), id))
                        .orElseGet(() -> new Admission.Refused(RefusalReason.NOT_IN_MANIFEST.code()
                                + ": no manifest lists this bootstrap certificate, and the client id is no device id"));
            }
            case BootstrapAdmission.Outcome.Refused refused ->
                new Admission.Refused(refused.code() + ": " + refused.detail());
        };
    }

    @Override
    public void enrol(Session session, byte[] request, Consumer<Answer> answer) {
        if (!queued.tryAcquire()) {
            answer.accept(EnrolmentAnswers.rejected(
                    RefusalReason.RATE_LIMITED.code(), "too many first contacts; try again shortly", 1));
            return;
        }
        workers.execute(() -> {
            try {
                answer.accept(decide(session, request));
            } catch (RuntimeException e) {
                log.warn("A first contact over MQTT of {} failed", session.device(), e);
                answer.accept(EnrolmentAnswers.rejected(
                        "provisioning.unavailable", "the request could not be decided; try again later", 10));
            } finally {
                queued.release();
            }
        });
    }

    private Answer decide(Session session, byte[] request) {
        X509Certificate[] chain = session.chain().toArray(X509Certificate[]::new);
        FirstContactResult result = firstContact.enrol(
                session.tenant(),
                chain,
                CertificateRequestPayload.der(request),
                requestId(),
                EnrolmentChannel.MQTT,
                session.device());
        return switch (result) {
            case FirstContactResult.Enrolled enrolled ->
                EnrolmentAnswers.accepted(
                        session.device(),
                        enrolled.certificate(),
                        issuance.chain(enrolled.certificate()),
                        broker.policyWhenActive(session.tenant(), session.device()));
            case FirstContactResult.Pending pending ->
                EnrolmentAnswers.rejected(pending.code(), pending.detail(), ATTESTATION_RETRY_SECONDS);
            case FirstContactResult.Refused refused ->
                EnrolmentAnswers.rejected(refused.code(), refused.detail(), refused.retryLater() ? 1 : null);
        };
    }

    private static String requestId() {
        return "mqtt-" + UUID.randomUUID();
    }

    @PreDestroy
    void stop() {
        workers.shutdown();
    }
}
