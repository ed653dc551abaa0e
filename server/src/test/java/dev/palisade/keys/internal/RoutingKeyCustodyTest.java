package dev.palisade.keys.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustodyException;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routing between token and keystore; a second PKCS#12 store stands in for the token (see Pkcs11KeyCustodyIT). */
class RoutingKeyCustodyTest {

    private static final char[] PASSPHRASE = "routing".toCharArray();
    private static final KeyAlias AUDIT = KeyAlias.of("audit-checkpoint");
    private static final KeyAlias CA = KeyAlias.of("tenant/acme/issuing-ca");

    @TempDir
    Path dir;

    private Pkcs12KeyCustody token;
    private Pkcs12KeyCustody keystore;
    private RoutingKeyCustody custody;

    @BeforeEach
    void openStores() {
        token = Pkcs12KeyCustody.open(dir.resolve("token.p12"), PASSPHRASE, Clock.systemUTC());
        keystore = Pkcs12KeyCustody.open(dir.resolve("keystore.p12"), PASSPHRASE, Clock.systemUTC());
        custody = new RoutingKeyCustody(token, keystore);
    }

    @Test
    void ed25519KeysGoToTheKeystoreAndAllOthersToTheToken() {
        custody.getOrCreate(AUDIT, KeyAlgorithm.ED25519);
        custody.getOrCreate(CA, KeyAlgorithm.ECDSA_P384);

        assertThat(keystore.find(AUDIT)).isPresent();
        assertThat(token.find(AUDIT)).isEmpty();
        assertThat(token.find(CA)).isPresent();
        assertThat(keystore.find(CA)).isEmpty();
    }

    @Test
    void findsKeysInTheStoreTheirAlgorithmBelongsIn() {
        var audit = keystore.getOrCreate(AUDIT, KeyAlgorithm.ED25519);
        var ca = token.getOrCreate(CA, KeyAlgorithm.RSA_3072);

        assertThat(custody.find(AUDIT).orElseThrow().publicKey()).isEqualTo(audit.publicKey());
        assertThat(custody.find(CA).orElseThrow().publicKey()).isEqualTo(ca.publicKey());
        assertThat(custody.find(KeyAlias.of("absent"))).isEmpty();
    }

    @Test
    void anExistingKeyIsNeverSilentlyReplacedByAnotherAlgorithmInTheOtherStore() {
        custody.getOrCreate(AUDIT, KeyAlgorithm.ED25519);

        assertThatThrownBy(() -> custody.getOrCreate(AUDIT, KeyAlgorithm.ECDSA_P256))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("exists with algorithm ED25519, not ECDSA_P256");
        assertThat(token.find(AUDIT)).isEmpty();
    }

    @Test
    void aKeyLeftInTheKeystoreThatBelongsInTheTokenIsReportedNotUsed() {
        // as after switching an installation from palisade.keys.backend=pkcs12 to pkcs11
        keystore.getOrCreate(CA, KeyAlgorithm.ECDSA_P256);

        assertThatThrownBy(() -> custody.find(CA))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("ECDSA_P256 key in the PKCS#12 keystore")
                .hasMessageContaining("live in the PKCS#11 token");
        assertThatThrownBy(() -> custody.getOrCreate(CA, KeyAlgorithm.ECDSA_P256))
                .isInstanceOf(KeyCustodyException.class);
        assertThat(token.find(CA)).isEmpty();
    }

    @Test
    void anAliasInBothStoresIsReported() {
        token.getOrCreate(CA, KeyAlgorithm.ECDSA_P256);
        keystore.getOrCreate(CA, KeyAlgorithm.ECDSA_P256);

        assertThatThrownBy(() -> custody.find(CA))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("exists both in the PKCS#11 token");
    }
}
