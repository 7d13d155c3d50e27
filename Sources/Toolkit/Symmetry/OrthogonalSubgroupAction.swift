// An action restricted to the orthogonal subgroup O(k) ⊂ GL_k. Introduced in chapter 03.

import Linear
import Autodiff

/// Any layer-pair action, restricted to the rotations g = exp(S), S skew-symmetric.
///
/// The GL_k orbit of a network is unbounded, and so is ‖∇ℒ‖² along it
/// (g = cI scales ∂ℒ/∂U by c), so gradient ascent on the full group never
/// reaches a stationary point. SO(k) is compact: ‖∇ℒ‖² has a maximum on its
/// orbit, and ascent with g = exp(S) converges to a point where H∇ℒ is
/// orthogonal to every orbit tangent (the teleport optimality condition of
/// Definition 3.3), which chapter 03 uses to see how much of the Newton
/// alignment an optimal teleport on an orbit can give.
///
/// Use it with `LieParametrisation.exponential`: exp of a skew matrix is
/// orthogonal, while I + S is not.
public struct OrthogonalSubgroupAction: LayerPairAction {
  /// The action on the whole of GL_k.
  public let base: any LayerPairAction

  /// `base` restricted to O(k).
  public init(_ base: any LayerPairAction) { self.base = base }

  public var name: String { base.name + " on SO(k)" }
  public var inverseRule: InverseRule { base.inverseRule }

  public func transform(
    u: Variable, v: Variable, input x: Variable, g: Variable,
    gInverse: Variable, negativeSlope: Double
  ) throws
    -> (u: Variable, v: Variable)
  {
    try base.transform(u: u, v: v, input: x, g: g, gInverse: gInverse, negativeSlope: negativeSlope)
  }

  /// The skew-symmetric part (T − Tᵀ)/2 of what the base group allows.
  public func projectGenerator(_ t: Matrix) -> Matrix {
    let p = base.projectGenerator(t)
    return 0.5 * (p - p.transposed)
  }

  public func exactness(inputSize: Int, hiddenSize: Int, batchSize: Int) -> Exactness {
    base.exactness(inputSize: inputSize, hiddenSize: hiddenSize, batchSize: batchSize)
  }
}
