// Rosenbrock and Booth, and SO(2) acting on their level sets. Introduced in chapter 01.

import Foundation
import Linear
import Autodiff

/// A two-variable test function that is a sum of two squares, ℒ = u² + v², in
/// coordinates (u, v) = φ(x, y) with an explicit inverse. Rotations of (u, v)
/// preserve ℒ, so SO(2) acts on every level set, and transitively: the orbit of a
/// point is its whole level set (`paper.md` §5.2).
public protocol SumOfSquaresFunction: Sendable {
  /// "Rosenbrock".
  var name: String { get }
  /// Where ℒ = 0.
  var minimum: (x: Double, y: Double) { get }
  /// (u, v) = φ(x, y) on variables (1×1 each), differentiable.
  func squares(_ x: Variable, _ y: Variable) -> (u: Variable, v: Variable)
  /// (x, y) = φ⁻¹(u, v) on variables.
  func point(_ u: Variable, _ v: Variable) -> (x: Variable, y: Variable)
}

extension SumOfSquaresFunction {
  /// ℒ(x, y) = u² + v².
  public func loss(_ x: Variable, _ y: Variable) -> Variable {
    let (u, v) = squares(x, y)
    return u .* u + v .* v
  }

  /// ℒ at a point.
  public func loss(_ p: (x: Double, y: Double)) -> Double {
    loss(Variable(constant: .scalar(p.x)), Variable(constant: .scalar(p.y))).scalarValue
  }

  /// ∇ℒ at a point.
  public func gradient(_ p: (x: Double, y: Double)) -> (x: Double, y: Double) {
    let g = Autodiff.gradient(at: [Matrix.scalar(p.x), .scalar(p.y)]) { v in loss(v[0], v[1]) }
    return (g[0].scalarValue, g[1].scalarValue)
  }

  /// ‖∇ℒ‖², the rate of descent −dℒ/dt of gradient flow.
  public func gradientNormSquared(_ p: (x: Double, y: Double)) -> Double {
    let g = gradient(p)
    return g.x * g.x + g.y * g.y
  }

  /// The point reached by rotating (u, v) by the angle θ: the SO(2) action g(θ)·(x, y).
  public func rotated(_ p: (x: Double, y: Double), by theta: Double) -> (x: Double, y: Double) {
    let (u, v) = squares(Variable(constant: .scalar(p.x)), Variable(constant: .scalar(p.y)))
    let (c, s) = (cos(theta), sin(theta))
    let (ru, rv) = (c * u.scalarValue - s * v.scalarValue, s * u.scalarValue + c * v.scalarValue)
    let q = point(Variable(constant: .scalar(ru)), Variable(constant: .scalar(rv)))
    return (q.x.scalarValue, q.y.scalarValue)
  }

  /// d/dθ ‖∇ℒ(g(θ)·p)‖² at θ = 0, through the autodiff (a gradient of a gradient).
  ///
  /// The rotation is linearised at θ = 0, (u, v) ↦ (u − θv, v + θu), which has the
  /// same derivative as the exact rotation there.
  public func gradientNormSlope(at p: (x: Double, y: Double)) -> Double {
    let theta = Variable(.scalar(0))
    let (u, v) = squares(Variable(constant: .scalar(p.x)), Variable(constant: .scalar(p.y)))
    let (x, y) = point(u - theta .* v, v + theta .* u)
    // ∂ℒ/∂x and ∂ℒ/∂y at the moved point, kept in the graph (they depend on θ).
    let probes = [Variable(.scalar(0)), Variable(.scalar(0))]
    let l = loss(x + probes[0], y + probes[1])
    let g = gradients(of: l, withRespectTo: probes, createGraph: true)
    let j = g[0] .* g[0] + g[1] .* g[1]
    return gradients(of: j, withRespectTo: [theta], createGraph: false)[0].scalarValue
  }

  /// The predecessor's SO(2) teleport: start from a rotation by `initialAngle`, then
  /// take `stepCount` re-linearised gradient-ascent steps on θ of ‖∇ℒ‖².
  ///
  /// - Returns: the teleported point.
  public func teleport(
    _ p: (x: Double, y: Double), learningRate: Double, stepCount: Int = 10,
    initialAngle: Double = 0
  ) -> (x: Double, y: Double) {
    var q = rotated(p, by: initialAngle)
    for _ in 0..<stepCount {
      let slope = gradientNormSlope(at: q)
      guard slope.isFinite else { break }
      q = rotated(q, by: learningRate * slope)
    }
    return q
  }
}

/// ℒ(x, y) = 100(x² − y)² + (x − 1)², minimum at (1, 1); u = 10(x² − y), v = x − 1.
public struct Rosenbrock: SumOfSquaresFunction {
  public init() {}
  public var name: String { "Rosenbrock" }
  public var minimum: (x: Double, y: Double) { (1, 1) }

  public func squares(_ x: Variable, _ y: Variable) -> (u: Variable, v: Variable) {
    ((x .* x - y) * 10, x - 1)
  }

  public func point(_ u: Variable, _ v: Variable) -> (x: Variable, y: Variable) {
    let x = v + 1
    return (x, x .* x - u * 0.1)  // y = (v + 1)² − u/10
  }
}

/// ℒ(x, y) = (x + 2y − 7)² + (2x + y − 5)², minimum at (1, 3).
public struct Booth: SumOfSquaresFunction {
  public init() {}
  public var name: String { "Booth" }
  public var minimum: (x: Double, y: Double) { (1, 3) }

  public func squares(_ x: Variable, _ y: Variable) -> (u: Variable, v: Variable) {
    (x + y * 2 - 7, x * 2 + y - 5)
  }

  public func point(_ u: Variable, _ v: Variable) -> (x: Variable, y: Variable) {
    (u * (-1.0 / 3) + v * (2.0 / 3) + 1, u * (2.0 / 3) - v * (1.0 / 3) + 3)
  }
}
