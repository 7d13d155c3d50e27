// Elementary functions from the C library, under names that do not clash. Introduced in the appendix.

import Foundation

@inline(__always) func Foundation_log(_ x: Double) -> Double { Foundation.log(x) }
@inline(__always) func Foundation_cos(_ x: Double) -> Double { Foundation.cos(x) }
