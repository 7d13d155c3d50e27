#!/usr/bin/env python3
"""Known-answer values for SplitMix64Tests.swift.

A transcription of Vigna's reference C (https://prng.di.unimi.it/splitmix64.c):

    uint64_t next() {
        uint64_t z = (x += 0x9e3779b97f4a7c15);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
        z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
        return z ^ (z >> 31);
    }

(compiled and run, it prints the same numbers), plus our `nextUniform` (the top
53 bits times 2^-53) and `stream(seed:index:)`. Run from the repository root and
paste the output between the BEGIN/END GENERATED markers:

    python3 Tests/ToolkitTests/Support/generate_splitmix64_reference.py
"""
import math

MASK = (1 << 64) - 1


def splitmix64(seed):
    state = seed
    while True:
        state = (state + 0x9E3779B97F4A7C15) & MASK
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        yield z ^ (z >> 31)


def stream(seed, index):
    mixer = splitmix64(seed ^ ((index * 0xD1B54A32D192ED03) & MASK))
    return splitmix64(next(mixer))


def words(generator, count):
    return "[" + ", ".join("0x%016X" % next(generator) for _ in range(count)) + "]"


print("  static let firstOutputs: [(seed: UInt64, outputs: [UInt64])] = [")
for seed in [0, 1234567, MASK]:
    print("    (0x%X, %s)," % (seed, words(splitmix64(seed), 5)))
print("  ]")
uniform = splitmix64(42)
print("  static let uniformsFromSeed42: [Double] = [%s]"
      % ", ".join(repr((next(uniform) >> 11) * 2.0 ** -53) for _ in range(3)))
print("  static let stream7Index3: [UInt64] = %s" % words(stream(7, 3), 2))
normal = splitmix64(5)
draws = []
for _ in range(3):
    u = (next(normal) >> 11) * 2.0 ** -53
    while u == 0:
        u = (next(normal) >> 11) * 2.0 ** -53
    v = (next(normal) >> 11) * 2.0 ** -53
    draws.append(math.sqrt(-2 * math.log(u)) * math.cos(2 * math.pi * v))
print("  static let normalsFromSeed5: [Double] = [%s]" % ", ".join(repr(d) for d in draws))
