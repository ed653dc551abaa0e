package dev.palisade.protocol.note;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NoteKeysTest {

    @Test
    void keyIdOfGosExampleKeyIsThePublishedOne() {
        VerifierKey key = VerifierKey.parse(GoNoteExample.VERIFIER_KEY);

        assertThat(NoteKeys.keyId("PeterNeumann", key.rawPublicKey())).isEqualTo(0xc74f20a3);
        assertThat(key.name()).isEqualTo("PeterNeumann");
    }

    @Test
    void verifierKeyOfGosExampleFormatsBackToTheSameString() {
        VerifierKey key = VerifierKey.parse(GoNoteExample.VERIFIER_KEY);

        assertThat(key.encoded()).isEqualTo(GoNoteExample.VERIFIER_KEY);
        assertThat(NoteKeys.verifierKey("PeterNeumann", key.publicKey())).isEqualTo(GoNoteExample.VERIFIER_KEY);
    }

    @Test
    void rawKeyAndJdkKeyConvertBothWays() {
        KeyPair pair = Ed25519TestKeys.generate();

        byte[] raw = NoteKeys.rawPublicKey(pair.getPublic());
        PublicKey back = NoteKeys.publicKey(raw);

        assertThat(raw).hasSize(32);
        assertThat(back.getEncoded()).isEqualTo(pair.getPublic().getEncoded());
        assertThat(NoteKeys.rawPublicKey(back)).isEqualTo(raw);
    }

    @Test
    void verifierKeyRoundTripsForAFreshKey() {
        KeyPair pair = Ed25519TestKeys.generate();

        String encoded = NoteKeys.verifierKey("palisade.example/log", pair.getPublic());
        VerifierKey parsed = NoteKeys.parseVerifierKey(encoded);

        assertThat(parsed.encoded()).isEqualTo(encoded);
        assertThat(parsed.rawPublicKey()).isEqualTo(NoteKeys.rawPublicKey(pair.getPublic()));
        assertThat(parsed.keyId()).isEqualTo(NoteKeys.keyId("palisade.example/log", pair.getPublic()));
        assertThat(encoded).startsWith("palisade.example/log+" + VerifierKey.formatKeyId(parsed.keyId()) + "+A");
    }

    @Test
    void verifierKeyWhoseBase64ContainsPlusRoundTrips() {
        byte[] raw = new byte[32];
        Arrays.fill(raw, (byte) 0xfb);
        VerifierKey key = new VerifierKey("log", raw);

        String encoded = key.encoded();

        assertThat(encoded.substring("log+12345678+".length())).contains("+");
        assertThat(VerifierKey.parse(encoded)).isEqualTo(key);
    }

    @Test
    void keyIdDependsOnTheName() {
        byte[] raw = VerifierKey.parse(GoNoteExample.VERIFIER_KEY).rawPublicKey();

        assertThat(NoteKeys.keyId("PeterNeumann2", raw)).isNotEqualTo(NoteKeys.keyId("PeterNeumann", raw));
    }

    @Test
    void refusesKeysThatAreNotEd25519() throws Exception {
        PublicKey ed448 =
                KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic();
        PublicKey rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic();

        assertThatThrownBy(() -> NoteKeys.rawPublicKey(ed448))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an Ed25519 public key");
        assertThatThrownBy(() -> NoteKeys.rawPublicKey(rsa)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NoteKeys.publicKey(new byte[31]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes long, not 31");
    }

    @Test
    void parseRefusesAVerifierKeyWhoseKeyIdDoesNotMatch() {
        String wrongId = GoNoteExample.VERIFIER_KEY.replace("c74f20a3", "c74f20a4");

        assertThatThrownBy(() -> VerifierKey.parse(wrongId))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("states key id c74f20a4 but its name and key give c74f20a3");
    }

    @Test
    void parseRefusesMalformedVerifierKeys() {
        String key = GoNoteExample.VERIFIER_KEY.split("\\+", 3)[2];
        byte[] typed = Base64.getDecoder().decode(key);
        typed[0] = 0x02;
        String ecdsaTyped = "PeterNeumann+c74f20a3+" + Base64.getEncoder().encodeToString(typed);

        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+c74f20a3"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no second '+'");
        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+c74f20a+" + key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("8 hex digits");
        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+c74f20a3+" + key.substring(4)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VerifierKey.parse(ecdsaTyped))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("type byte 0x01");
        assertThatThrownBy(() -> VerifierKey.parse("Peter Neumann+c74f20a3+" + key))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("white space");
    }

    @Test
    void keyNamesMustBeNonEmptyWithoutSpacesOrPlus() {
        assertThat(NoteKeys.requireValidKeyName("sum.golang.org")).isEqualTo("sum.golang.org");
        assertThat(NoteKeys.requireValidKeyName("palisade.example/log/été")).isNotEmpty();

        for (String bad :
                new String[] {"", "a b", "a\tb", "a\nb", "a+b", "a\u00a0b", "a\u2003b", "a\u0085b", "a\u0001b"}) {
            assertThatThrownBy(() -> NoteKeys.requireValidKeyName(bad))
                    .as("%s", bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
