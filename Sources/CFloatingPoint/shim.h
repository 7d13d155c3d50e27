// The square root without C's errno, so that loops over it vectorise (Linear/SquareRoot.swift).
//
// Swift's Double.squareRoot() calls the C library's sqrt, which must set errno for a negative
// argument; the compiler keeps a guarded call to it in every loop, and a loop with a call in it
// is not vectorised. Clang's elementwise builtin is the same correctly rounded IEEE square root
// (one sqrtsd/sqrtpd instruction on x86-64) with no errno, so the loop vectorises and every
// result is bit-for-bit what Double.squareRoot() returns.
#ifndef TELEPORTATION_CFLOATINGPOINT_SHIM_H
#define TELEPORTATION_CFLOATINGPOINT_SHIM_H
#if __has_builtin(__builtin_elementwise_sqrt)
static inline double teleportation_square_root(double x) { return __builtin_elementwise_sqrt(x); }
#else
static inline double teleportation_square_root(double x) { return __builtin_sqrt(x); }
#endif
#endif
