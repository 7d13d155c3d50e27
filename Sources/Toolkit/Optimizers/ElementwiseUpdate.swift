// One pass over a weight matrix, its gradient and an optimizer's state: the inner loop of every adaptive step. Introduced in chapter 05.

import Support
import Linear

/// Runs `body` on entry k of `weight`, of each state matrix and of `gradient`, for every k,
/// in place and in one pass.
///
/// AdaGrad, RMSProp and Adam update their state and then the weight entry by entry. Written
/// as `zipMap`s, each step allocated two or three temporary matrices and called a closure
/// across a module boundary per entry; this loop is inlined into the optimizer, so the
/// compiler sees the arithmetic and vectorises it. The arithmetic is the caller's, in the
/// caller's order: the numbers are the same to the last bit.
///
/// - Parameters:
///   - weight: the weight matrix, updated in place.
///   - state: the optimizer's state for this matrix (same shape), updated in place.
///   - gradient: ∂ℒ/∂W (same shape).
///   - body: (w, s, g) for one entry.
@inline(__always)
func updateEntries(
  _ weight: inout Matrix, _ state: inout Matrix, gradient: Matrix,
  _ body: (_ w: inout Double, _ s: inout Double, _ g: Double) -> Void
) {
  require(
    weight.count == state.count && weight.count == gradient.count,
    "optimizer: weight, state and gradient differ in size")
  weight.scalars.withUnsafeMutableBufferPointer { w in
    state.scalars.withUnsafeMutableBufferPointer { s in
      gradient.scalars.withUnsafeBufferPointer { g in
        for k in 0..<w.count { body(&w[k], &s[k], g[k]) }
      }
    }
  }
}

/// `updateEntries` with two state matrices (Adam's first and second moments).
@inline(__always)
func updateEntries(
  _ weight: inout Matrix, _ first: inout Matrix, _ second: inout Matrix, gradient: Matrix,
  _ body: (_ w: inout Double, _ m: inout Double, _ v: inout Double, _ g: Double) -> Void
) {
  require(
    weight.count == first.count && weight.count == second.count
      && weight.count == gradient.count,
    "optimizer: weight, state and gradient differ in size")
  weight.scalars.withUnsafeMutableBufferPointer { w in
    first.scalars.withUnsafeMutableBufferPointer { m in
      second.scalars.withUnsafeMutableBufferPointer { v in
        gradient.scalars.withUnsafeBufferPointer { g in
          for k in 0..<w.count { body(&w[k], &m[k], &v[k], g[k]) }
        }
      }
    }
  }
}
