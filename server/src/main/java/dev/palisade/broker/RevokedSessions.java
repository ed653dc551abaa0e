package dev.palisade.broker;

import dev.palisade.pki.CertificatesRevoked;
import dev.palisade.storage.AfterCommit;
import java.math.BigInteger;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Cuts the live sessions of revoked certificates the moment the revocation commits, on the committing thread: one
 * certificate, all of a device's, or everything a revoked CA issued. The same certificates are refused at the next
 * CONNECT by the PKI's revocation index.
 */
@Component
class RevokedSessions {

    private static final Logger log = LoggerFactory.getLogger(RevokedSessions.class);

    private final EmbeddedBroker broker;

    RevokedSessions(EmbeddedBroker broker) {
        this.broker = broker;
    }

    /**
     * Once the revocation commits. Not a durable event publication: the sessions it closes end with the process, and a
     * restarted broker checks every new connection against the recorded revocations.
     */
    @EventListener
    void on(CertificatesRevoked revoked) {
        AfterCommit.run("a revocation to live MQTT sessions", () -> {
            Set<BigInteger> serials = revoked.certificates().stream()
                    .map(certificate -> new BigInteger(certificate.serial(), 16))
                    .collect(Collectors.toSet());
            List<String> cut = broker.disconnectPresenting(revoked.issuer(), serials, "certificate revoked");
            if (!cut.isEmpty()) {
                log.info("Closed {} MQTT session(s) of revoked certificates ({})", cut.size(), revoked.reason());
            }
        });
    }
}
