package dev.palisade.broker.internal;

import dev.palisade.broker.ConnectedDevice;
import dev.palisade.policy.CompiledPolicy;

/**
 * One live session as the extension keeps it: who, the tenant's topic tree it lives in, and the decisions compiled
 * for it, and a mark of the connection it belongs to. Every PUBLISH, SUBSCRIBE and delivery of the session is decided on this, in memory.
 */
record BrokerSession(ConnectedDevice device, TopicMount mount, CompiledPolicy policy, String connection) {}
