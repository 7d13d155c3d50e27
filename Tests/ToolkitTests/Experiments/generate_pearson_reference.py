#!/usr/bin/env python3
"""Golden numbers for PearsonCorrelationTests.swift and IncompleteBetaTests.swift.

Run from the repository root and paste the output between the BEGIN/END
GENERATED markers of Tests/ToolkitTests/Experiments/PearsonCorrelationTests.swift:

    python3 Tests/ToolkitTests/Experiments/generate_pearson_reference.py

The samples are written out in full (not drawn from a generator) so that Swift
reads exactly the numbers scipy saw.
"""
import numpy as np
import scipy
from scipy import special, stats


def swift_array(values):
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


rng = np.random.default_rng(20240501)
cases = []
# (name, n, true correlation): weak, moderate, strong, negative, tiny sample.
for name, n, rho in [("weak", 30, 0.1), ("moderate", 20, 0.5), ("strong", 50, 0.95),
                     ("negative", 12, -0.7), ("four", 4, 0.3)]:
    x = rng.normal(size=n)
    y = rho * x + np.sqrt(1 - rho ** 2) * rng.normal(size=n)
    x, y = np.round(x, 6), np.round(y, 6)
    result = stats.pearsonr(x, y)
    ci = result.confidence_interval(confidence_level=0.95)
    ci90 = result.confidence_interval(confidence_level=0.90)
    cases.append((name, x, y) + tuple(float(v) for v in (result.statistic, result.pvalue, ci.low, ci.high, ci90.low, ci90.high)))

print(f"  // scipy {scipy.__version__}, numpy {np.__version__}")
print("  static let cases: [Reference] = [")
for name, x, y, r, p, lo, hi, lo90, hi90 in cases:
    print(f"    Reference(")
    print(f"      name: \"{name}\",")
    print(f"      x: {swift_array(x)},")
    print(f"      y: {swift_array(y)},")
    print(f"      r: {r!r}, pValue: {p!r},")
    print(f"      interval95: {lo!r} ... {hi!r}, interval90: {lo90!r} ... {hi90!r}),")
print("  ]")

print("  static let incompleteBeta: [(x: Double, a: Double, b: Double, value: Double)] = [")
for x, a, b in [(0.1, 0.5, 0.5), (0.5, 2.0, 3.0), (0.9, 14.0, 0.5), (0.3, 100.0, 100.0),
                (0.55, 100.0, 100.0), (0.6, 1.5, 7.0), (1e-4, 0.5, 20.0)]:
    print(f"    ({x!r}, {a!r}, {b!r}, {float(special.betainc(a, b, x))!r}),")
print("  ]")

print("  static let normalQuantiles: [(p: Double, z: Double)] = [")
for p in [0.5, 0.975, 0.95, 0.001, 1e-10, 0.8]:
    print(f"    ({p!r}, {float(special.ndtri(p))!r}),")
print("  ]")
