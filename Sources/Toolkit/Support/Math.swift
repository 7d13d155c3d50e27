// Elementary functions from the C library, under names that do not clash. Introduced in the appendix.

import Foundation

@inline(__always) func foundationLog(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) func foundationCos(_ x: Double) -> Double { Foundation.cos(x) }
