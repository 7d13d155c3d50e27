// Detects OpenBLAS's generic-kernel fallback and checks dgemm against the naive product. Introduced in the appendix (A-toolkit).

import Foundation
import Support

/// What OpenBLAS chose for this CPU, what the CPU could run, and what to do about it.
///
/// OpenBLAS picks its compute kernel once, when the library loads, from the CPU
/// model. On a CPU model newer than the library it can fall back to a generic
/// kernel from the SSE3 era: on a Xeon with AVX-512 we measured OpenBLAS 0.3.21
/// choosing `Prescott` at 7 GFLOP/s where `SkylakeX` reaches 44 GFLOP/s
/// (design.md D2). The only fix is the environment variable
/// `OPENBLAS_CORETYPE`, read at load time, so all we can do from inside the
/// process is notice and say so.
public struct OpenBLASKernelCheck: Sendable, Equatable {
  /// The kernel OpenBLAS chose ("Haswell", "Zen", "Prescott", …).
  public let coreName: String
  /// The relevant CPU flags found ("avx512f", "avx2", "fma"); empty off x86.
  public let cpuFeatures: Set<String>
  /// The kernel to request with `OPENBLAS_CORETYPE`, or nil when OpenBLAS's choice is fine.
  public let recommendedCore: String?

  /// A check of `coreName` against `cpuFeatures`, with no access to the machine.
  ///
  /// - Parameters:
  ///   - coreName: an OpenBLAS core name (any letter case).
  ///   - cpuFeatures: CPU flags as in /proc/cpuinfo (only avx512f, avx2 and fma matter).
  public init(coreName: String, cpuFeatures: Set<String>) {
    self.coreName = coreName
    self.cpuFeatures = cpuFeatures.intersection(Self.relevantFeatures)
    self.recommendedCore = Self.recommendation(coreName: coreName, cpuFeatures: cpuFeatures)
  }

  /// True when OpenBLAS runs a weaker kernel than the CPU supports.
  public var isFallback: Bool { recommendedCore != nil }

  /// A one-line hint for the user when `isFallback`, else nil.
  public var hint: String? {
    guard let core = recommendedCore else { return nil }
    let isa = core == "SkylakeX" ? "AVX-512" : "AVX2"
    // Measured single-threaded 512³ dgemm, OpenBLAS 0.3.21: Prescott 7 vs SkylakeX
    // 44 GFLOP/s on a Xeon (design.md D2); Prescott 6.3 vs Haswell 26–34 GFLOP/s
    // on an AMD EPYC with AVX2 (chapters/A-toolkit, "BLAS kernel").
    let gain = core == "SkylakeX" ? "about 6x" : "about 5x"
    let kind = Self.kernelTiers[coreName.lowercased()] == 0 ? "generic " : ""
    return "hint: OpenBLAS chose its \(kind)'\(coreName)' kernel on a CPU with \(isa); "
      + "run with OPENBLAS_CORETYPE=\(core) for \(gain) faster matrix products "
      + "(see README, 'BLAS kernel')"
  }

  /// The check for this process: OpenBLAS's core name and this CPU's flags.
  public static func current() -> OpenBLASKernelCheck {
    let text = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
    return OpenBLASKernelCheck(coreName: BLAS.coreName, cpuFeatures: cpuFeatures(fromCPUInfo: text))
  }

  // MARK: - The decision, as a pure function

  /// The flags the decision reads.
  public static let relevantFeatures: Set<String> = ["avx512f", "avx2", "fma"]

  /// The relevant flags on the first `flags` line of /proc/cpuinfo text.
  public static func cpuFeatures(fromCPUInfo text: String) -> Set<String> {
    for line in text.split(separator: "\n") where line.hasPrefix("flags") {
      guard let colon = line.firstIndex(of: ":") else { continue }
      let flags = line[line.index(after: colon)...].split(separator: " ").map(String.init)
      return Set(flags).intersection(relevantFeatures)
    }
    return []
  }

  /// The kernel to recommend, or nil when OpenBLAS's choice matches what the flags allow.
  ///
  /// We only override core names we know to be x86 kernels weaker than the
  /// CPU's instruction set; an unknown name (another architecture, a newer
  /// OpenBLAS) is left alone.
  ///
  /// - Parameters:
  ///   - coreName: the core OpenBLAS chose (any letter case).
  ///   - cpuFeatures: CPU flags as in /proc/cpuinfo.
  /// - Returns: "SkylakeX" with avx512f, "Haswell" with avx2 and fma, when the
  ///   chosen core is of a lower tier; otherwise nil.
  public static func recommendation(coreName: String, cpuFeatures: Set<String>) -> String? {
    let best: (core: String, tier: Int)
    if cpuFeatures.contains("avx512f") {
      best = ("SkylakeX", 2)
    } else if cpuFeatures.contains("avx2") && cpuFeatures.contains("fma") {
      best = ("Haswell", 1)
    } else {
      return nil
    }
    guard let chosenTier = kernelTiers[coreName.lowercased()] else { return nil }
    return chosenTier < best.tier ? best.core : nil
  }

  /// Known OpenBLAS x86 kernels by tier: 0 before AVX2, 1 AVX2 + FMA, 2 AVX-512.
  static let kernelTiers: [String: Int] = {
    let tier0 = [
      "generic", "unknown", "katmai", "coppermine", "northwood", "prescott",
      "banias", "atom", "core2", "penryn", "dunnington", "nehalem", "athlon",
      "opteron", "opteron_sse3", "barcelona", "nano", "sandybridge", "bobcat",
      "bulldozer", "piledriver", "steamroller", "excavator",
    ]
    let tier1 = ["haswell", "zen"]
    let tier2 = ["skylakex", "cooperlake", "sapphirerapids"]
    var tiers = [String: Int]()
    for name in tier0 { tiers[name] = 0 }
    for name in tier1 { tiers[name] = 1 }
    for name in tier2 { tiers[name] = 2 }
    return tiers
  }()

  // MARK: - The numerical check

  /// The largest relative error of BLAS `dgemm` against `naiveMatmul` over a few shapes.
  ///
  /// The shapes include the 16×784 · 784×20 product of the paper's MLP and all
  /// four transpose combinations. Each error is ‖C_blas − C_naive‖_max / ‖C_naive‖_max,
  /// so a correct kernel gives a few ε (about 1e-15); a wrong kernel gives O(1).
  ///
  /// - Parameter seed: seed for the random operands.
  /// - Returns: the maximum relative error over all shapes.
  public static func verifyAgainstNaive(seed: UInt64) -> Double {
    var rng = SplitMix64(seed: seed)
    // (m, k, n): op(A) is m×k, op(B) is k×n.
    let shapes = [(16, 784, 20), (1, 1, 1), (7, 5, 3), (33, 17, 64), (64, 64, 64)]
    var worst = 0.0
    for (m, k, n) in shapes {
      for transposeA in [Transpose.none, .transposed] {
        for transposeB in [Transpose.none, .transposed] {
          let a =
            transposeA == .none
            ? Matrix.uniform(m, k, low: -1, high: 1, using: &rng)
            : Matrix.uniform(k, m, low: -1, high: 1, using: &rng)
          let b =
            transposeB == .none
            ? Matrix.uniform(k, n, low: -1, high: 1, using: &rng)
            : Matrix.uniform(n, k, low: -1, high: 1, using: &rng)
          let fast = matmul(a, b, transposeA: transposeA, transposeB: transposeB)  // [m, n]
          let slow = naiveMatmul(a, b, transposeA: transposeA, transposeB: transposeB)
          let scale = slow.maxAbs()
          let error = (fast - slow).maxAbs()
          worst = max(worst, scale > 0 ? error / scale : error)
        }
      }
    }
    return worst
  }
}
