// Overflow-checked sizes for readers of untrusted files. Introduced in appendix A.

/// `header` plus the product of `dimensions`, or nil when the arithmetic overflows `Int`.
///
/// Every reader multiplies sizes read from a file through this (or its own
/// overflow-checked arithmetic) before comparing them with the file's length.
public func checkedByteCount(header: Int, dimensions: [Int]) -> Int? {
  var product = 1
  for d in dimensions {
    guard d >= 0 else { return nil }
    let (p, overflow) = product.multipliedReportingOverflow(by: d)
    if overflow { return nil }
    product = p
  }
  let (total, overflow) = product.addingReportingOverflow(header)
  return overflow ? nil : total
}
