// Chapter 01: parameter symmetries, group actions and the teleport.

import Foundation
import Toolkit

/// `swift run lesson 1`: what a parameter symmetry is, how exact each group action
/// is, and what a teleport does along an orbit.
enum Lesson01: Lesson {
  static let number = "01"
  static let title = "Parameter symmetries, group actions and the teleport"
  static let chapter = "chapters/01-symmetry-basics.md"
  static let options: Set<LessonOption> = [.dataset, .dataDir]
  static let datasets = greyscaleDatasets
  static let figures = ["01-orbit", "01-level-sets"]

  static func run(_ context: LessonContext) throws {
    let say = context.transcript
    let folder = try context.dataFolder(number)
    say.heading("Chapter 1: \(title)")
    say("preset \(context.preset.rawValue), seed \(context.seed)")

    try linearPair(context)
    try smallNetworkTable(context)
    try mnistNetworkTable(context)
    try orbitCurve(context, folder: folder)
    try levelSets(context, folder: folder)

    try say.save(to: folder)
    context.render(figures, from: folder)
  }

  // MARK: - A linear layer pair

  static func linearPair(_ context: LessonContext) throws {
    let say = context.transcript
    say.heading("1. A linear layer pair: (U, V) ↦ (U g⁻¹, g V)", level: 2)
    var rng = SplitMix64(seed: context.seed)
    let (w, batch) = randomRegressionProblem(
      dimensions: [5, 4, 3], batchSize: 12, negativeSlope: 1, using: &rng)
    let symmetry = NetworkSymmetry(LinearAction(), negativeSlope: 1)
    let before = MLP(weights: w, negativeSlope: 1)
    say.table(
      ["g", "loss ℒ", "‖∇ℒ‖²"],
      try [0.0, 0.3, 0.6, 0.9].map { scale in
        let g = try randomExponentialElements(for: w, scale: scale, seed: context.seed)
        let moved = MLP(weights: try symmetry.apply(g, to: w, input: batch.input), negativeSlope: 1)
        let gradient = moved.lossAndGradient(on: batch).gradients
        return [
          scale == 0 ? "I" : "exp(\(fmt(scale, 1))·M)", fmt(moved.loss(on: batch), 10),
          fmt(gradient.reduce(0) { $0 + $1.squaredNorm() }),
        ]
      })
    say("The loss is the same to 10 digits at every g (it is \(fmt(before.loss(on: batch), 10)));")
    say("the gradient norm is not, and that freedom is what a teleport uses.")
  }

  // MARK: - Every action on a small network

  static func smallNetworkTable(_ context: LessonContext) throws {
    let say = context.transcript
    say.heading("2. Every action on a small LeakyReLU network, [8, 8, 6, 4], batch 6", level: 2)
    let runs = context.preset.choose(quick: 5, standard: 20, paper: 100)
    var rng = SplitMix64(seed: context.seed &+ 2)
    let (w, batch) = randomRegressionProblem(dimensions: [8, 8, 6, 4], batchSize: 6, using: &rng)
    let (_, heldOut) = randomRegressionProblem(
      dimensions: [8, 8, 6, 4], batchSize: 200, using: &rng)
    say(
      "Random elements g_m = exp(0.1·M_m), M_m uniform in [−1, 1) and ‖M_m‖_F = 1; \(runs) draws;")
    say("relative loss change |Δℒ|/ℒ, largest over the draws.")
    say()
    try actionTable(context, weights: w, batch: batch, heldOut: heldOut, runs: runs)
  }

  // MARK: - Every action on the MNIST network

  static func mnistNetworkTable(_ context: LessonContext) throws {
    let say = context.transcript
    let name = context.datasets([.mnist])[0]
    say.heading(
      "3. The same actions on [784, 16, 10, 10] trained on \(name.displayName), teleport batch 200",
      level: 2)
    let splits = try context.loadDataset(
      name, train: 200, test: 1000,
      purpose: "batches of 20, a teleport batch of 200, the first 1,000 test images")
    let epochs = context.preset.choose(quick: 1, standard: 10, paper: 40)
    let trainSet = context.preset == .quick ? splits.train.subset(count: 2000) : splits.train
    var rng = SplitMix64(seed: context.seed &+ 3)
    let testSet = splits.test.subset(count: 1000)
    let net = try train(
      MLP(dimensions: [784, 16, 10, 10], using: &rng), on: trainSet, test: testSet,
      configuration: TrainingConfiguration(
        epochCount: epochs, batchSize: 20,
        optimizer: SGD(learningRate: 1e-2),
        evaluateEveryEpoch: false)
    ).model
    let testBatch = splits.test.batch(range: 0..<1000)
    let heldOut = Batch(input: testBatch.x, labels: testBatch.labels)
    say(
      "SGD, learning rate 0.01, batch 20, \(epochs) epoch(s) on \(trainSet.count) images: "
        + "test loss \(fmt(net.loss(on: heldOut)))")
    let indices = rng.nextIndices(200, below: trainSet.count)
    let (tx, tl) = trainSet.batch(indices)
    let batch = Batch(input: tx, labels: tl)
    let runs = context.preset.choose(quick: 3, standard: 10, paper: 50)
    say("Held-out data: the first 1,000 test images. \(runs) random draws of g = exp(0.1·M).")
    say()
    try actionTable(context, weights: net.weights, batch: batch, heldOut: heldOut, runs: runs)

    say()
    say("A teleport with the paper's settings: 10 ascent steps on ‖∇ℒ‖², g = I + T, cap 100.")
    var rows: [[String]] = []
    for (action, rate) in [
      (ProjectedAction() as any LayerPairAction, 1e-4), (ProjectedAction(), 5e-2),
      (LeakyReLUAction(inverse: .exact), 5e-2),
    ] {
      let teleporter = Teleporter(
        symmetry: NetworkSymmetry(action),
        settings: TeleportSettings(learningRate: rate))
      let outcome = try teleporter.teleport(net.weights, on: batch)
      let heldOutAfter = MLP(weights: outcome.weights).loss(on: heldOut)
      rows.append([
        action.name, fmt(rate, 1), fmt(outcome.objective.before), fmt(outcome.objective.after),
        fmt(outcome.relativeLossChange, 2),
        fmt(abs(heldOutAfter - net.loss(on: heldOut)) / net.loss(on: heldOut), 2),
        "\(outcome.stepsTaken)\(outcome.stoppedAtCap ? " (cap)" : "")",
        "\(outcome.cost.gradientEvaluations) / \(outcome.cost.hessianVectorProducts)",
      ])
      say.time(
        "teleport with \(action.name), η_tele \(fmt(rate, 1)): \(fmt(outcome.cost.seconds * 1e3, 3)) ms"
      )
    }
    say.table(
      [
        "action", "η_tele", "‖∇ℒ‖² before", "after", "batch |Δℒ|/ℒ", "held-out |Δℒ|/ℒ", "steps",
        "gradients / HVPs",
      ], rows)
    // A batch smaller than the narrowest hidden width, where (C) is an exact symmetry (a batch
    // of exactly the width makes σ(gVX) square and the ascent sensitive to rounding).
    let width = NetworkSymmetry.hiddenSizes(of: net.weights).min() ?? 1
    let smallSize = max(1, width - 2)
    let small = Batch(input: tx.columns(0..<smallSize), labels: Array(tl.prefix(smallSize)))
    try conventions(context, weights: net.weights, batches: [batch, small], width: width)
  }

  /// Our exact teleport and the paper code's, side by side on the same batches (design.md D15).
  static func conventions(_ context: LessonContext, weights: [Matrix], batches: [Batch], width: Int)
    throws
  {
    let say = context.transcript
    say()
    say(
      "Two conventions for deeper layer pairs. exact (ours): each pair's input is recomputed from the"
    )
    say(
      "moved weights, σ(W′h). paper code (the paper's teleport()): the activations of the start are"
    )
    say(
      "kept and updated linearly, h ← (I + T)h, and the cap stops a descent too. Action (C), 10 steps,"
    )
    say("cap 100, the same batches; 'apart' is max |W_exact − W_paper| / max |W_exact|.")
    var rows: [[String]] = []
    for (b, rate) in batches.flatMap({ b in [(b, 1e-4), (b, 1e-2)] }) {
      func teleport(_ convention: TeleportConvention) throws -> TeleportOutcome {
        try Teleporter(
          symmetry: NetworkSymmetry(ProjectedAction()),
          settings: TeleportSettings(learningRate: rate, convention: convention)
        )
        .teleport(weights, on: b)
      }
      let exact = try teleport(.exact), paper = try teleport(.paperCode)
      rows.append([
        "\(b.size)\(b.size <= width ? " ≤ width \(width)" : "")", fmt(rate, 1),
        fmt(exact.objective.after), fmt(paper.objective.after),
        fmtChange(exact.relativeLossChange), fmtChange(paper.relativeLossChange),
        fmt(largestRelativeDifference(exact.weights, paper.weights), 2),
      ])
    }
    say.table(
      [
        "batch", "η_tele", "‖∇ℒ‖² exact", "‖∇ℒ‖² paper code", "|Δℒ|/ℒ exact", "|Δℒ|/ℒ paper code",
        "apart",
      ], rows)
  }

  /// Prints, for each action, its exactness condition and the largest relative loss
  /// change on the batch and on held-out data over `runs` random elements.
  static func actionTable(
    _ context: LessonContext, weights w: [Matrix], batch: Batch, heldOut: Batch,
    runs: Int
  ) throws {
    let actions: [any LayerPairAction] = [
      LinearAction(pairIsLinear: false), LeakyReLUAction(inverse: .exact),
      LeakyReLUAction(inverse: .firstOrder), ProjectedAction(), RescalingAction(),
    ]
    var rows: [[String]] = []
    for action in actions {
      let symmetry = NetworkSymmetry(action)
      var worstBatch = 0.0, worstHeldOut = 0.0
      for run in 0..<runs {
        var elements = try randomExponentialElements(
          for: w, scale: 0.1, seed: context.seed &+ UInt64(run),
          rule: action.inverseRule)
        if action is RescalingAction {
          elements = try elements.indices.map { m in
            try GroupElement(
              generator: action.projectGenerator(
                randomUnitGenerators(for: w, seed: context.seed &+ UInt64(run))[m] * 0.1),
              parametrisation: .exponential, inverse: .exact)
          }
        }
        let (_, report) = try symmetry.measureInvariance(
          of: elements, weights: w, batch: batch,
          heldOut: heldOut)
        worstBatch = max(worstBatch, report.relativeBatchChange)
        worstHeldOut = max(worstHeldOut, report.relativeHeldOutChange ?? 0)
      }
      let conditions = symmetry.exactness(weights: w, batchSize: batch.size)
      let verdict = conditions.allSatisfy(\.isExact) ? "exact" : "approximate"
      rows.append([action.name, verdict, fmtChange(worstBatch), fmtChange(worstHeldOut)])
    }
    context.transcript.table(["action", "on this batch", "batch |Δℒ|/ℒ", "held-out |Δℒ|/ℒ"], rows)
    context.transcript()
    context.transcript("Why, pair by pair (X is the pair's input, k its hidden width):")
    for action in actions {
      let conditions = NetworkSymmetry(action).exactness(weights: w, batchSize: batch.size)
      context.transcript(
        "  \(action.name): "
          + conditions.enumerated().map { m, c in
            "pair \(m): \(c.isExact ? "✓" : "✗") \(c.condition)"
          }.joined(separator: "; "))
    }
  }

  /// A relative change, shown as "< 1e-12" when it is at rounding level.
  static func fmtChange(_ x: Double) -> String { x < 1e-12 ? "< 1e-12" : fmt(x, 2) }

  // MARK: - Figure 1 as data: along an orbit

  static func orbitCurve(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading("4. Along an orbit: the loss stays flat, ‖∇ℒ‖² does not", level: 2)
    // The meta-learning task of the paper: X is 20×20, so action (B) is exact on it.
    let task = SyntheticTasks.metaTestTask(0)
    let batch = Batch(input: task.input, target: task.target)
    let steps = context.preset.choose(quick: 50, standard: 200, paper: 1000)
    let net = try trainFullBatch(
      MLP(weights: task.weights), on: batch, stepCount: steps,
      optimizer: SGD(learningRate: 1e-4)
    ).model
    let symmetry = NetworkSymmetry(LeakyReLUAction(inverse: .exact))
    let teleporter = Teleporter(
      symmetry: symmetry,
      settings: TeleportSettings(
        learningRate: 1, objectiveCap: nil, parametrisation: .exponential))
    let (j0, direction) = try teleporter.objectiveAndGradient(at: net.weights, on: batch)
    let scale = direction.reduce(0) { $0 + $1.squaredNorm() }.squareRoot()
    let m = direction.map { $0 / scale }  // the steepest-ascent direction, ‖M‖_F = 1
    func point(_ t: Double) throws -> MLP {
      let elements = try m.map {
        try GroupElement(
          generator: t * $0, parametrisation: .exponential,
          inverse: .exact)
      }
      return MLP(weights: try symmetry.apply(elements, to: net.weights, input: batch.input))
    }
    let ts = stride(from: -1.0, through: 1.0001, by: context.preset == .quick ? 0.05 : 0.01).map {
      $0
    }
    let loss0 = net.loss(on: batch)
    func objective(_ t: Double) throws -> Double {
      try point(t).lossAndGradient(on: batch).gradients.reduce(0) { $0 + $1.squaredNorm() }
    }
    var rows: [[Double]] = []
    for t in ts {
      let moved = try point(t)
      let (loss, g) = moved.lossAndGradient(on: batch)
      rows.append([t, loss, g.reduce(0) { $0 + $1.squaredNorm() }, (loss - loss0) / loss0])
    }
    // The teleport restricted to this curve: gradient ascent in t (first step 0.02),
    // stopped once ‖∇ℒ‖² has doubled, as the paper's cap stops its teleports.
    let (t, ascentSteps) = try ascendAlongCurve(
      objective, firstStep: 0.02, target: 2 * j0, maxSteps: 50)
    let destination = try point(t)
    let (lossAt, gAt) = destination.lossAndGradient(on: batch)
    let jAt = gAt.reduce(0) { $0 + $1.squaredNorm() }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["t", "loss", "gradient_norm_squared", "relative_loss_change"],
        comments: [
          "orbit exp(tM)·w of action (B) through a GD-trained [20,20,20,20] network",
          "block 1: the destination of a teleport along the curve",
        ],
        blocks: [.init(rows: rows), .init(rows: [[t, lossAt, jAt, (lossAt - loss0) / loss0]])]),
      named: "orbit.dat", in: folder)
    let losses = rows.map { $0[1] }
    let spread = (losses.max()! - losses.min()!) / losses[0]
    say("GD for \(steps) steps on the paper's meta-learning task (X is 20×20, so (B) is exact).")
    say("Along exp(tM)·w, t ∈ [−1, 1], M the steepest-ascent direction of ‖∇ℒ‖²:")
    say(
      "  loss ℒ: \(fmt(losses[losses.count / 2])), relative spread over the curve \(fmtChange(spread))"
    )
    say(
      "  ‖∇ℒ‖²: from \(fmt(rows.map { $0[2] }.min()!)) to \(fmt(rows.map { $0[2] }.max()!)); at t = 0 \(fmt(j0))"
    )
    say(
      "  teleport along the curve (ascent in t until ‖∇ℒ‖² doubles): \(ascentSteps) steps to t = \(fmt(t, 3)),"
    )
    say(
      "  ‖∇ℒ‖² = \(fmt(jAt)) (\(fmt(jAt / j0, 3))× the start), loss change \(fmtChange(abs(lossAt - loss0) / loss0))"
    )
  }

  // MARK: - Level sets of the test functions

  static func levelSets(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading("5. Rosenbrock and Booth: SO(2) orbits are the level sets", level: 2)
    let grid = context.preset == .quick ? 60 : 200
    let setups:
      [(
        f: any SumOfSquaresFunction, start: (x: Double, y: Double), box: Double,
        center: (x: Double, y: Double), rate: Double
      )] = [
        // Rosenbrock: the window holds the orbit and the destination.
        (Rosenbrock(), (0, 0), 2.75, (0.5, 1.75), 0.1),
        (Booth(), (5, -5), 10, (0, 0), 1e-3),
      ]
    var rows: [[String]] = []
    var rng = SplitMix64(seed: context.seed &+ 5)
    for s in setups {
      let name = s.f.name.lowercased()
      try writeSurface(
        of: s.f, center: s.center, halfWidth: s.box, gridSize: grid,
        named: "\(name)-surface.dat", lesson: number, context: context, folder: folder)
      let thetas = (0..<720).map { 2 * Double.pi * Double($0) / 720 }
      let orbit = thetas.map { theta -> [Double] in
        let q = s.f.rotated(s.start, by: theta)
        return [theta, q.x, q.y, s.f.loss(q), s.f.gradientNormSquared(q)]
      }
      // As the predecessor's code: start from a random rotation θ ∈ [0, π), then ascend.
      let destination = s.f.teleport(
        s.start, learningRate: s.rate, stepCount: 10,
        initialAngle: Double.pi * rng.nextUniform())
      try context.write(
        DataFile(
          lesson: number, preset: context.preset, seed: nil,
          columns: ["theta", "x", "y", "loss", "gradient_norm_squared"],
          comments: [
            "the SO(2) orbit through \(s.start) (block 0), the start (block 1)",
            "and a teleport's destination (block 2)",
          ],
          blocks: [
            .init(rows: orbit),
            .init(rows: [
              [
                0, s.start.x, s.start.y, s.f.loss(s.start),
                s.f.gradientNormSquared(s.start),
              ]
            ]),
            .init(rows: [
              [
                .nan, destination.x, destination.y, s.f.loss(destination),
                s.f.gradientNormSquared(destination),
              ]
            ]),
          ]),
        named: "\(name)-orbit.dat", in: folder)
      let losses = orbit.map { $0[3] }
      rows.append([
        s.f.name, "(\(fmt(s.start.x, 2)), \(fmt(s.start.y, 2)))", fmt(s.f.loss(s.start)),
        fmtChange((losses.max()! - losses.min()!) / losses[0]),
        fmt(orbit.map { $0[4] }.min()!), fmt(orbit.map { $0[4] }.max()!),
        fmt(s.f.gradientNormSquared(s.start)), fmt(s.f.gradientNormSquared(destination)),
      ])
    }
    say.table(
      [
        "function", "start", "ℒ", "ℒ spread on orbit", "min ‖∇ℒ‖²", "max ‖∇ℒ‖²", "start ‖∇ℒ‖²",
        "after teleport",
      ], rows)
  }
}
