// Our exact teleport and the paper code's, side by side (design.md D15). Introduced in chapter 01.

import Support
import Linear

/// How a teleport on a deep network feeds its layer pairs and where its cap applies.
///
/// A network with two or more hidden layers has several layer pairs; the
/// action on pair m is built on that pair's input h_m. The two conventions
/// differ in what h_m is while the teleport runs:
///
/// - `exact` (ours, the default): h_m is recomputed from the weights already
///   transformed by the pairs before it, h_m = σ(W′_m h_{m−1}), at every inner
///   step. Wherever the action is a true symmetry of the batch (actions (A),
///   (B) within their conditions, (C) when the batch is no larger than the
///   width) the loss is kept exactly. The cap (`objectiveCap`) only stops an
///   ascent.
/// - `paperCode`: the paper's ICLR `teleport()` and `teleport_sharpness()`
///   (`Rose-STL-Lab/Teleportation-Optimization`, `gradient_descent_mlp_utils.py`):
///   the activations are computed **once** from the weights before the
///   teleport (`h_list`) and, after each inner step with elements g_m = I + T_m,
///   updated linearly, h_m ← g_{m−1} h_m, instead of being recomputed through σ.
///   Pair 0 sees the batch X either way, so a network with one hidden layer
///   teleports identically under both conventions. The cap is tested before
///   every step whatever the direction (`if dL_dt > dL_dt_cap: break`, and
///   `loss_perturb_mean > loss_perturb_cap` with cap 2.0 in
///   `teleport_sharpness`), so it also ends a descent.
///
/// For the paper's step size (η_tele = 1e-4) on a batch of 200 the two agree to
/// about 1e-9 in the weights; with larger steps, or a batch no larger than a
/// hidden width (where (C) is exact), they part: chapter 01 measures both.
public enum TeleportConvention: String, Sendable, Codable, CaseIterable {
  /// Pair inputs recomputed from the transformed weights; the cap stops ascents only.
  case exact
  /// The paper code's stale pair inputs, updated by h ← (I + T)h; the cap stops both directions.
  case paperCode
}

/// How far apart two sets of weights are: the largest entry-wise |a − b| over
/// all matrices, divided by the largest |a|.
///
/// Chapter 01 uses it to put the two conventions' teleported weights side by side.
///
/// - Parameters:
///   - a: the reference weights (not all zero).
///   - b: weights of the same shapes.
/// - Returns: max |aᵢ − bᵢ| / max |aᵢ|.
public func largestRelativeDifference(_ a: [Matrix], _ b: [Matrix]) -> Double {
  require(
    a.count == b.count && zip(a, b).allSatisfy { $0.shape == $1.shape },
    "largestRelativeDifference: the weights have different shapes")
  var difference = 0.0, scale = 0.0
  for (x, y) in zip(a, b) {
    for (p, q) in zip(x.scalars, y.scalars) {
      difference = max(difference, abs(p - q))
      scale = max(scale, abs(p))
    }
  }
  require(scale > 0, "largestRelativeDifference: the reference weights are all zero")
  return difference / scale
}
