package dev.palisade.agent;

import java.security.cert.X509Certificate;

/**
 * Where a device reaches Palisade, and the one certificate it trusts: the offline root, to which both the device
 * endpoint's and the broker's certificates chain.
 *
 * @param estPort the device HTTPS endpoint (EST)
 * @param mqttPort the broker's TLS listener
 */
public record Endpoints(String host, int estPort, int mqttPort, X509Certificate root) {}
