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

  @Option(
    help: "The root random seed (any 64-bit unsigned integer); every random draw derives from it.")
  var seed: UInt64 = 54321

  @Option(
    help:
      "Write data to DIR/data/NN and figures to DIR/out (default: plots, or plots/quick with --quick)."
  )
  var out: String?

  @Option(name: .customLong("data-dir"), help: "A folder to search first for data sets.")
  var dataDir: String?

  @Option(
    help:
      "Run the data-set sections on this data set alone: mnist, fashion-mnist or cifar10 (lessons 1, 2, 4, 5)."
  )
  var dataset: String?

  @Option(help: "Run only slice K of N of a sweep, written K/N (for example 2/8; lesson 4).")
  var shard: String?

  @Flag(help: "Join the completed shards of a sweep and draw its figures (lesson 4).")
  var merge = false

  @Flag(
    help: "Discard saved results (lesson 4's sweeps, lesson 6's runs) and compute them again.")
  var fresh = false

  @Flag(help: "Meta-train again instead of reloading saved runs (lesson 6; the same as --fresh).")
  var retrain = false

  @Option(help: .hidden)
  var has: String?

  mutating func validate() throws {
    if quick && paper { throw ValidationError("choose one of --quick and --paper, not both") }
    if let s = shard, (try? Shard(parsing: s)) == nil {
      throw ValidationError("--shard takes K/N with 1 ≤ K ≤ N, for example 2/8; got '\(s)'")
    }
    if let d = dataset, !["mnist", "fashion-mnist", "cifar10", "cifar-10"].contains(d.lowercased())
    {
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
        printError(
          "lesson \(chapter): this chapter's lesson is not written yet. Run `lesson` to see which are."
        )
      } else {
        printError("lesson \(chapter): there is no such chapter. Chapters are A (or 0) and 1 to 7.")
      }
      throw ExitCode(2)
    }
    try checkOptions(for: chosen)
    let kernel = OpenBLASKernelCheck.current()
    if let core = kernel.recommendedCore,
      ProcessInfo.processInfo.environment["OPENBLAS_CORETYPE"] == nil
    {
      // OpenBLAS reads OPENBLAS_CORETYPE once, when it loads, and on this CPU it chose a weaker
      // kernel than the CPU supports: start again with the right one, as the Makefile does, so
      // that `swift run lesson` prints what `make lesson` prints (README, "BLAS kernel").
      printError(
        "lesson: OpenBLAS chose '\(kernel.coreName)' on a CPU that runs '\(core)'; restarting "
          + "with OPENBLAS_CORETYPE=\(core) (set OPENBLAS_CORETYPE yourself to choose)")
      setenv("OPENBLAS_CORETYPE", core, 1)
      execv("/proc/self/exe", CommandLine.unsafeArgv)
      printError("lesson: could not restart (\(String(cString: strerror(errno)))); going on")
    }
    if let hint = kernel.hint { printError(hint) }
    BLAS.setThreadCount(1)
    // Line-buffered even when redirected (Slurm, tee, > log): a killed run loses no printed line.
    setvbuf(stdout, nil, _IOLBF, 0)

    let preset: Preset = quick ? .quick : (paper ? .paper : .standard)
    let root = URL(
      fileURLWithPath: out ?? (quick ? "plots/quick" : (paper ? "plots/paper" : "plots")),
      isDirectory: true)
    let dataRoot = root.appendingPathComponent("data", isDirectory: true)
    let folder = dataRoot.appendingPathComponent(chosen.number, isDirectory: true)
    let context = LessonContext(
      preset: preset, seed: seed, dataRoot: dataRoot,
      figureRoot: root.appendingPathComponent("out", isDirectory: true),
      dataDirectory: dataDir.map { URL(fileURLWithPath: $0, isDirectory: true) },
      dataset: dataset.flatMap(DatasetName.init(argument:)),
      shard: shard.flatMap { try? Shard(parsing: $0) },
      merge: merge, fresh: fresh || retrain,
      transcript: Transcript(liveFile: folder.appendingPathComponent("transcript.partial.txt")),
      record: RunLog())
    let clock = Stopwatch()
    func writeRecord(_ status: String) {
      let record = RunRecord(
        lesson: chosen.number, preset: preset, seed: seed,
        configuration: [
          "out": root.path, "dataset": dataset ?? "", "shard": shard ?? "",
          "merge": "\(merge)", "fresh": "\(fresh || retrain)", "data-dir": dataDir ?? "",
        ]
        .filter { !$0.value.isEmpty && $0.value != "false" },
        wallSeconds: clock.elapsedSeconds, commandLine: CommandLine.arguments,
        dataFingerprints: context.record.dataFingerprints, openBLASKernel: kernel.coreName,
        status: status)
      // Only where the lesson wrote its data: a run that failed before creating the folder writes nothing.
      guard FileManager.default.fileExists(atPath: folder.path) else { return }
      do { try record.write(into: folder) } catch { printError("lesson: \(error)") }
    }
    InterruptHandler.install(transcript: context.transcript, lesson: chosen.number) {
      writeRecord("interrupted")
    }
    do {
      try chosen.run(context)
      // The whole run's wall time closes the transcript, so that a chapter can quote it.
      if let saved = context.transcript.savedFolder {
        // CPU time beside wall time: on a shared machine the wall time grows, the CPU time not.
        context.transcript.time(
          "lesson \(chosen.number), preset \(preset.rawValue): \(fmt(clock.elapsedSeconds, 3)) s "
            + "wall time and \(fmt(processCPUSeconds(), 3)) s CPU time in all, on "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores")
        try context.transcript.save(to: saved)
      }
      writeRecord("completed")
    } catch let interrupted as SweepInterrupted {
      writeRecord("interrupted")
      context.transcript.withLinesComplete {
        printError("lesson \(chosen.number): \(interrupted)")
        printError(InterruptHandler.resumeAdvice(transcript: context.transcript))
      }
      throw ExitCode(130)
    } catch {
      writeRecord("failed: \(error)")
      printError("lesson \(chosen.number): \(error)")
      throw ExitCode(1)
    }
  }

  /// Refuses options the chosen lesson does not use, and data sets its networks cannot take.
  private func checkOptions(for chosen: any Lesson.Type) throws {
    let given: [(LessonOption, Bool)] = [
      (.dataset, dataset != nil), (.dataDir, dataDir != nil), (.shard, shard != nil),
      (.merge, merge), (.fresh, fresh), (.retrain, retrain),
    ]
    let unused = given.filter { $0.1 && !chosen.options.contains($0.0) }.map(\.0.flag)
    if !unused.isEmpty {
      let takes = chosen.options.sorted().map(\.flag)
      printError(
        "lesson \(chosen.number) does not use \(unused.joined(separator: ", ")); "
          + (takes.isEmpty
            ? "it takes only --quick, --paper, --seed and --out."
            : "besides --quick, --paper, --seed and --out it takes \(takes.joined(separator: ", ")).")
          + " Remove the option, or run the lesson that uses it (see `lesson --help`).")
      throw ExitCode(2)
    }
    if let name = dataset.flatMap(DatasetName.init(argument:)), !chosen.datasets.contains(name) {
      printError(
        "lesson \(chosen.number) cannot run on \(name.displayName): its networks take 784 inputs "
          + "(28×28 grey images) and \(name.displayName)'s images have "
          + "\(name == .cifar10 ? "3,072 features (32×32×3)" : "another size")"
          + ". Choose --dataset " + chosen.datasets.map(\.rawValue).joined(separator: " or ") + ".")
      throw ExitCode(2)
    }
    if fresh && (merge || shard != nil) {
      printError(
        "lesson \(chosen.number): --fresh would discard the runs other shards saved; to start a "
          + "sharded sweep over, run once with --fresh and no --shard, or delete its sweeps/ folder, "
          + "then start the shards")
      throw ExitCode(2)
    }
    if merge && shard != nil {
      printError(
        "lesson \(chosen.number): --merge joins the shards that --shard K/N ran; give one or the other"
      )
      throw ExitCode(2)
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

/// CPU seconds used so far by every thread of this process (user and system).
private func processCPUSeconds() -> Double {
  var now = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
  return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
