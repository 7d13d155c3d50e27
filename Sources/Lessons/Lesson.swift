// What every chapter's executable lesson provides. Introduced in chapter 01.

import Foundation
import Toolkit

/// One runnable chapter: it orchestrates Toolkit calls, prints a transcript and
/// writes the data its figures are drawn from. Algorithms never live here.
protocol Lesson {
  /// The chapter's number as it appears in file names: "01" … "06", or "A".
  static var number: String { get }
  /// The chapter's title.
  static var title: String { get }
  /// The Markdown chapter this lesson belongs to, relative to the repository root.
  static var chapter: String { get }
  /// The figure scripts this lesson renders, as names under `plots/` without `.gp`.
  static var figures: [String] { get }

  /// The options beyond `--quick`, `--paper`, `--seed` and `--out` that the lesson
  /// uses; `lesson` refuses any other with a message (none by default).
  static var options: Set<LessonOption> { get }
  /// The data sets its data-set sections can run on (`--dataset`); none by default.
  static var datasets: [DatasetName] { get }

  /// Runs the lesson.
  ///
  /// - Parameter context: preset, seed, folders and the transcript.
  static func run(_ context: LessonContext) throws
}

extension Lesson {
  static var options: Set<LessonOption> { [] }
  static var datasets: [DatasetName] { [] }
}

/// The options that only some lessons use.
enum LessonOption: String, CaseIterable, Comparable {
  case dataset
  case dataDir = "data-dir"
  case shard, merge, fresh, retrain

  /// `--data-dir`.
  var flag: String { "--" + rawValue }

  static func < (a: LessonOption, b: LessonOption) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

/// What `--dataset` and `--data-dir` need: the data sets of MNIST's shape (784 inputs).
let greyscaleDatasets: [DatasetName] = [.mnist, .fashionMNIST]

/// Every lesson the `lesson` executable knows, in chapter order.
let allLessons: [any Lesson.Type] = [
  LessonA.self,
  Lesson01.self,
  Lesson02.self,
  Lesson03.self,
  Lesson04.self,
  Lesson05.self,
  Lesson06.self,
  Lesson07.self,
]

/// The chapters of the book, with the ones whose lesson is not written yet.
let chapterTable: [(number: String, title: String)] = [
  ("A", "The Toolkit: matrices, BLAS and higher-order autodiff (appendix)"),
  ("01", "Parameter symmetries, group actions and the teleport"),
  ("02", "Teleportation speeds up convergence, over the whole orbit"),
  ("03", "One teleport and a gradient step make a Newton step"),
  ("04", "Sharpness, curvature and generalization"),
  ("05", "Teleportation inside other optimizers"),
  ("06", "Learning to teleport"),
  ("07", "Level-set teleportation beside symmetry teleportation"),
]

/// The lesson for a chapter argument such as "3", "03", "A" or "0" (the appendix).
func lesson(for argument: String) -> (any Lesson.Type)? {
  let key = normalisedChapter(argument)
  return allLessons.first { $0.number == key }
}

/// "3" → "03", "0" or "a" → "A"; anything else is returned unchanged.
func normalisedChapter(_ argument: String) -> String {
  let trimmed = argument.trimmingCharacters(in: .whitespaces)
  if trimmed.uppercased() == "A" || trimmed == "0" || trimmed == "00" { return "A" }
  if let n = Int(trimmed), n >= 1 { return String(format: "%02d", n) }
  return trimmed
}
