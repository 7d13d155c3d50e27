// LeakyReLU and its exact inverse, on matrices and variables. Introduced in chapter 01.

import Support
import Linear
import Autodiff

/// The paper's activation: LeakyReLU with negative slope 0.1 (`paper.md` §1.2).
public let defaultNegativeSlope = 0.1

/// LeakyReLU, entry by entry: x for x > 0, `negativeSlope`·x otherwise.
///
/// - Parameters:
///   - x: pre-activations.
///   - negativeSlope: the slope for negative inputs; must be positive for
///     the activation to be invertible.
public func leakyReLU(_ x: Matrix, negativeSlope: Double = defaultNegativeSlope) -> Matrix {
  // x · σ′(x) is x or slope·x to the last bit, and a select of two constants
  // compiles without branches: pre-activations are positive or negative at
  // random, and a branch per entry would be mispredicted half the time.
  x.map { $0 * ($0 > 0 ? 1 : negativeSlope) }
}

/// σ′(x) of LeakyReLU, entry by entry: 1 for x > 0, `negativeSlope` otherwise
/// (at exactly 0 the slope, as PyTorch does). Backpropagation multiplies by it.
public func leakyReLUDerivative(_ x: Matrix, negativeSlope: Double = defaultNegativeSlope)
  -> Matrix
{
  x.map { $0 > 0 ? 1 : negativeSlope }
}

/// The exact inverse of LeakyReLU: LeakyReLU with slope 1/`negativeSlope`.
///
/// σ⁻¹(σ(x)) = x holds to the last bit in exact arithmetic and to one
/// rounding in floating point, because both maps are a single multiplication.
public func inverseLeakyReLU(_ y: Matrix, negativeSlope: Double = defaultNegativeSlope) -> Matrix {
  require(negativeSlope > 0, "inverseLeakyReLU: the slope must be positive, got \(negativeSlope)")
  return leakyReLU(y, negativeSlope: 1 / negativeSlope)
}

/// LeakyReLU on a variable.
///
/// Its derivative is the constant mask 1 or `negativeSlope`, taken from the
/// forward input, and its second derivative is zero almost everywhere; so
/// the VJP multiplies ḡ by that mask as a constant. (At exactly 0 we use the
/// slope, as PyTorch does.)
public func leakyReLU(_ x: Variable, negativeSlope: Double = defaultNegativeSlope) -> Variable {
  let mask = leakyReLUDerivative(x.value, negativeSlope: negativeSlope)
  return Variable(value: leakyReLU(x.value, negativeSlope: negativeSlope), inputs: [x]) {
    g, _, _, _ in [g .* Variable(constant: mask)]
  }
}

/// The exact inverse of LeakyReLU on a variable (LeakyReLU with slope 1/`negativeSlope`).
public func inverseLeakyReLU(_ y: Variable, negativeSlope: Double = defaultNegativeSlope)
  -> Variable
{
  require(negativeSlope > 0, "inverseLeakyReLU: the slope must be positive, got \(negativeSlope)")
  return leakyReLU(y, negativeSlope: 1 / negativeSlope)
}
