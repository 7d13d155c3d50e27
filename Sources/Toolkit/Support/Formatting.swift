// Rounded number formatting for transcripts. Introduced in chapter 01.

import Foundation

/// `value` with `digits` significant digits, in plain or scientific notation,
/// so that transcripts are identical across BLAS kernels and CPUs.
///
/// - Parameters:
///   - value: the number.
///   - digits: significant digits (4 is the house default).
/// - Returns: for example `0.1235`, `1.235e-07`, `nan`.
public func formatSignificant(_ value: Double, _ digits: Int = 4) -> String {
  if value.isNaN { return "nan" }
  if value.isInfinite { return value > 0 ? "inf" : "-inf" }
  if value == 0 { return "0" }
  // Round first, so that 0.99999 (4 digits) is "1.000", not "1.0000".
  let magnitude = abs(Double(String(format: "%.\(max(0, digits - 1))e", value)) ?? value)
  if magnitude >= 1e-3 && magnitude < 1e6 {
    let decimals = max(0, digits - 1 - Int(floor(log10(magnitude))))
    var s = String(format: "%.\(decimals)f", value)
    if s == "-0" || s.hasPrefix("-0.") && Double(s) == 0 { s = String(s.dropFirst()) }
    return s
  }
  return String(format: "%.\(max(0, digits - 1))e", value)
}
