// The benchmark behind design.md D12: an SGD step, dgemm rates, the teleport, ψ and φ,
// each beside our own PyTorch implementation of the same operation, measured in the same run.
//
// Run `make bench` (release build). When `.venv-bench/` exists (`make bench-pytorch`
// makes it), Bench runs scripts/bench/pytorch_bench.py after its own measurements and
// prints both times and their ratio for each operation; without it, our figures alone
// and how to get the comparison. It is not a test, and its numbers depend on the CPU,
// the OpenBLAS kernel it reports and the load of the machine (it prints the load average).

import Foundation
import Toolkit

// MARK: - Timing

/// Time per call of each body, in microseconds, over `repeats` rounds of
/// `iterations` calls each (after an untimed warm-up): the median wall time,
/// the best wall time, and the median CPU time of this thread. The bodies
/// take turns round by round, so that a busy neighbour on a shared machine
/// slows them all alike and their ratios stay fair; the CPU time does not
/// count the time other processes held the core.
func microsecondsPerCall(repeats: Int = 7, iterations: Int, _ bodies: [() -> Void])
  -> [(median: Double, best: Double, cpu: Double)]
{
  for body in bodies { for _ in 0..<max(1, iterations / 10) { body() } }
  var wall = Array(repeating: [Double](), count: bodies.count), cpu = wall
  for _ in 0..<repeats {
    for (k, body) in bodies.enumerated() {
      let (wall0, cpu0) = (now(CLOCK_MONOTONIC), now(CLOCK_THREAD_CPUTIME_ID))
      for _ in 0..<iterations { body() }
      wall[k].append((now(CLOCK_MONOTONIC) - wall0) * 1e6 / Double(iterations))
      cpu[k].append((now(CLOCK_THREAD_CPUTIME_ID) - cpu0) * 1e6 / Double(iterations))
    }
  }
  return bodies.indices.map { k in
    let (w, c) = (wall[k].sorted(), cpu[k].sorted())
    return (w[w.count / 2], w[0], c[c.count / 2])
  }
}

/// The same for a single body.
func microsecondsPerCall(repeats: Int = 7, iterations: Int, _ body: @escaping () -> Void)
  -> (median: Double, best: Double, cpu: Double)
{
  microsecondsPerCall(repeats: repeats, iterations: iterations, [body])[0]
}

/// Seconds on the given POSIX clock.
func now(_ clock: clockid_t) -> Double {
  var t = timespec()
  clock_gettime(clock, &t)
  return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// "12.3" with three significant digits.
func f3(_ x: Double) -> String { formatSignificant(x, 3) }

// MARK: - Header

let cpuFlags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
print("Bench: OpenBLAS kernel \(BLAS.coreName)")
if BLAS.coreName.lowercased() == "prescott" && cpuFlags.contains("avx512f") {
  print("  hint: this CPU has AVX-512 but OpenBLAS chose its generic Prescott kernel;")
  print("        rerun with OPENBLAS_CORETYPE=SkylakeX for about 5× faster products (design.md D2)")
}
BLAS.setThreadCount(1)
print(
  "Bench: load average \(loadAverage()) on \(ProcessInfo.processInfo.activeProcessorCount) cores "
    + "(timings are medians; a busy machine slows both sides of a ratio)")

// MARK: - (a) One SGD step of [784, 16, 10, 10] on a batch of 20

var rng = SplitMix64(seed: 2024)
var net = MLP(dimensions: [784, 16, 10, 10], using: &rng)
let batch = Matrix.uniform(784, 20, using: &rng)
let labels = (0..<20).map { _ in Int(rng.next() % 10) }
// The same step with the gradient from the generic engine (a graph of
// Variables), which is what teleportation differentiates through.
var engineNet = net
// The two products with the 784-wide input are most of the FLOPs: W₁X
// forward and ḡ Xᵀ for ∂ℒ/∂W₁ backward. Their time is the floor for a step.
let hiddenCotangent = Matrix.uniform(16, 20, using: &rng)
let timings = microsecondsPerCall(
  iterations: 2000,
  [
    { net.sgdStep(input: batch, labels: labels, learningRate: 1e-3) },
    {
      let (_, gradients) = engineNet.lossAndGradient(input: batch, labels: labels)
      for i in engineNet.weights.indices { engineNet.weights[i].add(gradients[i], scaledBy: -1e-3) }
    },
    { _ = net.loss(input: batch, labels: labels) },
    {
      _ = matmul(net.weights[0], batch)  // [16, 20]
      _ = matmul(hiddenCotangent, batch, transposeB: .transposed)  // [16, 784]
    },
  ])
let (step, engineStep, forwardOnly, floor) = (timings[0], timings[1], timings[2], timings[3])
print("")
print("(a) SGD step, MLP [784, 16, 10, 10], batch 20 (forward, backward, update)")
print(
  "    \(f3(step.median)) µs per step, median of 7 × 2000 (best \(f3(step.best)) µs, "
    + "CPU time \(f3(step.cpu)) µs); forward alone \(f3(forwardOnly.median)) µs")
print(
  "    with the generic engine's gradient instead of hand-derived backpropagation: "
    + "\(f3(engineStep.median)) µs (CPU time \(f3(engineStep.cpu)) µs)")
print(
  "    the two 784-wide products alone: \(f3(floor.median)) µs (CPU time \(f3(floor.cpu)) µs), "
    + "so the rest of the step costs \(f3(step.cpu - floor.cpu)) µs of CPU time")

/// `--sgd-only` (the Makefile's debug-build measurement) stops after (a).
if CommandLine.arguments.contains("--sgd-only") { exit(0) }

// MARK: - (b) dgemm rates

print("")
print("(b) BLAS, single-threaded, kernel \(BLAS.coreName)")
for (m, k, n, iterations) in [
  (16, 784, 20, 5000), (16, 784, 200, 1000), (400, 784, 200, 20), (512, 512, 512, 5),
] {
  let a = Matrix.uniform(m, k, using: &rng), b = Matrix.uniform(k, n, using: &rng)
  let micro = microsecondsPerCall(repeats: 5, iterations: iterations) { _ = matmul(a, b) }.median
  let gflops = 2 * Double(m * k * n) / (micro * 1e3)
  print("    dgemm \(m)×\(k) · \(k)×\(n): \(f3(micro)) µs, \(f3(gflops)) GFLOP/s")
}
let gramInput = Matrix.uniform(784, 200, using: &rng)
let syrk = microsecondsPerCall(repeats: 5, iterations: 50) { _ = BLAS.gramOfColumns(gramInput) }
  .median
print(
  "    dsyrk XᵀX, X 784×200: \(f3(syrk)) µs, \(f3(Double(784 * 200 * 201) / (syrk * 1e3))) GFLOP/s")

// MARK: - (c) One teleport, as the paper's MNIST experiments do it

// Action (C) on every pair, 10 re-linearised ascent steps on ‖∇ℒ‖², batch 200 (paper §3.5),
// no cap so that both paths (and PyTorch) take all 10 steps.
let mnistNet = MLP(dimensions: [784, 16, 10, 10], using: &rng)
let teleportBatch = Batch(
  input: .uniform(784, 200, using: &rng),
  labels: (0..<200).map { _ in Int(rng.next() % 10) })
let teleportSettings = TeleportSettings(learningRate: 1e-4, stepCount: 10, objectiveCap: nil)
let fastTeleporter = Teleporter(
  symmetry: NetworkSymmetry(ProjectedAction()), settings: teleportSettings)
let referenceTeleporter = Teleporter(
  symmetry: NetworkSymmetry(ProjectedAction()), settings: teleportSettings,
  path: .reference)
let teleportTimes = microsecondsPerCall(
  repeats: 5, iterations: 5,
  [
    { _ = try? fastTeleporter.teleport(mnistNet.weights, on: teleportBatch) },
    { _ = try? referenceTeleporter.teleport(mnistNet.weights, on: teleportBatch) },
  ])
let (fastTeleport, genericTeleport) = (teleportTimes[0], teleportTimes[1])
// The teleport's floor in float64: the products no implementation of this algorithm
// skips. G = XᵀX and Z₁ = W₁X once; δ₁G (16×200 · 200×200) for each of the 12
// evaluations of J (the start, 10 steps, the end); gW₁ (16×16 · 16×784) for each step.
let teleportDelta = Matrix.uniform(16, 200, using: &rng)
let teleportGram = BLAS.gramOfColumns(teleportBatch.input)
let teleportStepElement = Matrix.uniform(16, 16, using: &rng)
let teleportFloor = microsecondsPerCall(repeats: 5, iterations: 20) {
  _ = BLAS.gramOfColumns(teleportBatch.input)
  _ = matmul(mnistNet.weights[0], teleportBatch.input)
  for _ in 0..<12 { _ = matmul(teleportDelta, teleportGram) }
  for _ in 0..<10 { _ = matmul(teleportStepElement, mnistNet.weights[0]) }
}
print("")
print("(c) one teleport: action (C), 10 steps on ‖∇ℒ‖², [784, 16, 10, 10], batch 200")
print(
  "    fast path \(f3(fastTeleport.median / 1000)) ms (CPU time \(f3(fastTeleport.cpu / 1000)) ms); "
    + "generic autodiff \(f3(genericTeleport.median / 1000)) ms (CPU time \(f3(genericTeleport.cpu / 1000)) ms) → "
    + "\(f3(genericTeleport.median / fastTeleport.median))× faster")
print(
  "    its floor, the products it cannot skip (XᵀX and W₁X once, δ₁G 12 times, gW₁ 10 times): "
    + "\(f3(teleportFloor.median / 1000)) ms, of which XᵀX \(f3(syrk / 1000)) ms")

// MARK: - (d) ψ: the curvature of one orbit curve

let curveProbe = try ProbeBatch(
  Batch(
    input: .uniform(784, 200, using: &rng),
    labels: (0..<200).map { _ in Int(rng.next() % 10) }))
let curveGenerators = randomOrbitGenerators(hiddenSizes: [16, 10], using: &rng)
let psiTimes = microsecondsPerCall(
  repeats: 7, iterations: 100,
  [
    {
      _ = try? orbitCurveCurvature(
        weights: mnistNet.weights, generators: curveGenerators, probe: curveProbe)
    },
    {
      _ = try? orbitCurveCurvature(
        weights: mnistNet.weights, generators: curveGenerators, probe: curveProbe,
        path: .reference)
    },
  ])
// ψ's floor: Z₁ = W₁X (16×784 · 784×200) and [A; B]·Q (32×200 · 200×200), once per curve.
let psiStacked = Matrix.uniform(32, 200, using: &rng)
let psiFloor = microsecondsPerCall(repeats: 7, iterations: 100) {
  _ = matmul(mnistNet.weights[0], curveProbe.batch.input)
  _ = matmul(psiStacked, curveProbe.pseudoInverseGram)
}
print("")
print(
  "(d) ψ, one orbit curve under action (B), [784, 16, 10, 10], batch 200 (X⁺ known, as in Table 1)")
print(
  "    fast path \(f3(psiTimes[0].median)) µs (CPU time \(f3(psiTimes[0].cpu)) µs); "
    + "reference \(f3(psiTimes[1].median)) µs (CPU time \(f3(psiTimes[1].cpu)) µs) → "
    + "\(f3(psiTimes[1].median / psiTimes[0].median))× faster")
print(
  "    its floor, the products it cannot skip (W₁X, [A; B]·Q): \(f3(psiFloor.median)) µs")

// MARK: - (e) φ: the sharpness of one network

let phiProbes = (0..<20).map { _ in
  Batch(input: .uniform(784, 200, using: &rng), labels: (0..<200).map { _ in Int(rng.next() % 10) })
}
let phiRadii = paperSharpnessRadii(mnist: false)
let phiDirection = Matrix.uniform(16, 784, using: &rng)
let phiTimes = microsecondsPerCall(
  repeats: 5, iterations: 2,
  [
    { _ = sharpness(weights: mnistNet.weights, probes: phiProbes, radii: phiRadii, seed: 1) },
    { for probe in phiProbes { for _ in phiRadii { _ = matmul(phiDirection, probe.input) } } },
  ])
let phiFlops = 2.0 * 16 * 784 * 200 * Double(phiProbes.count * phiRadii.count)
print("")
print("(e) φ, one network: 20 probe batches of 200 × 20 radii (Table 1 uses 200 batches)")
print(
  "    \(f3(phiTimes[0].median / 1000)) ms (CPU time \(f3(phiTimes[0].cpu / 1000)) ms); its floor, the "
    + "400 products D₁X (16×784 · 784×200, each radius its own random D₁): "
    + "\(f3(phiTimes[1].median / 1000)) ms, \(f3(phiFlops / (phiTimes[1].cpu * 1e3))) GFLOP/s of CPU time"
)

// MARK: - (e′) One inner step of the sharpness teleport at Figure 4's scale

let sharpBatch = Batch(
  input: .uniform(784, 2000, using: &rng), labels: (0..<2000).map { _ in Int(rng.next() % 10) })
func sharpTeleporter(_ directions: Int, _ path: TeleportPath) -> Teleporter {
  Teleporter(
    symmetry: NetworkSymmetry(ProjectedAction()),
    objective: SharpnessObjective.paper(
      direction: .decrease, directionsPerRadius: directions, seed: 3),
    settings: TeleportSettings(learningRate: 1e-3, stepCount: 10, objectiveCap: 2),
    path: path)
}
// Stacked D₁ of 90 directions, in the fast path's blocks of 32, 32 and 26.
let stackedDirections = [32, 32, 26].map { Matrix.uniform($0 * 16, 784, using: &rng) }
// The reference at 10 directions per radius (90 perturbations) beside the fast path at the
// same count, then the fast path at the paper's 100 (900) and its floor, the products D₁X.
let sharpTimes = microsecondsPerCall(
  repeats: 3, iterations: 1,
  [
    {
      _ = try? sharpTeleporter(10, .automatic).objectiveAndGradient(
        at: mnistNet.weights, on: sharpBatch)
    },
    {
      _ = try? sharpTeleporter(10, .reference).objectiveAndGradient(
        at: mnistNet.weights, on: sharpBatch)
    },
    {
      _ = try? sharpTeleporter(100, .automatic).objectiveAndGradient(
        at: mnistNet.weights, on: sharpBatch)
    },
    { for _ in 0..<(900 / 32) { _ = matmul(stackedDirections[0], sharpBatch.input) } },
    { for block in stackedDirections { _ = matmul(block, sharpBatch.input) } },
  ])
let sharpFlops = 2.0 * 16 * 784 * 2000 * Double(900 / 32 * 32)
print("")
print("(e′) φ teleport, one inner step (J and ∇_T J), action (C), [784, 16, 10, 10], batch 2000")
print(
  "    90 perturbations: fast path \(f3(sharpTimes[0].median / 1000)) ms, reference "
    + "\(f3(sharpTimes[1].median / 1000)) ms → \(f3(sharpTimes[1].median / sharpTimes[0].median))× faster; "
    + "its floor, the products D₁X: \(f3(sharpTimes[4].median / 1000)) ms"
)
print(
  "    the paper's 900: fast path \(f3(sharpTimes[2].median / 1e6)) s (CPU time \(f3(sharpTimes[2].cpu / 1e6)) s); "
    + "its floor, the products D₁X in blocks of 32 directions: \(f3(sharpTimes[3].median / 1e6)) s, "
    + "\(f3(sharpFlops / (sharpTimes[3].cpu * 1e3))) GFLOP/s of CPU time")

// MARK: - (f) Side by side with PyTorch

let ours: [OurTiming] = [
  OurTiming(
    key: "sgd_step", name: "SGD step, batch 20", micro: step.median, cpu: step.cpu,
    floor: floor.median),
  OurTiming(
    key: "teleport", name: "one teleport (C), 10 steps, batch 200", micro: fastTeleport.median,
    cpu: fastTeleport.cpu, floor: teleportFloor.median),
  OurTiming(
    key: "psi", name: "ψ, one orbit curve, batch 200", micro: psiTimes[0].median,
    cpu: psiTimes[0].cpu, floor: psiFloor.median),
  OurTiming(
    key: "phi", name: "φ, one network, 20 × 20 perturbations", micro: phiTimes[0].median,
    cpu: phiTimes[0].cpu, floor: phiTimes[1].median),
  OurTiming(
    key: "phi_teleport", name: "φ-teleport step, 90 perturbations", micro: sharpTimes[0].median,
    cpu: sharpTimes[0].cpu, floor: sharpTimes[4].median),
]
print("")
print(
  "(f) Side by side with our PyTorch implementation of the same operations "
    + "(scripts/bench/pytorch_bench.py)")
printPyTorchComparison(ours)

// MARK: - (g) Loading Fashion-MNIST

if let splits = Stopwatch.measure({ try? loadSplits(.fashionMNIST) }) as (DatasetSplits?, Double)?,
  let loaded = splits.0
{
  print("")
  print(
    "(g) Fashion-MNIST: \(loaded.train.count + loaded.heldOutCount + loaded.test.count) images "
      + "read, inflated, decoded and split in \(f3(splits.1)) s (target: under 2 s)")
} else {
  print("")
  print("(g) Fashion-MNIST is not installed (make data); load time not measured")
}
