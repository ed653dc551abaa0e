package dev.palisade.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.Test;

class SoftwareKeysTest {

    @Test
    void softwareKeysCannotPassForTokenKeys() {
        assertThatThrownBy(() -> new SoftwareKeys(KeyOrigin.TOKEN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRequestNamesTheDeviceAndProvesPossessionOfItsKey() throws Exception {
        var keys = new SoftwareKeys(KeyOrigin.SIMULATED);
        var pair = keys.generate();

        var request = keys.request("meter-0042", pair);

        assertThat(request.getSubject()).isEqualTo(new X500Name("CN=meter-0042"));
        assertThat(request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pair.getPublic())))
                .isTrue();
        assertThat(request.getSubjectPublicKeyInfo().getEncoded())
                .isEqualTo(pair.getPublic().getEncoded());
    }
}
