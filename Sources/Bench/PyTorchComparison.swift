// Runs our PyTorch implementation of the benchmarked operations and prints both sides.

import Foundation

/// Where `make bench-pytorch` puts the environment, relative to the repository root.
let pytorchPython = ".venv-bench/bin/python"
/// Our PyTorch implementation of the same operations.
let pytorchScript = "scripts/bench/pytorch_bench.py"

/// The 1-minute load average from /proc/loadavg ("?" when unreadable).
func loadAverage() -> String {
  let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? "?"
  return text.split(separator: " ").first.map(String.init) ?? "?"
}

/// Runs the PyTorch script (when its environment exists) and prints, for each
/// operation, our time, PyTorch's in float32 and float64, and the ratios.
///
/// Wall times can mislead on a loaded machine (PyTorch's threads wait for each other
/// when the cores are shared), so CPU times, summed over PyTorch's threads, are
/// printed as a second table.
///
/// - Parameter ours: (key in the script's JSON, label, our wall and CPU microseconds per call).
func printPyTorchComparison(_ ours: [OurTiming]) {
  guard FileManager.default.isExecutableFile(atPath: pytorchPython),
    FileManager.default.fileExists(atPath: pytorchScript)
  else {
    print(
      "    no PyTorch environment: run `make bench-pytorch` (makes \(pytorchPython) with torch and")
    print("    numpy from PyPI, then runs this bench) to print PyTorch's times and the ratios here")
    return
  }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: pytorchPython)
  process.arguments = [pytorchScript]
  let pipe = Pipe()
  process.standardOutput = pipe
  do { try process.run() } catch {
    print("    could not run \(pytorchPython) \(pytorchScript): \(error)")
    return
  }
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  guard process.terminationStatus == 0,
    let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any]
  else {
    print(
      "    \(pytorchScript) failed (exit \(process.terminationStatus)); run it by hand to see why")
    return
  }
  let threads = json["threads"] as? Int ?? 0
  print(
    "    PyTorch \(json["torch"] as? String ?? "?"), \(threads) threads; ours: Double, one BLAS thread; "
      + "load average now \(loadAverage())")
  for (title, suffix) in [("wall time", ""), ("CPU time (PyTorch: all its threads)", "_cpu")] {
    print(
      "    " + title.padding(toLength: 40, withPad: " ", startingAt: 0)
        + "     ours   torch f32   torch f64   ratio f32   ratio f64")
    for op in ours {
      let theirs = json[op.key] as? [String: Double] ?? [:]
      let (f32, f64) = (theirs["float32" + suffix] ?? .nan, theirs["float64" + suffix] ?? .nan)
      let mine = suffix.isEmpty ? op.micro : op.cpu
      let cells = [time(mine), time(f32), time(f64), ratio(f32 / mine), ratio(f64 / mine)]
      print(
        "    " + op.name.padding(toLength: 40, withPad: " ", startingAt: 0)
          + cells.map { $0.leftPadded(to: 12) }.joined())
    }
  }
  print("    (ratio = PyTorch's time / ours: above 1, ours is faster)")
  // What bounds the ratio: even with every non-BLAS line free, ours cannot beat its floor.
  print(
    "    " + "what bounds the ratio".padding(toLength: 40, withPad: " ", startingAt: 0)
      + "     ours  our floor  floor share   torch f32  best ratio")
  for op in ours {
    let f32 = (json[op.key] as? [String: Double])?["float32"] ?? .nan
    let cells = [
      time(op.micro), time(op.floor), "\(f3(100 * op.floor / op.micro)) %", time(f32),
      ratio(f32 / op.floor),
    ]
    print(
      "    " + op.name.padding(toLength: 40, withPad: " ", startingAt: 0)
        + cells.map { $0.leftPadded(to: 12) }.joined())
  }
  print(
    "    (our floor: the float64 BLAS products our algorithm cannot skip, timed in this run; "
      + "best ratio = torch f32 / our floor, the most any float64 code of this algorithm could reach here)"
  )
}

/// One of our operations in the comparison: its key in the script's JSON, its label,
/// our wall and CPU microseconds per call, and its floor (the wall time of the float64
/// BLAS products the algorithm cannot skip, measured in the same run).
struct OurTiming {
  let key: String
  let name: String
  let micro: Double
  let cpu: Double
  let floor: Double
}

/// "45.2 µs" or "3.1 ms".
private func time(_ micro: Double) -> String {
  micro >= 1000 ? "\(f3(micro / 1000)) ms" : "\(f3(micro)) µs"
}

/// "12.3×".
private func ratio(_ x: Double) -> String { "\(f3(x))×" }

extension String {
  /// The string right-aligned in a field of `width` characters.
  func leftPadded(to width: Int) -> String {
    count >= width ? " " + self : String(repeating: " ", count: width - count) + self
  }
}
