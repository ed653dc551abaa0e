package dev.palisade.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class KeysSettingsTest {

    private static final Path SOFTHSM = Path.of("/usr/lib/softhsm/libsofthsm2.so");

    @Test
    void withoutSettingsKeysStayInThePkcs12Keystore() {
        KeysSettings settings = bind(new Binder(new MapConfigurationPropertySource()));

        assertThat(settings.backend()).isEqualTo(KeysSettings.Backend.PKCS12);
        assertThat(settings.keystore()).isNull();
        assertThat(settings.pkcs11().library()).isNull();
    }

    @Test
    void bindsTheTokenFromProperties() {
        var properties = new MapConfigurationPropertySource(Map.of(
                "palisade.keys.backend", "pkcs11",
                "palisade.keys.keystore", "/var/lib/palisade/keys.p12",
                "palisade.keys.pkcs11.library", SOFTHSM.toString(),
                "palisade.keys.pkcs11.slot", "1379988367",
                "palisade.keys.pkcs11.pin-file", "/run/secrets/hsm-pin"));

        KeysSettings settings = bind(new Binder(properties));

        assertThat(settings.backend()).isEqualTo(KeysSettings.Backend.PKCS11);
        assertThat(settings.keystore()).isEqualTo(Path.of("/var/lib/palisade/keys.p12"));
        assertThat(settings.pkcs11())
                .isEqualTo(new Pkcs11Settings(SOFTHSM, 1379988367L, null, Path.of("/run/secrets/hsm-pin"), null));
    }

    @Test
    void bindsTheTokenFromEnvironmentVariables() {
        var environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of(
                        "PALISADE_KEYS_BACKEND", "pkcs11",
                        "PALISADE_KEYS_PKCS11_LIBRARY", SOFTHSM.toString(),
                        "PALISADE_KEYS_PKCS11_SLOT_LIST_INDEX", "0",
                        "PALISADE_KEYS_PKCS11_PIN", "4711-from-the-environment"));

        KeysSettings settings = bind(new Binder(Objects.requireNonNull(ConfigurationPropertySource.from(environment))));

        assertThat(settings.pkcs11())
                .isEqualTo(new Pkcs11Settings(SOFTHSM, null, 0, null, "4711-from-the-environment"));
    }

    @Test
    void bindsThePinFileFromItsEnvironmentVariable() {
        var environment = new SystemEnvironmentPropertySource(
                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                Map.of("PALISADE_KEYS_PKCS11_PIN_FILE", "/run/secrets/hsm-pin"));

        KeysSettings settings = bind(new Binder(Objects.requireNonNull(ConfigurationPropertySource.from(environment))));

        assertThat(settings.pkcs11().pinFile()).isEqualTo(Path.of("/run/secrets/hsm-pin"));
    }

    @Test
    void theTokenBackendNeedsTheModule() {
        var token = new Pkcs11Settings(null, 1L, null, null, "1234");

        assertThatThrownBy(() -> new KeysSettings(KeysSettings.Backend.PKCS11, null, null, null, token))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs palisade.keys.pkcs11.library");
    }

    @Test
    void theTokenBackendNeedsASlot() {
        var token = new Pkcs11Settings(SOFTHSM, null, null, null, "1234");

        assertThatThrownBy(() -> new KeysSettings(KeysSettings.Backend.PKCS11, null, null, null, token))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs palisade.keys.pkcs11.slot")
                .hasMessageContaining("softhsm2-util --show-slots");
    }

    @Test
    void theTokenBackendNeedsAPin() {
        var token = new Pkcs11Settings(SOFTHSM, 1L, null, null, " ");

        assertThatThrownBy(() -> new KeysSettings(KeysSettings.Backend.PKCS11, null, null, null, token))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("palisade.keys.pkcs11.pin-file")
                .hasMessageContaining("PALISADE_KEYS_PKCS11_PIN");
    }

    @Test
    void refusesAmbiguousOrUnusableTokenSettings() {
        assertThatThrownBy(() -> new Pkcs11Settings(SOFTHSM, 1L, 0, null, "1234"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new Pkcs11Settings(SOFTHSM, 1L, null, Path.of("/pin"), "1234"))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> new Pkcs11Settings(Path.of("libsofthsm2.so"), 1L, null, null, "1234"))
                .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> new Pkcs11Settings(Path.of("/opt/hsm\"/lib.so"), 1L, null, null, "1234"))
                .hasMessageContaining("must not contain quotes");
        assertThatThrownBy(() -> new Pkcs11Settings(SOFTHSM, -1L, null, null, "1234"))
                .hasMessageContaining("must not be negative");
    }

    @Test
    void tokenSettingsAreOnlyCheckedWhenTheTokenBackendIsChosen() {
        var incomplete = new Pkcs11Settings(SOFTHSM, null, null, null, null);

        var settings = new KeysSettings(KeysSettings.Backend.PKCS12, null, null, null, incomplete);

        assertThat(settings.backend()).isEqualTo(KeysSettings.Backend.PKCS12);
    }

    @Test
    void printedSettingsDoNotContainSecrets() {
        var settings = new KeysSettings(
                KeysSettings.Backend.PKCS11,
                null,
                null,
                "keystore-passphrase-1",
                new Pkcs11Settings(SOFTHSM, 1L, null, null, "token-pin-2"));

        assertThat(settings.toString())
                .contains("PKCS11", SOFTHSM.toString())
                .doesNotContain("keystore-passphrase-1")
                .doesNotContain("token-pin-2");
    }

    private static KeysSettings bind(Binder binder) {
        return binder.bindOrCreate("palisade.keys", KeysSettings.class);
    }
}
