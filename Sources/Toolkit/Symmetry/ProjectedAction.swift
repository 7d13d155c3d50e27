// Action (C): the form the paper's code uses for MNIST and CIFAR teleports. Introduced in chapter 01.

import Linear
import Autodiff
import Nets

/// The action of the paper's MNIST/CIFAR code, `paper.md` §1.3 (C):
/// (U, V) ↦ (U σ(VX) σ(gVX)⁺, g V).
///
/// U′σ(V′X) = Uσ(VX)·P with P = σ(gVX)⁺σ(gVX), the projector onto the row space
/// of σ(gVX). The loss is unchanged when that row space contains the one of
/// σ(VX), guaranteed when σ(gVX) (k × batch) has full column rank, that is
/// batch ≤ hidden width k. With the paper's teleport batch of 200 and widths
/// 10 to 128 it is approximate for every g ≠ I; it is exact at g = I because
/// AA⁺A = A. It needs neither σ⁻¹ nor X⁺, and depends on the batch like (B).
public struct ProjectedAction: LayerPairAction {
  public init() {}

  public var name: String { "(C) Uσ(VX)σ(gVX)⁺" }
  public var inverseRule: InverseRule { .exact }

  public func transform(
    u: Variable, v: Variable, input x: Variable, g: Variable,
    gInverse: Variable, negativeSlope: Double
  ) throws
    -> (u: Variable, v: Variable)
  {
    let newV = matmul(g, v)  // [k, n_in]
    let before = leakyReLU(matmul(v, x), negativeSlope: negativeSlope)  // [k, batch]
    let after = leakyReLU(matmul(newV, x), negativeSlope: negativeSlope)  // [k, batch]
    let newU = matmul(matmul(u, before), try after.pseudoInverse())  // [n_out, k]
    return (newU, newV)
  }

  public func exactness(inputSize: Int, hiddenSize: Int, batchSize: Int) -> Exactness {
    batchSize <= hiddenSize
      ? Exactness(isExact: true, condition: "batch \(batchSize) ≤ hidden width \(hiddenSize)")
      : Exactness(
        isExact: false,
        condition: "batch \(batchSize) > hidden width \(hiddenSize): projects onto a row space")
  }
}
