// The one approximate-equality contract used by tests and checks. Introduced in the appendix (A-toolkit).

/// Whether `a` and `b` agree to a relative (and optionally absolute) tolerance.
///
/// The test is |a − b| ≤ max(absoluteTolerance, relativeTolerance · max(|a|, |b|)).
/// It is *symmetric* (swapping a and b never changes the answer) but *not
/// transitive*: a ≈ b and b ≈ c do not imply a ≈ c. A pure relative test says
/// nothing useful near zero (only 0 ≈ 0), so comparisons with quantities that
/// should vanish, such as a loss change under an exact group action, need an
/// `absoluteTolerance`. NaN equals nothing, and an infinity equals only itself.
/// Never use this inside `==`: equality must be transitive.
///
/// - Parameters:
///   - a: one value.
///   - b: the other value.
///   - relativeTolerance: allowed difference relative to the larger magnitude.
///   - absoluteTolerance: allowed difference regardless of magnitude.
public func isApproximatelyEqual(
  _ a: Double, _ b: Double,
  relativeTolerance: Double = 1e-8,
  absoluteTolerance: Double = 0
) -> Bool {
  require(
    relativeTolerance >= 0 && absoluteTolerance >= 0,
    "isApproximatelyEqual: tolerances must be non-negative, got "
      + "relative \(relativeTolerance), absolute \(absoluteTolerance)")
  guard a.isFinite && b.isFinite else { return a == b }
  let difference = abs(a - b)
  return difference <= max(absoluteTolerance, relativeTolerance * max(abs(a), abs(b)))
}
