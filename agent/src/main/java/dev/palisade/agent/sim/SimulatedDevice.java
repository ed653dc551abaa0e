package dev.palisade.agent.sim;

import dev.palisade.agent.DeviceCredential;

/** A device as it leaves the factory: its id and the bootstrap credential it enrols with. */
public record SimulatedDevice(String id, DeviceCredential bootstrap) {}
