package dev.palisade.deviceapi;

/**
 * The ports the device-facing endpoints listen on once the server runs (they may have been chosen at random).
 *
 * @param https the device endpoint (EST), or -1 when disabled
 * @param http the CRL and OCSP endpoint, or -1 when disabled
 */
public record DevicePorts(int https, int http) {

    public static final DevicePorts NONE = new DevicePorts(-1, -1);
}
