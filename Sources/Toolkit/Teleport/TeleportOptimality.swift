// How close a point is to teleport-optimal: eigenvector residual, Newton cosine, orbit-tangent part. Introduced in chapter 03.

import Support
import Linear
import Autodiff
import Nets
import Symmetry

// MARK: - Is the gradient an eigenvector of the Hessian?

/// How far ∇ℒ is from being an eigenvector of H.
public struct EigenvectorResidual: Sendable {
  /// ρ = ∇ℒᵀH∇ℒ / ‖∇ℒ‖², the Rayleigh quotient: the eigenvalue ∇ℒ would have.
  public let rayleighQuotient: Double
  /// ‖H∇ℒ − ρ∇ℒ‖ / ‖H∇ℒ‖: 0 exactly when H∇ℒ ∥ ∇ℒ, at most 1.
  public let relative: Double
}

/// The eigenvector residual of the gradient, from the product H∇ℒ.
///
/// H∇ℒ − ρ∇ℒ is H∇ℒ minus its projection on ∇ℒ, so the residual is the sine of
/// the angle between H∇ℒ and ∇ℒ. It is the Lagrange condition of Definition
/// 3.3 when the orbit is the whole level set (`paper.md` §2.0).
///
/// - Parameters:
///   - hessianTimesGradient: H∇ℒ, d×1 (from a full H or one Hessian-vector product).
///   - gradient: ∇ℒ, d×1.
/// - Returns: ρ and the relative residual (0 when H∇ℒ = 0).
public func eigenvectorResidual(hessianTimesGradient hg: Matrix, gradient g: Matrix)
  -> EigenvectorResidual
{
  require(hg.count == g.count, "eigenvectorResidual: H∇ℒ has \(hg.count) entries, ∇ℒ \(g.count)")
  let gg = g.squaredNorm()
  guard gg > 0 else { return EigenvectorResidual(rayleighQuotient: 0, relative: 0) }
  let rho = hg.flattened.dot(g.flattened) / gg
  let r = hg.flattened - rho * g.flattened
  let scale = hg.norm()
  return EigenvectorResidual(rayleighQuotient: rho, relative: scale > 0 ? r.norm() / scale : 0)
}

// MARK: - Is the gradient the Newton direction?

/// cos∠(∇ℒ, H⁻¹∇ℒ): 1 when a gradient step points along the Newton step.
///
/// - Parameters:
///   - gradient: ∇ℒ, d×1.
///   - newtonDirection: H⁻¹∇ℒ (from `newtonDirection`), d×1.
/// - Returns: the cosine, in [−1, 1]; negative when H is indefinite along ∇ℒ.
public func newtonCosine(gradient g: Matrix, newtonDirection p: Matrix) -> Double {
  require(g.count == p.count, "newtonCosine: ∇ℒ has \(g.count) entries, H⁻¹∇ℒ \(p.count)")
  let denominator = g.norm() * p.norm()
  return denominator > 0 ? g.flattened.dot(p.flattened) / denominator : 1
}

// MARK: - The part of H∇ℒ along the orbit

/// The relative size of v's projection onto the span of the columns of `tangents`.
///
/// The projection is `tangents · c` with c the least-squares solution of
/// tangents · c ≈ v, computed with the SVD-based pseudo-inverse (LAPACK
/// dgesdd), which also handles tangents that are linearly dependent (an
/// orbit of lower dimension than its Lie algebra).
///
/// For v = H∇ℒ this is the teleport optimality condition of Definition 3.3:
/// d/dt ‖∇ℒ(exp(tM)·w)‖² = 2⟨H∇ℒ, ξ_M⟩ vanishes for every tangent ξ_M exactly
/// when this projection is zero.
///
/// - Parameters:
///   - v: d×1.
///   - tangents: d×K, one tangent vector per column.
/// - Returns: ‖P v‖ / ‖v‖ in [0, 1] (0 when v = 0).
/// - Throws: `LinearAlgebraError` when the tangents hold NaN or their SVD does not converge.
public func tangentFraction(of v: Matrix, tangents: Matrix) throws -> Double {
  require(
    tangents.rows == v.count,
    "tangentFraction: tangents are \(tangents.shapeText) but v has \(v.count) entries")
  let scale = v.norm()
  guard scale > 0 else { return 0 }
  let coefficients = matmul(try pseudoInverse(tangents), v.flattened)  // [K, 1]
  let projection = matmul(tangents, coefficients)  // [d, 1]
  return projection.norm() / scale
}

/// The orbit tangents ξ_{m,ij} = d/dt (exp(t P(E_ij)) acting on hidden layer m)·w at t = 0,
/// with P the action's `projectGenerator` (the identity for GL_k, the skew part for
/// `OrthogonalSubgroupAction`), so the columns span the tangent space of the orbit.
///
/// The derivative is exact (reverse mode, one backward pass per weight entry):
/// we differentiate `NetworkSymmetry.transform` at T = 0 with g = I + T and
/// g⁻¹ = I − T, whose derivatives at T = 0 agree with those of exp(T) and
/// exp(−T). The transform is built on `input`, so for a data-dependent action
/// these are the tangents of the orbit through w for that batch.
///
/// Hazard: action (B) at g = I maps V to σ⁻¹(σ(VX))X⁺ = VXX⁺, which is V only
/// when XX⁺ = I, that is when every pair's input is square and invertible
/// (batch = width, as in the [20, 20, 20, 20] task). With fewer samples than
/// inputs the curve starts at that projected point, not at w, and its tangents
/// are not orthogonal to ∇ℒ(w).
///
/// - Parameters:
///   - symmetry: the action on the network.
///   - weights: W₁ … W_L.
///   - input: the batch the action is built on.
/// - Returns: d × Σ_m k_m², columns ordered by layer m, then (i, j) row by row;
///   rows in `flatten`'s order.
public func orbitTangents(of symmetry: NetworkSymmetry, at weights: [Matrix], input: Matrix) throws
  -> Matrix
{
  let sizes = NetworkSymmetry.hiddenSizes(of: weights)
  let ts = sizes.map { Variable(Matrix(rows: $0, columns: $0)) }  // T_m = 0, leaves
  let elements = zip(sizes, ts).map { k, t -> (g: Variable, gInverse: Variable) in
    let identity = Variable(constant: .identity(k))
    return (identity + t, identity - t)
  }
  let moved = try symmetry.transform(
    weights: weights.map { Variable(constant: $0) },
    input: Variable(constant: input), elements: elements)
  let d = weights.reduce(0) { $0 + $1.count }
  let k = sizes.reduce(0) { $0 + $1 * $1 }
  // Row p of the Jacobian ∂(g·w)/∂T is the vector-Jacobian product with e_p.
  var jacobian = Matrix(rows: d, columns: k)
  var row = 0
  for w in moved {
    for entry in 0..<w.value.count {
      var seed = Matrix(rows: w.rows, columns: w.columns)
      seed.scalars[entry] = 1
      let pulled = gradients(of: w, withRespectTo: ts, seed: Variable(constant: seed))
      let values = pulled.flatMap(\.value.scalars)
      for (j, v) in values.enumerated() { jacobian.scalars[row * k + j] = v }
      row += 1
    }
  }
  // Restrict to the group's algebra: column (m, i, j) becomes J · vec(P(E_ij)).
  var projection = Matrix(rows: k, columns: k)
  var offset = 0
  for size in sizes {
    for i in 0..<size {
      for j in 0..<size {
        var e = Matrix(rows: size, columns: size)
        e[i, j] = 1
        let p = symmetry.action.projectGenerator(e)
        for (entry, value) in p.scalars.enumerated() where value != 0 {
          projection[offset + entry, offset + i * size + j] = value
        }
      }
    }
    offset += size * size
  }
  return matmul(jacobian, projection)  // [d, Σk²]
}

/// The three chapter-03 measures at one point of a network.
public struct TeleportOptimalityReport: Sendable {
  /// ℒ(w).
  public let loss: Double
  /// ‖∇ℒ‖².
  public let gradientNormSquared: Double
  /// ‖H∇ℒ − ρ∇ℒ‖ / ‖H∇ℒ‖ and ρ.
  public let eigenvector: EigenvectorResidual
  /// cos∠(∇ℒ, H⁻¹∇ℒ).
  public let newtonCosine: Double
  /// ‖P_orbit H∇ℒ‖ / ‖H∇ℒ‖: 0 at a stationary point of ‖∇ℒ‖² on the orbit.
  public let orbitTangentFraction: Double
  /// ‖P_level H∇ℒ‖ / ‖H∇ℒ‖, the part along the level set's tangent space ∇ℒ^⊥
  /// (equal to the eigenvector residual); the orbit part can never exceed it.
  public var levelSetTangentFraction: Double { eigenvector.relative }
  /// ‖Ξᵀ∇ℒ‖ / (‖Ξ‖_F ‖∇ℒ‖) for the tangents Ξ: zero (to rounding) when the
  /// orbit lies in the level set, the check that the action is exact here.
  public let gradientAlongOrbit: Double
  /// H's eigenvalues, largest first.
  public let spectrum: HessianSpectrum
}

/// Measures how teleport-optimal a network's weights are.
///
/// - Parameters:
///   - symmetry: the action whose orbit is used for the tangent part.
///   - weights: W₁ … W_L.
///   - batch: the data (loss and action).
/// - Returns: the report.
/// - Throws: when H is singular (no Newton direction) or the action fails.
public func measureTeleportOptimality(
  symmetry: NetworkSymmetry, weights: [Matrix],
  on batch: Batch
) throws -> TeleportOptimalityReport {
  let slope = symmetry.negativeSlope
  let (loss, g) = lossAndFlatGradient(weights: weights, on: batch, negativeSlope: slope)
  let h = lossHessian(weights: weights, on: batch, negativeSlope: slope)
  let hg = matmul(h, g)  // [d, 1]
  let tangents = try orbitTangents(of: symmetry, at: weights, input: batch.input)
  return TeleportOptimalityReport(
    loss: loss, gradientNormSquared: g.squaredNorm(),
    eigenvector: eigenvectorResidual(hessianTimesGradient: hg, gradient: g),
    newtonCosine: newtonCosine(
      gradient: g, newtonDirection: try newtonDirection(hessian: h, gradient: g)),
    orbitTangentFraction: try tangentFraction(of: hg, tangents: tangents),
    gradientAlongOrbit: matmul(tangents, g, transposeA: .transposed).norm()
      / max(tangents.norm() * g.norm(), .leastNormalMagnitude),
    spectrum: try HessianSpectrum(h))
}
