// √x for loops that should vectorise: the same correctly rounded result as Double.squareRoot(). Introduced in chapter 05.

import CFloatingPoint

/// √x, bit for bit what `x.squareRoot()` returns, for the per-entry loops of
/// AdaGrad, RMSProp and Adam.
///
/// `Double.squareRoot()` on Linux calls the C library's `sqrt`, which must set
/// `errno` when x < 0; the compiler therefore keeps a guarded call inside the
/// loop, and a loop containing a call is not vectorised. This one is Clang's
/// elementwise builtin: the same IEEE 754 square root (correctly rounded, one
/// instruction), with no `errno`, so the loop runs two or more entries at a
/// time. For x < 0 it is NaN, as `squareRoot()` is.
///
/// Measured on lesson 5, where the three optimizers' updates had been a third
/// of the run time (`plots/bench/`, appendix A).
@inlinable @inline(__always)
public func unguardedSquareRoot(_ x: Double) -> Double {
  teleportation_square_root(x)
}
