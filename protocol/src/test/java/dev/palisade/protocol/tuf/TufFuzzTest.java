package dev.palisade.protocol.tuf;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import org.junit.jupiter.api.Test;

/** Random mutations of valid metadata end in a refusal value, never in an exception, and never in trust. */
class TufFuzzTest {

    private static final long SEED = 0x7475665fL;

    @Test
    void mutatedMetadataIsRefusedWithoutThrowing() {
        RandomGenerator random = RandomGeneratorFactory.of("L64X128MixRandom").create(SEED);
        TestRepository repo = new TestRepository();
        repo.addTarget("app/fw.bin", new byte[] {1, 2, 3});
        repo.rootVersion++;
        repo.publishRoot();
        repo.publish();
        String[] files = {"2.root.json", "timestamp.json", "2.snapshot.json", "2.targets.json"};
        int accepted = 0;

        for (int round = 0; round < 400; round++) {
            String file = files[round % files.length];
            byte[] original = repo.file(file);
            byte[] mutated = mutate(original, random);
            repo.metadata.put(file, mutated);

            UpdateResult result = repo.updater(new TestRepository.MemoryStore()).refresh();

            if (result instanceof UpdateResult.Updated) {
                accepted++;
            }
            repo.metadata.put(file, original);
        }

        assertThat(accepted).isZero();
    }

    private static byte[] mutate(byte[] original, RandomGenerator random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(4)) {
            case 0 -> {
                int at = random.nextInt(bytes.length);
                bytes[at] = (byte) (bytes[at] ^ (1 << random.nextInt(8)));
            }
            case 1 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
            case 2 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            default -> {
                int from = random.nextInt(bytes.length);
                int to = random.nextInt(bytes.length);
                bytes[to] = original[from];
                bytes[from] = original[to];
            }
        }
        if (MessageDigest.isEqual(bytes, original)) {
            // a byte set to the value it had, or two equal bytes swapped: that is the valid file, which must be trusted
            bytes[random.nextInt(bytes.length)] ^= 1;
        }
        return bytes;
    }
}
