// Saving and loading trained meta-optimizers as .npy files. Introduced in chapter 06.

import Foundation
import Support
import Linear

/// A saved learned optimizer that cannot be loaded, and why.
public struct MetaModelError: Error, CustomStringConvertible, Equatable {
  /// The file or folder concerned.
  public let path: String
  /// What is wrong and what to do.
  public let reason: String

  /// The path and the reason, in one line.
  public var description: String { "\(path): \(reason)" }
}

extension LearnedOptimizer {
  /// The file that holds parameter `name` in a model folder: `name.npy`.
  static func fileURL(_ name: String, in folder: URL) -> URL {
    folder.appendingPathComponent(name + ".npy")
  }

  /// Writes every meta-parameter to `folder/NAME.npy` (NumPy format, float64;
  /// readable with `numpy.load`), creating the folder.
  ///
  /// - Parameter folder: the model folder, for example `plots/data/06/models/lstm-lr-tele`.
  /// - Throws: file-system errors.
  public func save(to folder: URL) throws {
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    for (name, matrix) in zip(parameterNames, parameters) {
      try matrix.npyArray.write(to: Self.fileURL(name, in: folder))
    }
  }

  /// True when `folder` holds a file for every meta-parameter of this optimizer.
  public func hasSavedModel(in folder: URL) -> Bool {
    parameterNames.allSatisfy {
      FileManager.default.fileExists(atPath: Self.fileURL($0, in: folder).path)
    }
  }

  /// Replaces every meta-parameter with the one saved in `folder`.
  ///
  /// - Parameter folder: a folder written by `save(to:)` for the same kind and network shape.
  /// - Throws: `MetaModelError` naming the file that is missing, has the
  ///   wrong shape or holds NaN or infinity; `NPYError` for a corrupt file.
  public mutating func load(from folder: URL) throws {
    var loaded: [Matrix] = []
    for (name, current) in zip(parameterNames, parameters) {
      let url = Self.fileURL(name, in: folder)
      guard FileManager.default.fileExists(atPath: url.path) else {
        throw MetaModelError(
          path: url.path,
          reason: "missing; retrain with --retrain, "
            + "or save a \(kind.label) model to this folder first")
      }
      let array = try NPYArray.read(from: url)
      guard array.shape == [current.rows, current.columns] else {
        throw MetaModelError(
          path: url.path,
          reason:
            "shape \(array.shape) but \(kind.label) needs [\(current.rows), \(current.columns)]; "
            + "the model was saved for another configuration: retrain with --retrain")
      }
      if let bad = array.scalars.firstIndex(where: { !$0.isFinite }) {
        throw MetaModelError(
          path: url.path,
          reason:
            "entry \(bad) is \(array.scalars[bad]) (\(array.scalars.filter { !$0.isFinite }.count) of "
            + "\(array.scalars.count) entries are NaN or infinite); the model diverged or the file is corrupt: "
            + "retrain with --retrain")
      }
      loaded.append(Matrix(array))
    }
    parameters = loaded
  }
}
