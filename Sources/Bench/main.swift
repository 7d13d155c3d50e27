// The benchmark behind design.md D12: an SGD step, dgemm rates, a second-order gradient.
//
// Run `swift run -c release Bench` (or `make bench`). It prints per-step times
// and ratios to the paper's PyTorch code; it is not a test, and its numbers
// depend on the CPU and on the OpenBLAS kernel it reports.

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

// MARK: - (a) One SGD step of [784, 16, 10, 10] on a batch of 20

let referenceStepMicroseconds = 592.0  // the paper's PyTorch code, CPU, 2 threads (D12)
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
let timings = microsecondsPerCall(iterations: 2000, [
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
print("    \(f3(step.median)) µs per step, median of 7 × 2000 (best \(f3(step.best)) µs, "
        + "CPU time \(f3(step.cpu)) µs); forward alone \(f3(forwardOnly.median)) µs")
print("    with the generic engine's gradient instead of hand-derived backpropagation: "
        + "\(f3(engineStep.median)) µs (CPU time \(f3(engineStep.cpu)) µs)")
print("    the two 784-wide products alone: \(f3(floor.median)) µs (CPU time \(f3(floor.cpu)) µs), "
        + "so the rest of the step costs \(f3(step.cpu - floor.cpu)) µs of CPU time")
print("    paper's PyTorch code: \(f3(referenceStepMicroseconds)) µs per step → "
        + "\(f3(referenceStepMicroseconds / step.median))× faster")

/// `--sgd-only` (the Makefile's debug-build measurement) stops after (a).
if CommandLine.arguments.contains("--sgd-only") { exit(0) }

// MARK: - (b) dgemm rates

print("")
print("(b) dgemm, single-threaded, kernel \(BLAS.coreName)")
for (m, k, n, iterations) in [(16, 784, 20, 5000), (512, 512, 512, 5)] {
  let a = Matrix.uniform(m, k, using: &rng), b = Matrix.uniform(k, n, using: &rng)
  let micro = microsecondsPerCall(repeats: 5, iterations: iterations) { _ = matmul(a, b) }.median
  let gflops = 2 * Double(m * k * n) / (micro * 1e3)
  print("    \(m)×\(k) · \(k)×\(n): \(f3(micro)) µs, \(f3(gflops)) GFLOP/s")
}

// MARK: - (c) A second-order gradient: ∇_T ‖∇_W ℒ(W(T))‖²

// The teleportation objective for the pair (U, V) = (W₂, W₁) of a
// [784, 16, 10] network under U(I − T), (I + T)V, on a batch of 200.
let twoLayer = MLP(dimensions: [784, 16, 10], using: &rng)
let teleportBatch = Variable(constant: .uniform(784, 200, using: &rng))
let teleportLabels = (0..<200).map { _ in Int(rng.next() % 10) }
let (v0, u0) = (Variable(constant: twoLayer.weights[0]), Variable(constant: twoLayer.weights[1]))
let identity = Variable(constant: .identity(16))
let secondOrder = microsecondsPerCall(repeats: 5, iterations: 50) {
  _ = gradient(at: Matrix.zeros(16, 16)) { t in
    let weights = [matmul(identity + t, v0), matmul(u0, identity - t)]
    let g = gradient(at: weights) {
      crossEntropy(logits: MLP.forward(teleportBatch, weights: $0), labels: teleportLabels)
    }
    return g[0].squaredNorm() + g[1].squaredNorm()
  }
}
print("")
print("(c) ∇_T ‖∇_W ℒ(W(T))‖², MLP [784, 16, 10], batch 200 (one teleport step)")
print("    \(f3(secondOrder.median / 1000)) ms per evaluation; the paper's 10-step teleport "
        + "(batch 200, [784, 16, 10, 10]) takes 64 ms, 6.4 ms per step")

// MARK: - (d) One whole teleport, as the paper's MNIST experiments do it

// Action (C) on every pair, 10 re-linearised ascent steps on a batch of 200 (paper §3.5).
let mnistNet = MLP(dimensions: [784, 16, 10, 10], using: &rng)
let teleportInput = Matrix.uniform(784, 200, using: &rng)
let teleporter = Teleporter(symmetry: NetworkSymmetry(ProjectedAction()),
                            settings: TeleportSettings(learningRate: 1e-4, stepCount: 10))
let teleportTime = microsecondsPerCall(repeats: 5, iterations: 5) {
  _ = try? teleporter.teleport(mnistNet.weights, on: Batch(input: teleportInput, labels: teleportLabels))
}
print("")
print("(d) one teleport: action (C), 10 steps, [784, 16, 10, 10], batch 200")
print("    \(f3(teleportTime.median / 1000)) ms (the paper's PyTorch code: 64 ms → "
        + "\(f3(64_000 / teleportTime.median))× faster)")

// MARK: - (e) Loading Fashion-MNIST

if let splits = Stopwatch.measure({ try? loadSplits(.fashionMNIST) }) as (DatasetSplits?, Double)?,
   let loaded = splits.0 {
  print("")
  print("(e) Fashion-MNIST: \(loaded.train.count + loaded.heldOutCount + loaded.test.count) images "
          + "read, inflated, decoded and split in \(f3(splits.1)) s (target: under 2 s)")
} else {
  print("")
  print("(e) Fashion-MNIST is not installed (make data); load time not measured")
}
