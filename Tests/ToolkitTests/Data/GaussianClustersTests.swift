// The Gaussian-cluster generator draws what its documentation says, in that order.

import XCTest
import Toolkit
@testable import Datasets

final class GaussianClustersTests: XCTestCase {
  func testSamplesAreCentrePlusNoiseInTheDocumentedDrawOrder() {
    var rng = SplitMix64(seed: 9)
    let (x, labels) = GaussianClusters.draw(
      classes: 3, features: 4, samples: 7, centreSpread: 2, using: &rng)
    XCTAssertEqual(labels, [0, 1, 2, 0, 1, 2, 0])
    XCTAssertEqual(x.shape.rows, 4)
    XCTAssertEqual(x.shape.columns, 7)
    var replay = SplitMix64(seed: 9)
    let centres = Matrix.normal(4, 3, std: 2, using: &replay)
    let noise = Matrix.normal(4, 7, using: &replay)
    for i in 0..<4 {
      for j in 0..<7 { XCTAssertEqual(x[i, j], centres[i, labels[j]] + noise[i, j]) }
    }
    // The generator has advanced past both draws, so callers can draw on from it.
    XCTAssertEqual(rng.next(), replay.next())
  }

  func testClassMeansApproachTheirCentresWithManySamples() {
    var rng = SplitMix64(seed: 4)
    let (x, labels) = GaussianClusters.draw(
      classes: 2, features: 3, samples: 4000, centreSpread: 5, using: &rng)
    var replay = SplitMix64(seed: 4)
    let centres = Matrix.normal(3, 2, std: 5, using: &replay)
    for k in 0..<2 {
      let members = labels.indices.filter { labels[$0] == k }
      for i in 0..<3 {
        let mean = members.reduce(0) { $0 + x[i, $1] } / Double(members.count)
        XCTAssertEqual(mean, centres[i, k], accuracy: 0.1)  // noise std 1, 2000 samples: σ ≈ 0.02
      }
    }
  }
}
