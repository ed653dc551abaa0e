import os, random, sys
size_mb = int(sys.argv[1]); out_a, out_b = sys.argv[2], sys.argv[3]
rng = random.Random(42)
size = size_mb * 1024 * 1024
# firmware-like: code-ish sections (repetitive with variation), string tables, compressed (random) blobs, zero padding
words = [bytes(rng.getrandbits(8) for _ in range(rng.randint(2, 8))) for _ in range(4096)]
parts = []; total = 0
while total < size:
    kind = rng.random()
    n = rng.randint(16, 256) * 1024
    if kind < 0.55:
        b = bytearray()
        while len(b) < n:
            b += words[min(int(rng.expovariate(1/300)), 4095)]
        chunk = bytes(b[:n])
    elif kind < 0.75:
        chunk = b"".join(b"str_%06d_%s\0" % (rng.randint(0, 999999), b"abcdefghij"[: rng.randint(1, 10)]) for _ in range(n // 16))[:n]
    elif kind < 0.92:
        chunk = rng.randbytes(n)
    else:
        chunk = bytes(n)
    parts.append(chunk); total += len(chunk)
a = b"".join(parts)[:size]
open(out_a, "wb").write(a)
# the new version: patched regions, inserted blocks (shifting what follows), removed blocks, fresh random data
b = bytearray(a)
for _ in range(40):            # small in-place patches (changed constants, fixed functions)
    at = rng.randrange(len(b) - 4096); n = rng.randint(16, 4096)
    b[at:at + n] = rng.randbytes(n)
for _ in range(8):             # inserted code: shifts everything after it
    at = rng.randrange(len(b)); b[at:at] = bytes(rng.choice(words)) * rng.randint(100, 4000) + rng.randbytes(rng.randint(1000, 20000))
for _ in range(4):             # removed blocks
    at = rng.randrange(len(b) - 200000); del b[at:at + rng.randint(10000, 200000)]
at = rng.randrange(len(b)); b[at:at] = rng.randbytes(512 * 1024)   # a new compressed resource
open(out_b, "wb").write(bytes(b))
