// Chapter 04, section 4: Figure 4 as paired sweeps, with verdict tables.

import Foundation
import Toolkit

extension Lesson04 {
  /// One arm of Figure 4: what its teleports move, which way, how many, and in which
  /// convention (the ψ teleport moves one pair whose input no teleport changes, so the two
  /// conventions coincide there and it runs once).
  struct TeleportArm {
    enum Measure { case sharpness, curvature }
    let label: String
    let measure: Measure?
    let direction: TeleportDirection
    let count: Int
    let convention: TeleportConvention
  }

  /// The arms: SGD, then the paper's four teleports (10 to lower φ, 2 to raise it, 5 to lower
  /// ψ, 10 to raise it), and the two φ teleports again in the paper code's convention.
  static let teleportArms: [TeleportArm] = [
    .init(label: "SGD", measure: nil, direction: .decrease, count: 0, convention: .exact),
    .init(
      label: "lower φ", measure: .sharpness, direction: .decrease, count: 10, convention: .exact),
    .init(
      label: "raise φ", measure: .sharpness, direction: .increase, count: 2, convention: .exact),
    .init(
      label: "lower φ, paper code", measure: .sharpness, direction: .decrease, count: 10,
      convention: .paperCode),
    .init(
      label: "raise φ, paper code", measure: .sharpness, direction: .increase, count: 2,
      convention: .paperCode),
    .init(
      label: "lower ψ", measure: .curvature, direction: .decrease, count: 5, convention: .exact),
    .init(
      label: "raise ψ", measure: .curvature, direction: .increase, count: 10, convention: .exact),
  ]

  /// The paper's teleport learning rates (`paper.md` §3.4) for an arm on a data set.
  static func teleportRate(_ arm: TeleportArm, on name: DatasetName) -> Double {
    let fashion = name == .fashionMNIST
    switch (arm.measure, arm.direction) {
    case (.sharpness, .decrease): return fashion ? 3e-1 : 5e-2
    case (.sharpness, .increase): return fashion ? 1e-1 : 5e-2
    case (.curvature, .decrease): return fashion ? 3e-3 : 5e-2
    case (.curvature, .increase): return fashion ? 5e-3 : 2e-1
    case (nil, _): return 0
    }
  }

  /// One run of Figure 4's sweep: its records and what its teleports did.
  struct TeleportRun: Codable {
    var attempt: TrainingAttempt
    /// φ, ψ (Table 1's) and κ_C just before the first teleport and after the last (NaN for SGD).
    var before: [Double]
    var after: [Double]
    /// The longest step |t| of a ψ teleport.
    var longestStep: Double
    /// Sharpness teleports that the cap J > 2 stopped, and their inner steps taken.
    var stoppedAtCap: Int
    var innerSteps: Int
  }

  /// Raise when a change to the code changes Figure 4's numbers (design.md D17).
  static let figure4CodeVersion = "figure-4 3"

  static func teleportRuns(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading("4. Figure 4: teleporting to lower or raise φ and ψ", level: 2)
    let preset = context.preset
    let epochs = preset.choose(quick: 6, standard: 40, paper: 40)
    let teleportEpoch = preset.choose(quick: 3, standard: 20, paper: 20)
    let pairCount = preset.choose(quick: 2, standard: 6, paper: 6)
    let teleportBatchSize = preset.choose(quick: 200, standard: 2000, paper: 2000)
    let directions = preset.choose(quick: 1, standard: 4, paper: 100)
    let innerSteps = preset.choose(quick: 2, standard: 10, paper: 10)
    let trainLimit = preset.choose(quick: 1000, standard: 10_000, paper: Int.max)
    let arms = teleportArms
    say(
      "\(pairCount) paired seeds × \(epochs) epochs of SGD; every arm of a pair starts from the same"
    )
    say(
      "initialisation and draws the same teleport batches. Before the first mini-batch steps of")
    say(
      "epoch \(teleportEpoch) (after \(teleportEpoch) epochs) the teleport arms teleport on fresh "
        + "batches of \(teleportBatchSize), as the paper's Figure 4:")
    say(
      "φ with action (C) on every pair, \(innerSteps) inner steps, \(directions) direction(s) per "
        + "radius 0.1 … 0.9, cap J > 2")
    say("(ours: the cap stops an ascent only, pair inputs recomputed; paper code: the cap stops")
    say("both directions, pair inputs updated linearly h ← (I + T)h); ψ with a scalar step along")
    say("exp(tM) on the second pair only. Teleports: lower φ 10, raise φ 2, lower ψ 5, raise ψ 10.")
    let rule = BlowUpRule(bound: 10)
    var measureRows: [[String]] = []
    for set in try dataSets(context, forTeleport: true) {
      let name = set.name.displayName
      let train = set.splits.train.subset(count: trainLimit)
      let test = set.splits.test.subset(count: preset == .quick ? 1000 : set.splits.test.count)
      let probes = try probeBatches(
        train, count: preset.choose(quick: 4, standard: 20, paper: 50), size: 200,
        seed: context.seed &+ 5000
      ).map(ProbeBatch.init)
      let radii = paperSharpnessRadii(mnist: set.name == .mnist)
      // κ_C: the curvature the ψ teleport moves, averaged over 10 fixed M on one probe batch.
      var kappaRNG = SplitMix64(seed: context.seed &+ 99)
      let kappaDirections = (0..<10).map { _ in
        Matrix.uniform(set.dims[2], set.dims[2], using: &kappaRNG)
      }
      let kappaMeter = CurvatureTeleporter(direction: .increase, learningRate: 0)
      func measures(_ w: [Matrix]) throws -> [Double] {
        let kappas = kappaDirections.map { m in
          (try? kappaMeter.curvatureAndRate(weights: w, generator: m, input: probes[0].batch.input))?
            .curvature ?? .nan
        }
        return [
          sharpness(
            weights: w, probes: probes.map(\.batch), radii: radii, seed: context.seed &+ 12),
          try orbitCurvature(weights: w, probes: probes, seed: context.seed &+ 12345),
          Toolkit.mean(kappas),
        ]
      }

      // Arm `a` of pair `pair`: SGD from the pair's initialisation, teleporting before the first
      // `count` steps of epoch `teleportEpoch`.
      func job(_ a: Int, _ pair: Int, _ rng: inout SplitMix64) throws -> TeleportRun {
        let arm = arms[a]
        let model = MLP(dimensions: set.dims, using: &rng)
        var teleportRNG = SplitMix64(seed: rng.next())
        let rate = teleportRate(arm, on: set.name)
        var before = [Double](repeating: .nan, count: 3), after = before
        var longestStep = 0.0, stoppedAtCap = 0, innerStepsTaken = 0
        let attempt = TrainingAttempt(
          training: model, on: train, test: test,
          configuration: plainSGDConfiguration(epochs: epochs, learningRate: set.learningRate),
          beforeStep: { epoch, step, net in
            guard let measure = arm.measure, epoch == teleportEpoch, step < arm.count else {
              return
            }
            let batch = probeBatches(
              train, count: 1, size: teleportBatchSize, seed: teleportRNG.next())[0]
            if step == 0 { before = try measures(net.weights) }
            switch measure {
            case .sharpness:
              let teleporter = Teleporter(
                symmetry: NetworkSymmetry(ProjectedAction()),
                objective: SharpnessObjective.paper(
                  direction: arm.direction, directionsPerRadius: directions,
                  seed: teleportRNG.next()),
                settings: TeleportSettings(
                  learningRate: rate, stepCount: innerSteps, objectiveCap: 2.0,
                  convention: arm.convention))
              let outcome = try teleporter.teleport(net.weights, on: batch)
              net.weights = outcome.weights
              stoppedAtCap += outcome.stoppedAtCap ? 1 : 0
              innerStepsTaken += outcome.stepsTaken
            case .curvature:
              let outcome = try CurvatureTeleporter(direction: arm.direction, learningRate: rate)
                .teleport(net.weights, on: batch, using: &teleportRNG)
              longestStep = max(longestStep, outcome.steps.map(abs).max() ?? 0)
              net.weights = outcome.weights
            }
            if step == arm.count - 1 { after = try measures(net.weights) }
          })
        return TeleportRun(
          attempt: attempt, before: before, after: after, longestStep: longestStep,
          stoppedAtCap: stoppedAtCap, innerSteps: innerStepsTaken)
      }
      // A merge joins the sweeps whose shards ran; one never started is named, not an error.
      let tag = set.name.rawValue
      let sweepFolder = context.dataRoot.deletingLastPathComponent()
        .appendingPathComponent("sweeps/\(number)-\(preset.rawValue)-figure-4-\(tag)")
      if context.merge && !FileManager.default.fileExists(atPath: sweepFolder.path) {
        say("\(name): Figure 4's sweep was not run (no \(sweepFolder.path)); nothing to merge")
        continue
      }
      let clock = Stopwatch()
      guard
        let runs = try pairedSweep(
          context, number: number, tag: "figure-4-\(tag)",
          arms: arms.map(\.label), pairCount: pairCount,
          settings: [
            "epochs": "\(epochs)", "teleport epoch": "\(teleportEpoch)",
            "teleport batch": "\(teleportBatchSize)", "directions per radius": "\(directions)",
            "inner steps": "\(innerSteps)", "training samples": "\(train.count)",
            "test samples": "\(test.count)", "network": "\(set.dims)",
            "learning rate": "\(set.learningRate)", "probes": "\(probes.count) x 200",
            "teleport rates": arms.map { "\(teleportRate($0, on: set.name))" }.joined(
              separator: " "),
            "radii": "\(radii)",
          ],
          code: figure4CodeVersion, data: [set.splits.fingerprint()], job)
      else { continue }
      let attempts = runs.map { $0.map(\.attempt) }
      let labels = arms.map(\.label)
      try context.write(
        medianCurves(
          attempts, arms: labels, epochCount: epochs, rule: rule, lesson: number,
          context: context,
          comment: "\(name), \(pairCount) paired seeds; one block per arm: "
            + labels.joined(separator: ", "), censorBlowUps: true),
        named: "\(tag)-teleport.dat", in: folder)
      try context.write(
        medianDifferenceCurves(
          attempts, arms: labels, baseline: 0, epochCount: epochs, rule: rule, lesson: number,
          context: context,
          comment: "\(name), \(pairCount) paired seeds; one block per teleport arm: "
            + labels.dropFirst().joined(separator: ", ")),
        named: "\(tag)-teleport-difference.dat", in: folder)
      let seconds = attempts.map { median($0.compactMap { $0.epochs.last?.wallSeconds }) }
      say.time(
        "\(name): \(arms.count * pairCount) runs in \(fmt(clock.elapsedSeconds, 3)) s"
          + (context.merge ? " (merged; the runs' time is the shards')" : "")
          + "; median seconds per run: "
          + zip(labels, seconds).map { "\($0) \(fmt($1, 3))" }.joined(separator: ", "))

      // The verdicts: each teleport against SGD, the paper's two contrasts, and the conventions.
      let comparisons: [(String, String)] =
        labels.dropFirst().map { ($0, labels[0]) } + [
          ("lower φ", "raise φ"), ("lower φ, paper code", "raise φ, paper code"),
          ("raise ψ", "lower ψ"), ("lower φ, paper code", "lower φ"),
          ("raise φ, paper code", "raise φ"),
        ]
      say()
      say.verdict(
        try VerdictTable(
          outcomeName: "\(name) validation loss at epoch \(epochs)", blowUpRule: rule,
          arms: zip(labels, attempts).map { label, group in
            Arm(name: label, outcomes: group.map { $0.outcome(\.testLoss, rule: rule) })
          },
          comparisons: comparisons, bootstrapSeed: context.seed))

      for (arm, group) in zip(arms, runs) where arm.measure != nil {
        func change(_ i: Int) -> String {
          let start = group.map { $0.before[i] }.filter(\.isFinite)
          let end = group.map { $0.after[i] }.filter(\.isFinite)
          guard !start.isEmpty, !end.isEmpty else { return "-" }
          return fmt(median(start), 3) + " → " + fmt(median(end), 3)
        }
        let sharp = arm.measure == .sharpness
        let teleports = pairCount * arm.count
        measureRows.append([
          name, arm.label, change(0), change(1), change(2),
          sharp ? "-" : fmt(group.map(\.longestStep).max() ?? 0, 3),
          sharp ? "\(group.map(\.stoppedAtCap).reduce(0, +)) of \(teleports)" : "-",
          sharp
            ? fmt(Double(group.map(\.innerSteps).reduce(0, +)) / Double(teleports), 3) : "-",
        ])
      }
    }
    guard context.shard == nil, !measureRows.isEmpty else { return }
    say()
    say("Medians over pairs of the measures just before the first and after the last teleport")
    say(
      "(with the SGD steps between the teleports: one before each of the first mini-batch steps):"
    )
    say("φ and ψ of Table 1 (action (B), all pairs), and κ_C, the curvature of the (C) curve on")
    say("the second pair that the ψ teleport moves (mean over 10 fixed random M, one batch of")
    say("200); largest |t|: the longest step exp(tM) of a ψ teleport (M uniform in [0, 1), not")
    say(
      "normalised); at cap: φ teleports that the cap J > 2 ended; steps: inner steps per φ teleport."
    )
    say()
    say.table(
      [
        "data set", "teleport", "φ", "ψ (Table 1)", "κ_C (Figure 4)", "largest |t|", "at cap",
        "steps",
      ],
      measureRows)
  }
}
