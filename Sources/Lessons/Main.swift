// The `lesson` command: `swift run lesson N [--quick | --paper] …`. Introduced in chapter 01.

import ArgumentParser
import Foundation
import Toolkit

@main
struct LessonCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "lesson",
    abstract: "Run one chapter of Teleportation: print its transcript and draw its figures.",
    discussion: """
      Chapters: A (or 0) is the Toolkit appendix, 1 to 7 the numbered chapters.
      Run `lesson` with no chapter to list them.
      """)

  @Argument(help: "The chapter to run: 1–7, or A (0) for the appendix.")
  var chapter: String?

  @Flag(help: "A run of seconds, as the tests use; figures go to plots/quick.")
  var quick = false

  @Flag(help: "The paper's full settings (may take hours).")
  var paper = false

  @Option(help: "The root random seed.")
  var seed: UInt64 = 54321

  @Option(help: "Write data to DIR/data/NN and figures to DIR/out (default: plots, or plots/quick with --quick).")
  var out: String?

  @Option(name: .customLong("data-dir"), help: "A folder to search first for data sets.")
  var dataDir: String?

  @Option(help: "The data set, for lessons that take one: mnist, fashion-mnist or cifar10.")
  var dataset: String?

  @Option(help: "Run only slice K of N of a sweep, written K/N (for example 2/8).")
  var shard: String?

  @Flag(help: "Join the completed shards of a sweep and draw its figures.")
  var merge = false

  @Flag(help: "Train again instead of loading saved models.")
  var retrain = false

  @Option(help: .hidden)
  var has: String?

  mutating func validate() throws {
    if quick && paper { throw ValidationError("choose one of --quick and --paper, not both") }
    if let s = shard, (try? Shard(parsing: s)) == nil {
      throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, for example 2/8; got '\(s)'")
    }
    if let d = dataset, !["mnist", "fashion-mnist", "cifar10", "cifar-10"].contains(d.lowercased()) {
      throw ValidationError("unknown data set '\(d)'; choose mnist, fashion-mnist or cifar10")
    }
  }

  func run() throws {
    if let asked = has {
      // For the Makefile: exit 0 when the chapter's lesson exists.
      throw ExitCode(lesson(for: asked) == nil ? 1 : 0)
    }
    guard let chapter else {
      listChapters()
      return
    }
    guard let chosen = lesson(for: chapter) else {
      let key = normalisedChapter(chapter)
      if chapterTable.contains(where: { $0.number == key }) {
        printError("lesson \(chapter): this chapter's lesson is not written yet. Run `lesson` to see which are.")
      } else {
        printError("lesson \(chapter): there is no such chapter. Chapters are A (or 0) and 1 to 7.")
      }
      throw ExitCode(2)
    }
    if let hint = OpenBLASKernelCheck.current().hint { printError(hint) }
    BLAS.setThreadCount(1)

    let preset: Preset = quick ? .quick : (paper ? .paper : .standard)
    let root = URL(fileURLWithPath: out ?? (quick ? "plots/quick" : (paper ? "plots/paper" : "plots")),
                   isDirectory: true)
    let context = LessonContext(
      preset: preset, seed: seed,
      dataRoot: root.appendingPathComponent("data", isDirectory: true),
      figureRoot: root.appendingPathComponent("out", isDirectory: true),
      dataDirectory: dataDir.map { URL(fileURLWithPath: $0, isDirectory: true) },
      dataset: dataset?.lowercased(), shard: shard.flatMap { try? Shard(parsing: $0) },
      merge: merge, retrain: retrain, transcript: Transcript())
    do {
      try chosen.run(context)
    } catch {
      printError("lesson \(chosen.number): \(error)")
      throw ExitCode(1)
    }
  }

  private func listChapters() {
    print("Teleportation: the chapters. Run one with `swift run lesson N`.\n")
    for (number, title) in chapterTable {
      let ready = allLessons.contains { $0.number == number }
      let n = number == "A" ? "A" : String(Int(number) ?? 0)
      print("  \(n)  \(title)\(ready ? "" : "  (not written yet)")")
    }
  }
}

/// Prints a line to standard error.
func printError(_ line: String) {
  FileHandle.standardError.write((line + "\n").data(using: .utf8) ?? Data())
}
