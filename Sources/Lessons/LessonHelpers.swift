// Small pieces several lessons share: grids for contour plots, bands over runs. Introduced in chapter 01.

import Foundation
import Toolkit

/// Writes ℒ of a two-variable test function on a square grid, as gnuplot scans for contours.
func writeSurface(of f: any SumOfSquaresFunction, center: (x: Double, y: Double), halfWidth: Double,
                  gridSize: Int, named name: String, lesson: String, context: LessonContext,
                  folder: URL) throws {
  var rows: [[Double]] = []
  for i in 0...gridSize {
    let x = center.x - halfWidth + 2 * halfWidth * Double(i) / Double(gridSize)
    for j in 0...gridSize {
      let y = center.y - halfWidth + 2 * halfWidth * Double(j) / Double(gridSize)
      rows.append([x, y, f.loss((x, y))])
    }
  }
  try context.write(DataFile(lesson: lesson, preset: context.preset, seed: nil,
                             columns: ["x", "y", "loss"],
                             comments: ["\(f.name) on a grid, one scan per x (for gnuplot's contours)"],
                             blocks: [.init(rows: rows, scanLength: gridSize + 1)]),
                    named: name, in: folder)
}

/// Mean and standard deviation, step by step, of runs of equal length, as data-file columns.
func bandColumns(_ runs: [[Double]]) throws -> (mean: [Double], std: [Double]) {
  let band = try Band(runs: runs)
  return (band.mean, band.standardDeviation)
}

/// "0.123 ± 0.004" from values over runs.
func meanPlusMinus(_ values: [Double], _ digits: Int = 3) -> String {
  values.count > 1
    ? "\(fmt(mean(values), digits)) ± \(fmt(sampleStandardDeviation(values), 2))"
    : fmt(values.first ?? .nan, digits)
}
