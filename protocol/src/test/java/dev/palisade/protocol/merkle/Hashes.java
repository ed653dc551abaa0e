package dev.palisade.protocol.merkle;

import java.util.HexFormat;
import java.util.List;

/** Test helper: hex renderings make lists of hashes comparable by value and readable in failure messages. */
final class Hashes {

    private Hashes() {}

    static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HexFormat.of()::formatHex).toList();
    }
}
