// How a `--quick` transcript is compared with its snapshot: words exactly, numbers to their printed precision.

import Foundation

/// The 0-based index of the first line where `actual` disagrees with `expected`, or nil.
///
/// Lines must have the same words and punctuation; the numbers in them may differ only as
/// far as the last printed digit can differ between machines. Two BLAS kernels (OpenBLAS's
/// `Zen` on AMD, `SkylakeX` on Intel) sum in different orders, so a value that lands on a
/// rounding boundary prints one unit apart in its last digit, and a printed integer of five
/// or more digits (a double rounded to four significant digits and printed whole) differs
/// beyond its fourth digit. So a decimal number may move by one unit in its last printed
/// place or by 0.1 % of its value, a long integer by 0.1 %, and a short integer (a count)
/// not at all. Anything else, a changed word, a different count, a number that moved
/// further, is a real difference.
func firstDisagreement(expected: String, actual: String) -> Int? {
  let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
  let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
  for (index, (x, y)) in zip(e, a).enumerated() where x != y && !linesAgree(String(x), String(y)) {
    return index
  }
  return e.count == a.count ? nil : min(e.count, a.count)
}

private let numberPattern = try! NSRegularExpression(pattern: #"-?\d+(\.\d+)?([eE][-+]?\d+)?"#)

/// The line cut into alternating text and number pieces: (text, number?) pairs.
private func pieces(_ line: String) -> (texts: [String], numbers: [String]) {
  let ns = line as NSString
  var texts: [String] = [], numbers: [String] = []
  var cursor = 0
  for match in numberPattern.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
    texts.append(
      ns.substring(with: NSRange(location: cursor, length: match.range.location - cursor)))
    numbers.append(ns.substring(with: match.range))
    cursor = match.range.location + match.range.length
  }
  texts.append(ns.substring(from: cursor))
  return (texts, numbers)
}

/// True when two lines agree in their words and, to printed precision, in their numbers.
func linesAgree(_ expected: String, _ actual: String) -> Bool {
  let e = pieces(expected), a = pieces(actual)
  guard e.texts == a.texts, e.numbers.count == a.numbers.count else { return false }
  return zip(e.numbers, a.numbers).allSatisfy(numbersAgree)
}

/// True when two printed numbers differ by no more than rounding between machines.
func numbersAgree(_ expected: String, _ actual: String) -> Bool {
  if expected == actual { return true }
  guard let x = Double(expected), let y = Double(actual) else { return false }
  let relative = 1e-3 * max(abs(x), abs(y))
  let isInteger = { (s: String) in !s.contains(".") && !s.lowercased().contains("e") }
  if isInteger(expected) && isInteger(actual) {
    let digits = { (s: String) in s.filter(\.isNumber).count }
    return min(digits(expected), digits(actual)) >= 5 && abs(x - y) <= relative
  }
  return abs(x - y) <= max(relative, min(lastPlace(expected), lastPlace(actual))) * (1 + 1e-9)
}

/// The value of one unit in the last printed place: 0.001 for "2.234", 1e-15 for "3.242e-12".
private func lastPlace(_ s: String) -> Double {
  let lower = s.lowercased()
  let (mantissa, exponent) =
    lower.contains("e")
    ? (String(lower.split(separator: "e")[0]), Double(lower.split(separator: "e")[1]) ?? 0)
    : (lower, 0)
  let decimals = mantissa.split(separator: ".").dropFirst().first?.count ?? 0
  return pow(10, exponent - Double(decimals))
}
