package dev.palisade.broker.internal;

import com.hivemq.extension.sdk.api.interceptor.puback.PubackInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackInboundInput;
import com.hivemq.extension.sdk.api.interceptor.puback.parameter.PubackInboundOutput;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishOutboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishOutboundOutput;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import dev.palisade.broker.CommandDelivery;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Follows a command Palisade sends to one session until the device acknowledges it: the broker's publish service
 * answers once the message is queued for its subscribers, not once it reached them, and a session closed right after
 * would lose it. The outbound PUBLISH carrying the command's payload (unique: it holds the command id) names its packet
 * id; the device's PUBACK of that id is the receipt. At QoS 0 (the device subscribed so) no receipt can come: the
 * command counts as sent when it is handed to the connection.
 */
public final class CommandReceipts implements PublishOutboundInterceptor, PubackInboundInterceptor {

    private final ConcurrentMap<String, Pending> pending = new ConcurrentHashMap<>();

    /** Waits for the receipt of {@code payload} sent to {@code clientId}; one command per session at a time. */
    public CompletableFuture<CommandDelivery> expect(String clientId, byte[] payload) {
        var awaited = new Pending(ByteBuffer.wrap(payload.clone()));
        pending.put(clientId, awaited);
        return awaited.receipt;
    }

    public void forget(String clientId) {
        pending.remove(clientId);
    }

    @Override
    public void onOutboundPublish(PublishOutboundInput input, PublishOutboundOutput output) {
        Pending awaited = pending.get(input.getClientInformation().getClientId());
        if (awaited == null) {
            return;
        }
        var packet = input.getPublishPacket();
        if (!packet.getPayload().map(awaited.payload::equals).orElse(false)) {
            return;
        }
        if (packet.getQos() == Qos.AT_MOST_ONCE) {
            awaited.receipt.complete(CommandDelivery.SENT);
        } else {
            awaited.packetId = packet.getPacketId();
        }
    }

    @Override
    public void onInboundPuback(PubackInboundInput input, PubackInboundOutput output) {
        Pending awaited = pending.get(input.getClientInformation().getClientId());
        if (awaited == null) {
            return;
        }
        int acknowledged = input.getPubackPacket().getPacketIdentifier();
        int sent = awaited.packetId;
        // a packet id of 0 would mean the broker had not numbered the PUBLISH when it was intercepted: any PUBACK
        // after the command went out then counts; -1: it has not gone out yet
        if (sent == 0 || (sent > 0 && acknowledged == sent)) {
            awaited.receipt.complete(CommandDelivery.ACKNOWLEDGED);
        }
    }

    private static final class Pending {

        final ByteBuffer payload;
        final CompletableFuture<CommandDelivery> receipt = new CompletableFuture<>();
        /** The outbound PUBLISH's packet id; -1 until it went out. */
        volatile int packetId = -1;

        Pending(ByteBuffer payload) {
            this.payload = payload;
        }
    }
}
