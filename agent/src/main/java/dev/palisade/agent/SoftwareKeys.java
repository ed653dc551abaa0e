package dev.palisade.agent;

import java.security.KeyPair;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * Keys made by the JDK in memory: for devices without a secure element, which must say so ({@link
 * KeyOrigin#SOFTWARE}), and for simulated devices ({@link KeyOrigin#SIMULATED}).
 */
public record SoftwareKeys(KeyOrigin origin) implements DeviceKeys {

    public SoftwareKeys {
        if (origin == KeyOrigin.TOKEN) {
            throw new IllegalArgumentException("software keys cannot claim to come from a token");
        }
    }

    @Override
    public KeyPair generate() {
        return KeyPairs.p256();
    }

    @Override
    public PKCS10CertificationRequest request(String deviceId, KeyPair pair) {
        return KeyPairs.request(deviceId, pair, null);
    }
}
