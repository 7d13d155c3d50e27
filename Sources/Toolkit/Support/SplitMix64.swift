// The seeded random generator behind every experiment. Introduced in chapter 01.

/// SplitMix64 (Steele, Lea, Flood 2014): a 64-bit generator with a single word
/// of state, fast, and identical on every machine for a given seed.
///
/// Every random draw in the package comes from one of these, passed as
/// `using: &rng`, so the same seed prints the same numbers everywhere.
///
/// [SplitMix]: https://doi.org/10.1145/2714064.2660195
public struct SplitMix64: RandomNumberGenerator, Sendable {
  private var state: UInt64

  /// A generator started from `seed`.
  public init(seed: UInt64) { state = seed }

  /// The next 64 random bits.
  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// A uniform double in [0, 1) with 53 random bits.
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// `count` indices in 0..<bound drawn with replacement (`next() % bound`: the modulo bias is
  /// below 2⁻⁴⁰ for data sets under a million samples). How every random batch is drawn.
  public mutating func nextIndices(_ count: Int, below bound: Int) -> [Int] {
    (0..<count).map { _ in Int(next() % UInt64(bound)) }
  }

  /// A standard normal draw (Box–Muller; one of the pair is discarded for simplicity).
  public mutating func nextNormal() -> Double {
    var u = nextUniform()
    while u == 0 { u = nextUniform() }
    let v = nextUniform()
    return (-2 * _log(u)).squareRoot() * _cos(2 * Double.pi * v)
  }

  /// An independent generator derived from this one's seed and a stream index,
  /// for runs in parallel that must not depend on scheduling order.
  public static func stream(seed: UInt64, index: UInt64) -> SplitMix64 {
    var mixer = SplitMix64(seed: seed ^ (index &* 0xD1B5_4A32_D192_ED03))
    return SplitMix64(seed: mixer.next())
  }
}

@inline(__always) private func _log(_ x: Double) -> Double { foundationLog(x) }
@inline(__always) private func _cos(_ x: Double) -> Double { foundationCos(x) }
