// Chapter 03: one teleport and a gradient step make a Newton step.

import Foundation
import Toolkit

/// `swift run lesson 3`: teleporting the gradient onto the Hessian's top
/// eigenvector turns a gradient step into a (damped) Newton step.
enum Lesson03: Lesson {
  static let number = "03"
  static let title = "One teleport and a gradient step make a Newton step"
  static let chapter = "chapters/03-newton-step.md"
  static let figures = [
    "03-quadratic-picture", "03-quadratic-distance", "03-one-teleport",
    "03-network-loss",
  ]

  static func run(_ context: LessonContext) throws {
    let say = context.transcript
    let folder = try context.dataFolder(number)
    say.heading("Chapter 03: \(title)")
    say("preset \(context.preset.rawValue), seed \(context.seed)")

    try verifyTools(context)
    try quadraticPicture(context, folder: folder)
    try quadraticNumbers(context, folder: folder)
    try oneTeleportIsEnough(context, folder: folder)
    try networks(context, folder: folder)

    try say.save(to: folder)
    context.render(figures, from: folder)
  }

  /// "below 1e-12" for rounding-level numbers, so that every machine prints the same line.
  static func roundingLevel(_ x: Double, below threshold: Double = 1e-12) -> String {
    x < threshold ? "below \(fmt(threshold, 1)) (rounding level)" : fmt(x)
  }

  /// "< 1e-5" for a Newton cosine so small that H⁻¹∇ℒ is set by H's near-zero eigenvalues:
  /// its digits are rounding noise (two BLAS kernels print 4.6e-07 and 2.6e-06).
  static func nearSingular(_ x: Double) -> String { abs(x) < 1e-5 ? "< 1e-5" : fmt(x) }

  /// "< 1e-10" for a measure that is zero up to rounding, else 4 digits.
  static func tiny(_ x: Double) -> String { abs(x) < 1e-10 ? "< 1e-10" : fmt(x) }

  /// Spread eigenvalues: d values from 10 down to 0.1, evenly spaced on a log scale.
  static func spreadEigenvalues(_ d: Int) -> [Double] {
    (0..<d).map { 10 * pow(0.01, Double($0) / Double(max(d - 1, 1))) }
  }

  // MARK: - 1. The quadratic, in two dimensions (the picture)

  static func quadraticPicture(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading("1. A quadratic in two dimensions: the picture", level: 2)
    let problem = try QuadraticProblem.random(eigenvalues: [4, 1], seed: context.seed)
    let w0 = Matrix.column([1.0, 0.7])
    let lambda = problem.largestEigenvalue
    let rate = 1 / (lambda - problem.eigenvalues[1])
    let teleport = try problem.teleport(w0, learningRate: rate, stepCount: 12)
    let w1 = teleport.end
    let g0 = problem.gradient(w0), g1 = problem.gradient(w1)
    say("A has eigenvalues 4 and 1; w₀ = (1, 0.7), ℒ(w₀) = \(fmt(problem.loss(w0)))")
    say.table(
      ["point", "ℒ", "‖∇ℒ‖²", "eigenvector residual"],
      [
        [
          "before the teleport", fmt(problem.loss(w0)), fmt(g0.squaredNorm()),
          fmt(
            eigenvectorResidual(hessianTimesGradient: problem.gradient(g0), gradient: g0).relative),
        ],
        [
          "after 12 ascent steps", fmt(problem.loss(w1)), fmt(g1.squaredNorm()),
          roundingLevel(
            eigenvectorResidual(hessianTimesGradient: problem.gradient(g1), gradient: g1).relative),
        ],
      ])
    say(
      "largest ‖∇ℒ‖² on this level set, 2ℒλ_max: \(fmt(problem.maximalGradientNormSquared(onLevelSetOf: w0)))"
    )

    // Level sets: w = A^(−1/2) √(2c) (cos θ, sin θ).
    let level = problem.loss(w0)
    let ellipses = [0.25, 0.5, 1, 1.6].map { factor -> DataFile.Block in
      let rows = (0...200).map { i -> [Double] in
        let theta = 2 * Double.pi * Double(i) / 200
        let u = Matrix.column([cos(theta), sin(theta)]) * (2 * factor * level).squareRoot()
        let w = matmul(problem.inverseSquareRoot, u)
        return [w[0, 0], w[1, 0]]
      }
      return DataFile.Block(title: "level set ℒ = \(fmt(factor)) ℒ(w0)", rows: rows)
    }
    // The teleport arc: each step's R = exp(S), drawn through exp(τS), τ ∈ [0, 1].
    var arc: [[Double]] = []
    for (start, s) in zip(teleport.path, teleport.generators) {
      for i in 0..<10 {
        let w = problem.act(try matrixExponential(Double(i) / 10 * s), on: start)
        arc.append([w[0, 0], w[1, 0]])
      }
    }
    arc.append([w1[0, 0], w1[1, 0]])
    let gdFromStart = w0 - (1 / lambda) * g0
    let gdAfterTeleport = w1 - (1 / lambda) * g1
    let newton = w0 - (try newtonDirection(hessian: problem.hessian, gradient: g0))
    let steps: [[Double]] = [
      [w0[0, 0], w0[1, 0], gdFromStart[0, 0] - w0[0, 0], gdFromStart[1, 0] - w0[1, 0], 1],
      [w1[0, 0], w1[1, 0], gdAfterTeleport[0, 0] - w1[0, 0], gdAfterTeleport[1, 0] - w1[1, 0], 2],
      [w0[0, 0], w0[1, 0], newton[0, 0] - w0[0, 0], newton[1, 0] - w0[1, 0], 3],
    ]
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["w1", "w2"],
        comments: [
          "blocks 0-3: level sets; block 4: the teleport arc",
          "A eigenvalues 4 and 1, w0 = (1, 0.7)",
        ],
        blocks: ellipses + [.init(title: "teleport arc", rows: arc)]),
      named: "quadratic-picture.dat", in: folder)
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["x", "y", "dx", "dy", "kind"],
        comments: [
          "kind 1: GD step from w0 (eta = 1/lambda_max)",
          "kind 2: GD step from the teleported point",
          "kind 3: Newton step from w0",
        ],
        blocks: [.init(rows: steps)]),
      named: "quadratic-steps.dat", in: folder)
    say(
      "one gradient step (η = 1/λ_max) from the teleported point lands at distance "
        + roundingLevel(gdAfterTeleport.norm() / w0.norm()) + " (relative to ‖w₀‖)")
    say("the same step from w₀ stops at relative distance \(fmt(gdFromStart.norm() / w0.norm()))")
  }

  /// The 50-dimensional quadratic of sections 1 and 2, its starting point, λ_max and the
  /// teleport's step size 1/(λ_max − λ_min); both sections use the same one.
  static func fiftyDimensionalProblem(_ context: LessonContext) throws
    -> (problem: QuadraticProblem, start: Matrix, largestEigenvalue: Double, teleportRate: Double)
  {
    let d = 50
    let problem = try QuadraticProblem.random(
      eigenvalues: spreadEigenvalues(d), seed: context.seed &+ 1)
    var rng = SplitMix64(seed: context.seed &+ 2)
    let w0 = Matrix.normal(d, 1, using: &rng)
    let lambda = problem.largestEigenvalue
    return (problem, w0, lambda, 1 / (lambda - problem.eigenvalues[d - 1]))
  }

  // MARK: - 1. The quadratic, in fifty dimensions (the numbers)

  static func quadraticNumbers(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    let d = 50
    say.heading("1. A quadratic in \(d) dimensions: the numbers", level: 2)
    let (problem, w0, lambda, rate) = try fiftyDimensionalProblem(context)
    let ascentSteps = 600
    say(
      "eigenvalues from \(fmt(problem.eigenvalues[d - 1])) to \(fmt(lambda)), evenly spaced on a log scale"
    )
    say("teleport: \(ascentSteps) ascent steps on skew S, R = exp(S), η_tele = 1/(λ_max − λ_min)")

    let teleport = try problem.teleport(w0, learningRate: rate, stepCount: ascentSteps)
    let w1 = teleport.end
    let g1 = problem.gradient(w1)
    let residual = eigenvectorResidual(hessianTimesGradient: problem.gradient(g1), gradient: g1)
    // 600 steps of exp(S) accumulate rounding: a few 1e-12 on one BLAS kernel, less on another.
    say(
      "loss change of the teleport (relative): "
        + roundingLevel(abs(problem.loss(w1) - problem.loss(w0)) / problem.loss(w0), below: 1e-10))
    say(
      "‖∇ℒ‖² before \(fmt(problem.gradient(w0).squaredNorm())), after \(fmt(g1.squaredNorm())), "
        + "maximum on the level set \(fmt(problem.maximalGradientNormSquared(onLevelSetOf: w0)))")
    say(
      "Rayleigh quotient of ∇ℒ after the teleport: \(fmt(residual.rayleighQuotient)) (λ_max = \(fmt(lambda)))"
    )
    say(
      "eigenvector residual ‖A∇ℒ − ρ∇ℒ‖/‖A∇ℒ‖ after the teleport: "
        + roundingLevel(residual.relative))
    let landed = w1 - (1 / lambda) * g1
    say(
      "distance to the minimum after one step with η = 1/λ_max: "
        + roundingLevel(landed.norm() / w0.norm())
        + " (relative to ‖w₀‖)")

    // Any η: the gradient step is Newton's step damped by ηλ.
    let newton = try newtonDirection(hessian: problem.hessian, gradient: g1)
    let rows = [0.25, 0.5, 1, 1.5].map { factor -> [String] in
      let eta = factor / lambda
      let gradientStep = w1 - eta * g1
      let damped = w1 - (eta * lambda) * newton
      return [
        fmt(factor), fmt(eta * lambda), roundingLevel((gradientStep - damped).norm() / w1.norm()),
        roundingLevel(gradientStep.norm() / w1.norm()),
      ]
    }
    say(
      "A gradient step w − η∇ℒ from the teleported point against the damped Newton step w − ηλ A⁻¹∇ℒ:"
    )
    say.table(
      ["η·λ_max", "damping ηλ", "‖GD − damped Newton‖/‖w‖", "‖w_next‖/‖w‖ = |1 − ηλ|"], rows)

    // Distance against step: GD, GD with a teleport before every step, Newton, damped Newton.
    let stepCount = context.preset.choose(quick: 15, standard: 60, paper: 60)
    let teleportSteps = context.preset.choose(quick: 300, standard: 600, paper: 600)
    let eta = 1 / lambda
    let paths = [
      problem.gradientDescentPath(from: w0, learningRate: eta, stepCount: stepCount),
      try problem.teleportedDescentPath(
        from: w0, learningRate: eta, teleportRate: rate,
        teleportSteps: teleportSteps, tolerance: 1e-15, stepCount: stepCount),
      try problem.teleportedDescentPath(
        from: w0, learningRate: 0.5 * eta, teleportRate: rate,
        teleportSteps: teleportSteps, tolerance: 1e-15, stepCount: stepCount),
      try problem.newtonPath(from: w0, damping: 1, stepCount: stepCount),
      try problem.newtonPath(from: w0, damping: 0.5, stepCount: stepCount),
    ]
    let normalised = (0...stepCount).map { t in [Double(t)] + paths.map { $0[t].norm() / w0.norm() }
    }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["step", "gd", "teleport_gd", "teleport_gd_half", "newton", "damped_newton"],
        comments: [
          "‖w_t − w*‖ / ‖w0‖ on the \(d)-dimensional quadratic",
          "gd: eta = 1/lambda_max; teleport_gd: teleport before every step, eta = 1/lambda_max",
          "teleport_gd_half: the same with eta = 0.5/lambda_max; damped_newton: alpha = 0.5",
        ],
        blocks: [.init(rows: normalised)]),
      named: "quadratic-distance.dat", in: folder)
    let last = normalised[normalised.count - 1]
    say("after \(stepCount) steps, ‖w_t − w*‖/‖w₀‖:")
    say.table(
      ["method", "distance"],
      [
        ["GD, η = 1/λ_max", fmt(last[1])],
        ["GD with a teleport before every step, η = 1/λ_max", roundingLevel(last[2])],
        ["GD with a teleport before every step, η = 0.5/λ_max", fmt(last[3], 3)],
        ["Newton", roundingLevel(last[4])],
        ["damped Newton, α = 0.5", fmt(last[5], 3)],
      ])
  }

  // MARK: - 2. One teleport is enough

  static func oneTeleportIsEnough(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    let d = 50
    say.heading("2. One teleport is enough (Proposition 3.4)", level: 2)
    let (problem, w0, lambda, rate) = try fiftyDimensionalProblem(context)
    let eta = 0.2 / lambda  // a small step, so that the trajectory is long enough to watch
    let stepCount = context.preset.choose(quick: 20, standard: 40, paper: 40)
    let plain = problem.gradientDescentPath(from: w0, learningRate: eta, stepCount: stepCount)
    let once = problem.gradientDescentPath(
      from: try problem.teleport(w0, learningRate: rate, stepCount: 600).end,
      learningRate: eta, stepCount: stepCount)
    func measures(_ w: Matrix) -> (residual: Double, gain: Double) {
      let g = problem.gradient(w)
      let r = eigenvectorResidual(hessianTimesGradient: problem.gradient(g), gradient: g).relative
      let gain = problem.maximalGradientNormSquared(onLevelSetOf: w) / g.squaredNorm() - 1
      return (r, gain)
    }
    let rows = (0...stepCount).map { t -> [Double] in
      let (rPlain, gPlain) = measures(plain[t]), (rOnce, gOnce) = measures(once[t])
      return [Double(t), rPlain, gPlain, rOnce, gOnce]
    }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: ["step", "residual_gd", "gain_gd", "residual_once", "gain_once"],
        comments: [
          "eta = 0.2/lambda_max on the \(d)-dimensional quadratic",
          "gain = max over the level set of ‖∇ℒ‖² / ‖∇ℒ(w_t)‖² − 1: what a teleport at step t would add",
          "_once: one teleport before step 0, then plain GD",
        ],
        blocks: [.init(rows: rows)]),
      named: "one-teleport.dat", in: folder)
    say("GD with η = 0.2/λ_max, with and without one teleport before step 0.")
    say(
      "gain = (largest ‖∇ℒ‖² on the level set) / ‖∇ℒ‖² − 1, what a teleport at that step would add:"
    )
    let shown = [0, stepCount / 4, stepCount / 2, stepCount]
    say.table(
      [
        "step", "residual, no teleport", "gain, no teleport", "residual, one teleport",
        "gain, one teleport",
      ],
      shown.map { t in
        let r = rows[t]
        return [String(t), fmt(r[1]), fmt(r[2]), roundingLevel(r[3]), roundingLevel(r[4])]
      })
    let worst = rows.map { max($0[3], $0[4]) }.max() ?? 0
    say(
      "largest residual or gain after the single teleport, over all \(stepCount) steps: "
        + roundingLevel(worst))
  }

  // MARK: - 3. Neural networks

  struct NetworkCase {
    let name: String
    let weights: [Matrix]
    let batch: Batch
  }

  /// The paper's meta-learning regression task [20, 20, 20, 20] (test task 1).
  static func regressionCase() -> NetworkCase {
    let task = SyntheticTasks.metaTestTask(1)
    return NetworkCase(
      name: "regression [20, 20, 20, 20]", weights: task.weights,
      batch: Batch(input: task.input, target: task.target))
  }

  /// A [12, 12, 12, 3] classifier on 12 samples from three Gaussian clusters:
  /// every layer pair's input is 12×12, so action (B) is exact and XX⁺ = I.
  static func classificationCase(seed: UInt64) -> NetworkCase {
    var rng = SplitMix64(seed: seed &+ 3)
    let classes = 3, features = 12
    let (x, labels) = GaussianClusters.draw(
      classes: classes, features: features, samples: 12, centreSpread: 2,
      using: &rng)
    let classifier = MLP(dimensions: [features, 12, 12, classes], using: &rng)
    return NetworkCase(
      name: "classification [12, 12, 12, 3]", weights: classifier.weights,
      batch: Batch(input: x, labels: labels))
  }

  // MARK: - Verify the tools

  static func verifyTools(_ context: LessonContext) throws {
    let say = context.transcript
    say.heading("Verify it works: Hessians, tangents and the teleport gradient", level: 2)
    let network = classificationCase(seed: context.seed)
    let w = network.weights, batch = network.batch
    let shapes = w.map(\.shape)
    let symmetry = NetworkSymmetry(LeakyReLUAction(inverse: .exact))

    // Hessian columns against central differences of the gradient.
    let h = lossHessian(weights: w, on: batch)
    let hessianError = jacobianColumnError(h, columns: [0, 100, 200, 323], step: 1e-5) { j, s in
      var e = Matrix(rows: h.rows, columns: 1)
      e[j, 0] = 1
      return lossAndFlatGradient(weights: unflatten(flatten(w) + s * e, shapes: shapes), on: batch)
        .gradient
    }
    // Orbit tangents against central differences of the group action.
    let tangents = try orbitTangents(of: symmetry, at: w, input: batch.input)
    // Column i·12 + j is the tangent of the generator E_ij of the first hidden layer.
    let tangentError = try jacobianColumnError(
      tangents, columns: [(0, 1), (5, 7), (11, 11)].map { $0 * 12 + $1 },
      step: 1e-6
    ) { column, s in
      var t = Matrix(rows: 12, columns: 12)
      t[column / 12, column % 12] = s
      let elements = [
        try GroupElement(generator: t, parametrisation: .exponential, inverse: .exact),
        GroupElement.identity(12),
      ]
      return flatten(try symmetry.apply(elements, to: w, input: batch.input))
    }
    // Definition 3.3: the teleporter's gradient is 2⟨H∇ℒ, ξ⟩ for every tangent ξ.
    let teleporter = Teleporter(symmetry: symmetry, settings: TeleportSettings(learningRate: 1))
    let (_, teleportGradient) = try teleporter.objectiveAndGradient(at: w, on: batch)
    let g = lossAndFlatGradient(weights: w, on: batch).gradient
    let predicted = 2 * matmul(tangents, matmul(h, g), transposeA: .transposed)  // [Σk², 1]
    let autodiff = flatten(teleportGradient)
    let definitionError = (predicted - autodiff).maxAbs() / max(1, autodiff.maxAbs())
    // The quadratic: the Hessian of ½wᵀAw is A.
    let problem = try QuadraticProblem.random(
      eigenvalues: spreadEigenvalues(10), seed: context.seed)
    let quadraticHessian = hessian(at: Matrix(rows: 10, columns: 1)) { v in
      0.5 * v.dot(matmul(Variable(constant: problem.a), v))
    }
    let quadraticError = (quadraticHessian - problem.a).maxAbs() / problem.a.maxAbs()
    func verdict(_ error: Double, _ bound: Double) -> String {
      error < bound ? "yes" : "NO (\(fmt(error)))"
    }
    say.table(
      ["check (classification net, d = \(h.rows))", "bound", "within"],
      [
        ["4 Hessian columns vs central differences of ∇ℒ", "1e-6", verdict(hessianError, 1e-6)],
        ["3 orbit tangents vs central differences of g·w", "1e-6", verdict(tangentError, 1e-6)],
        ["∂‖∇ℒ‖²/∂T (teleporter) vs 2Ξᵀ(H∇ℒ)", "1e-9", verdict(definitionError, 1e-9)],
        ["Hessian of ½wᵀAw vs A (d = 10)", "1e-12", verdict(quadraticError, 1e-12)],
      ])
  }

  static func networks(_ context: LessonContext, folder: URL) throws {
    let say = context.transcript
    say.heading("3. Neural networks: the alignment is partial", level: 2)
    let regression = regressionCase()
    let classification = classificationCase(seed: context.seed)
    let symmetry = NetworkSymmetry(LeakyReLUAction(inverse: .exact))
    let stepCount = context.preset.choose(quick: 5, standard: 40, paper: 40)
    var blocks: [DataFile.Block] = []
    for item in [regression, classification] {
      blocks.append(try network(item, symmetry: symmetry, stepCount: stepCount, context: context))
    }
    try context.write(
      DataFile(
        lesson: number, preset: context.preset, seed: context.seed,
        columns: [
          "step", "gd", "teleport_gd", "rotation_teleport_gd", "newton", "damped_newton",
          "saddle_free_newton",
        ],
        comments: [
          "loss against step; block 0 regression, block 1 classification",
          "NaN marks a run that diverged",
        ],
        blocks: blocks),
      named: "network-loss.dat", in: folder)
  }

  static func network(
    _ network: NetworkCase, symmetry: NetworkSymmetry, stepCount: Int,
    context: LessonContext
  ) throws -> DataFile.Block {
    let say = context.transcript
    let batch = network.batch
    let w0 = network.weights
    let d = w0.reduce(0) { $0 + $1.count }
    say()
    say(
      "\(network.name): d = \(d) parameters, batch \(batch.size), action (B) exact: "
        + "\(symmetry.exactness(weights: w0, batchSize: batch.size).allSatisfy(\.isExact) ? "yes" : "no")"
    )
    let before = try measureTeleportOptimality(symmetry: symmetry, weights: w0, on: batch)
    let seconds = Stopwatch.measure {
      _ = lossHessian(weights: w0, on: batch, negativeSlope: symmetry.negativeSlope)
    }.seconds
    say.time("one exact \(d)×\(d) Hessian: \(fmt(seconds * 1000, 3)) ms")

    // Teleport: the step size is set so that the first ascent step moves T by 0.02
    // (Frobenius), and the ascent stops once ‖∇ℒ‖² passes 4 times its start: on
    // GL_k the orbit is unbounded and so is ‖∇ℒ‖² along it.
    let probe = Teleporter(symmetry: symmetry, settings: TeleportSettings(learningRate: 1))
    let (j0, gradient) = try probe.objectiveAndGradient(at: w0, on: batch)
    let size = gradient.map { $0.squaredNorm() }.reduce(0, +).squareRoot()
    let teleporter = Teleporter(
      symmetry: symmetry,
      settings: TeleportSettings(
        learningRate: 0.02 / size, stepCount: 10, objectiveCap: 4 * j0,
        parametrisation: .exponential))
    let outcome = try teleporter.teleport(w0, on: batch)
    let w1 = outcome.weights
    let after = try measureTeleportOptimality(symmetry: symmetry, weights: w1, on: batch)
    say(
      "orbit inside the level set, ‖Ξᵀ∇ℒ‖/(‖Ξ‖‖∇ℒ‖) for the GL_k tangents Ξ: "
        + roundingLevel(before.gradientAlongOrbit, below: 1e-10))
    say(
      "teleport on GL_k: \(outcome.stepsTaken) ascent steps"
        + (outcome.stoppedAtCap ? " (stopped at the cap 4‖∇ℒ(w₀)‖²)" : "")
        + ", relative loss change " + roundingLevel(outcome.relativeLossChange, below: 1e-10))

    // The same ascent on the compact subgroup SO(k), where ‖∇ℒ‖² is bounded, with
    // small steps (0.001 in Frobenius norm at the start) and many of them.
    let rotations = NetworkSymmetry(
      OrthogonalSubgroupAction(symmetry.action),
      negativeSlope: symmetry.negativeSlope)
    let rotationSteps = context.preset.choose(quick: 60, standard: 400, paper: 400)
    let rotationProbe = Teleporter(symmetry: rotations, settings: TeleportSettings(learningRate: 1))
    let rotationSize = try rotationProbe.objectiveAndGradient(at: w0, on: batch).gradients
      .map { $0.squaredNorm() }.reduce(0, +).squareRoot()
    let rotationTeleporter = Teleporter(
      symmetry: rotations,
      settings: TeleportSettings(
        learningRate: 0.001 / rotationSize, stepCount: rotationSteps,
        objectiveCap: nil, parametrisation: .exponential))
    let rotated = try rotationTeleporter.teleport(w0, on: batch)
    let w2 = rotated.weights
    let rotationBefore = try measureTeleportOptimality(symmetry: rotations, weights: w0, on: batch)
    let rotationAfter = try measureTeleportOptimality(symmetry: rotations, weights: w2, on: batch)
    say(
      "teleport on SO(k): \(rotated.stepsTaken) ascent steps with g = exp(S), S skew"
        + (rotated.rolledBack ? " (rolled back)" : "")
        + ", relative loss change " + roundingLevel(rotated.relativeLossChange, below: 1e-10))
    say.table(
      [
        "point", "orbit", "ℒ", "‖∇ℒ‖²", "λ_max(H)", "eigvec residual", "Newton cosine",
        "orbit part of H∇ℒ",
      ],
      [
        ("w₀", "GL_k", before), ("after GL_k teleport", "GL_k", after),
        ("w₀", "SO(k)", rotationBefore), ("after SO(k) teleport", "SO(k)", rotationAfter),
      ].map { label, orbit, r in
        [
          label, orbit, fmt(r.loss), fmt(r.gradientNormSquared), fmt(r.spectrum.largest),
          fmt(r.eigenvector.relative), nearSingular(r.newtonCosine), tiny(r.orbitTangentFraction),
        ]
      })

    // Loss against step.
    let eta = 1 / before.spectrum.largest
    say(
      "training: GD with η = 1/λ_max(H(w₀)) = \(fmt(eta)), from w₀ and from both teleported points; "
        + "Newton; damped Newton α = 0.1; saddle-free Newton |H|⁻¹∇ℒ")
    let slope = symmetry.negativeSlope
    let start = MLP(weights: w0, negativeSlope: slope).loss(on: batch)
    // A run whose loss passes 10⁶ ℒ(w₀) has diverged; it reads NaN from then on.
    let runs: [([Matrix], DescentRule)] = [
      (w0, .gradient(learningRate: eta)), (w1, .gradient(learningRate: eta)),
      (w2, .gradient(learningRate: eta)),
      (w0, .newton(damping: 1)), (w0, .newton(damping: 0.1)),
      (w0, .saddleFreeNewton(damping: 1, relativeFloor: 1e-3)),
    ]
    let losses = try runs.map { w, rule in
      try descentLosses(
        from: w, rule: rule, on: batch, stepCount: stepCount, negativeSlope: slope,
        referenceLoss: start)
    }
    let rows = (0...stepCount).map { t in [Double(t)] + losses.map { $0[t] } }
    let last = rows[rows.count - 1]
    say("loss after \(stepCount) steps (\"diverged\" once it passed 10⁶ ℒ(w₀)):")
    say.table(
      [
        "GD", "GL_k teleport + GD", "SO(k) teleport + GD", "Newton", "damped Newton α = 0.1",
        "saddle-free Newton",
      ],
      [last.dropFirst().map { $0.isNaN ? "diverged" : fmt($0) }])
    return DataFile.Block(title: network.name, rows: rows)
  }
}
