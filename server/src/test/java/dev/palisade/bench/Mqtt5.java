package dev.palisade.bench;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/** The few MQTT 5 packets a subscribing benchmark device sends and reads, encoded by hand. */
final class Mqtt5 {

    static final int CONNACK = 2;
    static final int PUBLISH = 3;
    static final int SUBACK = 9;

    private Mqtt5() {}

    /** A packet as received: its type, its flags (the low half of the first byte), and what follows its length. */
    record Packet(int type, int flags, byte[] body) {

        /**
         * Takes one whole packet from {@code buffer} (flipped, for reading), or leaves it as it was and returns null
         * when the packet has not wholly arrived yet.
         */
        static @Nullable Packet read(ByteBuffer buffer) {
            int start = buffer.position();
            if (buffer.remaining() < 2) {
                return null;
            }
            int first = Byte.toUnsignedInt(buffer.get());
            int length = 0;
            for (int shift = 0; ; shift += 7) {
                if (!buffer.hasRemaining()) {
                    buffer.position(start);
                    return null;
                }
                int digit = Byte.toUnsignedInt(buffer.get());
                length |= (digit & 0x7f) << shift;
                if ((digit & 0x80) == 0) {
                    break;
                }
            }
            if (buffer.remaining() < length) {
                buffer.position(start);
                return null;
            }
            byte[] body = new byte[length];
            buffer.get(body);
            return new Packet(first >>> 4, first & 0x0f, body);
        }

        int qos() {
            return (flags >>> 1) & 3;
        }

        /** A PUBLISH's topic. */
        String topic() {
            int length = ((body[0] & 0xff) << 8) | (body[1] & 0xff);
            return new String(body, 2, length, StandardCharsets.UTF_8);
        }

        /** A QoS 1 or 2 PUBLISH's packet identifier. */
        int packetId() {
            int at = 2 + (((body[0] & 0xff) << 8) | (body[1] & 0xff));
            return ((body[at] & 0xff) << 8) | (body[at + 1] & 0xff);
        }

        @Override
        public String toString() {
            return "packet type " + type + " " + HexFormat.of().formatHex(body);
        }
    }

    /** CONNECT: clean start, keep-alive 0 (the broker never times the session out), no properties, no will. */
    static byte[] connect(String clientId) {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer variable = ByteBuffer.allocate(11 + 2 + id.length);
        variable.putShort((short) 4)
                .put("MQTT".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 5);
        variable.put((byte) 0x02).putShort((short) 0).put((byte) 0);
        variable.putShort((short) id.length).put(id);
        return packet(0x10, variable.array());
    }

    /** SUBSCRIBE to one topic filter at QoS 1, no properties. */
    static byte[] subscribe(int packetId, String topic) {
        byte[] filter = topic.getBytes(StandardCharsets.UTF_8);
        ByteBuffer variable = ByteBuffer.allocate(2 + 1 + 2 + filter.length + 1);
        variable.putShort((short) packetId).put((byte) 0);
        variable.putShort((short) filter.length).put(filter).put((byte) 1);
        return packet(0x82, variable.array());
    }

    /** PUBACK, success. */
    static byte[] puback(int packetId) {
        return new byte[] {0x40, 2, (byte) (packetId >>> 8), (byte) packetId};
    }

    private static byte[] packet(int first, byte[] rest) {
        ByteBuffer packet = ByteBuffer.allocate(1 + 4 + rest.length);
        packet.put((byte) first);
        int length = rest.length;
        do {
            int digit = length & 0x7f;
            length >>>= 7;
            packet.put((byte) (length > 0 ? digit | 0x80 : digit));
        } while (length > 0);
        packet.put(rest);
        byte[] bytes = new byte[packet.position()];
        packet.flip().get(bytes);
        return bytes;
    }
}
