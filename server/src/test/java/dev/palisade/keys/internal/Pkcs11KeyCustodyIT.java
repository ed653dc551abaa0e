package dev.palisade.keys.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.palisade.keys.KeyAlgorithm;
import dev.palisade.keys.KeyAlias;
import dev.palisade.keys.KeyCustodyException;
import dev.palisade.keys.Pkcs11Settings;
import dev.palisade.keys.SigningKey;
import dev.palisade.keys.SoftHsmToken;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Key custody in a real SoftHSM2 token through the JDK's SunPKCS11 provider. */
class Pkcs11KeyCustodyIT {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final byte[] MESSAGE = "checkpoint".getBytes(StandardCharsets.UTF_8);

    private static SoftHsmToken token;
    private static Pkcs11KeyCustody custody;

    @BeforeAll
    static void openToken() {
        token = SoftHsmToken.initialise(Pkcs11KeyCustodyIT.class);
        custody = Pkcs11KeyCustody.open(token.settings(), token.pin().toCharArray(), CLOCK);
    }

    @ParameterizedTest
    @EnumSource(
            value = KeyAlgorithm.class,
            names = {"ECDSA_P256", "ECDSA_P384", "RSA_3072"})
    void createsKeysInTheTokenThatSignVerifiably(KeyAlgorithm algorithm) throws Exception {
        var alias = KeyAlias.of("sign/" + algorithm.name().toLowerCase(Locale.ROOT));

        SigningKey key = custody.getOrCreate(alias, algorithm);
        byte[] signature = key.sign(MESSAGE);

        assertThat(verifies(key.publicKey(), algorithm, signature)).isTrue();
        assertThat(key.algorithm()).isEqualTo(algorithm);
        assertThat(key).isInstanceOf(Pkcs11SigningKey.class);
    }

    @Test
    void keysSurviveReopeningTheTokenThroughANewProviderAndModule() throws Exception {
        var alias = KeyAlias.of("tenant/reopen/issuing-ca");
        SigningKey created = custody.getOrCreate(alias, KeyAlgorithm.ECDSA_P384);

        var reopened =
                Pkcs11KeyCustody.open(token.reloaded().settings(), token.pin().toCharArray(), CLOCK);
        SigningKey found = reopened.find(alias).orElseThrow();

        assertThat(found.algorithm()).isEqualTo(KeyAlgorithm.ECDSA_P384);
        assertThat(found.publicKey().getEncoded()).isEqualTo(created.publicKey().getEncoded());
        assertThat(verifies(created.publicKey(), KeyAlgorithm.ECDSA_P384, found.sign(MESSAGE)))
                .isTrue();
        assertThat(((Pkcs11SigningKey) found).token().getName())
                .isNotEqualTo(((Pkcs11SigningKey) created).token().getName());
    }

    @Test
    void privateKeysCannotBeExportedFromTheToken() throws Exception {
        var alias = KeyAlias.of("export/attempt");
        var created = (Pkcs11SigningKey) custody.getOrCreate(alias, KeyAlgorithm.ECDSA_P256);
        var reopened =
                Pkcs11KeyCustody.open(token.reloaded().settings(), token.pin().toCharArray(), CLOCK);
        var found = (Pkcs11SigningKey) reopened.find(alias).orElseThrow();

        for (Pkcs11SigningKey key : List.of(created, found)) {
            KeyFactory tokenKeys = KeyFactory.getInstance("EC", key.token());

            assertThat(key.privateKey().getEncoded()).isNull();
            assertThatThrownBy(() -> tokenKeys.getKeySpec(key.privateKey(), ECPrivateKeySpec.class))
                    .isInstanceOf(InvalidKeySpecException.class);
            assertThatThrownBy(() -> tokenKeys.getKeySpec(key.privateKey(), PKCS8EncodedKeySpec.class))
                    .isInstanceOf(InvalidKeySpecException.class);
        }
    }

    @Test
    void aWrongPinIsAClearErrorThatDoesNotContainThePin() {
        // A newly loaded module is not logged in yet: a module that is would accept any PIN.
        Pkcs11Settings wrongPin = token.reloaded().settingsWithPin("wrong-pin-4711");

        assertThatThrownBy(() -> Pkcs11KeyCustody.open(wrongPin, "wrong-pin-4711".toCharArray(), CLOCK))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("refused the user PIN")
                .hasMessageContaining("slot " + token.slot())
                .hasMessageContaining("palisade.keys.pkcs11.pin-file")
                .satisfies(failure -> {
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        assertThat(String.valueOf(t.getMessage()))
                                .doesNotContain("wrong-pin-4711")
                                .doesNotContain(token.pin());
                    }
                });
    }

    @Test
    void aMissingModuleIsAClearError() {
        var missing = new Pkcs11Settings(Path.of("/opt/no-such-hsm/libpkcs11.so"), token.slot(), null, null, "1234");

        assertThatThrownBy(() -> Pkcs11KeyCustody.open(missing, "1234".toCharArray(), CLOCK))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("/opt/no-such-hsm/libpkcs11.so does not exist")
                .hasMessageContaining("palisade.keys.pkcs11.library");
    }

    @Test
    void aMissingSlotIsAClearError() {
        var missing = new Pkcs11Settings(token.library(), 987654L, null, null, token.pin());

        assertThatThrownBy(() -> Pkcs11KeyCustody.open(missing, token.pin().toCharArray(), CLOCK))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("there is no slot 987654 of " + token.library())
                .hasMessageContaining("palisade.keys.pkcs11.slot");
    }

    @Test
    void signingConcurrentlyFromManyThreadsWorks() throws Exception {
        SigningKey key = custody.getOrCreate(KeyAlias.of("concurrent"), KeyAlgorithm.ECDSA_P256);
        List<Callable<Boolean>> signers = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            signers.add(() -> {
                for (int i = 0; i < 200; i++) {
                    byte[] message = ("message " + i).getBytes(StandardCharsets.UTF_8);
                    if (!verifies(key.publicKey(), KeyAlgorithm.ECDSA_P256, key.sign(message), message)) {
                        return false;
                    }
                }
                return true;
            });
        }

        List<Boolean> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> result : pool.invokeAll(signers)) {
                results.add(result.get());
            }
        }

        assertThat(results).hasSize(8).containsOnly(true);
    }

    @Test
    void anExistingKeyIsNeverSilentlyReplacedByAnotherAlgorithm() {
        var alias = KeyAlias.of("tenant/clash/issuing-ca");
        custody.getOrCreate(alias, KeyAlgorithm.ECDSA_P256);

        assertThatThrownBy(() -> custody.getOrCreate(alias, KeyAlgorithm.RSA_3072))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("exists with algorithm ECDSA_P256, not RSA_3072");
        assertThat(custody.find(alias).orElseThrow().algorithm()).isEqualTo(KeyAlgorithm.ECDSA_P256);
    }

    @Test
    void ed25519KeysAreRefusedBecauseTheProviderCannotHoldThem() {
        assertThatThrownBy(() -> custody.getOrCreate(KeyAlias.of("audit-checkpoint"), KeyAlgorithm.ED25519))
                .isInstanceOf(KeyCustodyException.class)
                .hasMessageContaining("does not support Ed25519");
        assertThat(custody.find(KeyAlias.of("audit-checkpoint"))).isEmpty();
    }

    @Test
    void keysDoNotPrintTheirPrivateHalf() {
        SigningKey key = custody.getOrCreate(KeyAlias.of("printed"), KeyAlgorithm.ECDSA_P256);

        assertThat(key.toString()).isEqualTo("SigningKey[printed, ECDSA_P256]");
    }

    private static boolean verifies(PublicKey publicKey, KeyAlgorithm algorithm, byte[] signature) throws Exception {
        return verifies(publicKey, algorithm, signature, MESSAGE);
    }

    /** Verifies with the JDK's default providers: nothing of the token is involved. */
    private static boolean verifies(PublicKey publicKey, KeyAlgorithm algorithm, byte[] signature, byte[] message)
            throws Exception {
        Signature verifier = Signature.getInstance(algorithm.signatureAlgorithm());
        verifier.initVerify(publicKey);
        verifier.update(message);
        return verifier.verify(signature);
    }
}
