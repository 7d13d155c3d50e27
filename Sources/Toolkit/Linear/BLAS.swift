// The only file that calls BLAS. Introduced in the appendix (A-toolkit).

import CLinearAlgebra
import Support

/// Thin, audited wrappers over CBLAS (OpenBLAS): the product `matmul` uses, and
/// OpenBLAS's kernel name and thread count. The product is internal: `matmul`
/// checks the shapes and is the one public door to it.
public enum BLAS {
  /// `op(a) · op(b)` as a new `rows × columns` matrix, written by dgemm into
  /// uninitialised storage: with beta = 0 dgemm never reads its output, so zero-filling
  /// it first (a 100 kB memset for ∂ℒ/∂W₁ of the MNIST network) would be wasted work.
  ///
  /// - Precondition: op(a) is m×k and op(b) is k×n (checked: dgemm would read out of bounds).
  static func product(
    _ a: Matrix, _ b: Matrix, rows m: Int, columns n: Int,
    transposeA: Bool, transposeB: Bool
  ) -> Matrix {
    let (am, ak) = transposeA ? (a.columns, a.rows) : (a.rows, a.columns)
    let (bk, bn) = transposeB ? (b.columns, b.rows) : (b.rows, b.columns)
    require(
      am == m && bn == n && ak == bk,
      "BLAS.product: op(a) is \(am)×\(ak) and op(b) is \(bk)×\(bn), "
        + "which cannot make a \(m)×\(n) product")
    let k = Int32(ak)
    let lda = Int32(max(a.columns, 1)), ldb = Int32(max(b.columns, 1))
    let scalars = [Double](unsafeUninitializedCapacity: m * n) { pc, initialized in
      a.scalars.withUnsafeBufferPointer { pa in
        b.scalars.withUnsafeBufferPointer { pb in
          cblas_dgemm(
            CblasRowMajor,
            transposeA ? CblasTrans : CblasNoTrans,
            transposeB ? CblasTrans : CblasNoTrans,
            Int32(m), Int32(n), k, 1, pa.baseAddress, lda, pb.baseAddress, ldb,
            0, pc.baseAddress, Int32(max(n, 1)))
        }
      }
      initialized = m * n
    }
    return Matrix(rows: m, columns: n, scalars: scalars)
  }

  /// The Gram matrix XᵀX of the columns of X (`columns × columns`), by the
  /// symmetric rank-k update `dsyrk`: half the flops of `matmul(x, x, transposeA:)`,
  /// the upper triangle computed and mirrored, so the result is exactly symmetric.
  public static func gramOfColumns(_ x: Matrix) -> Matrix {
    let n = x.columns
    var c = Matrix(rows: n, columns: n)
    guard n > 0, x.rows > 0 else { return c }
    x.scalars.withUnsafeBufferPointer { px in
      c.scalars.withUnsafeMutableBufferPointer { pc in
        cblas_dsyrk(
          CblasRowMajor, CblasUpper, CblasTrans, Int32(n), Int32(x.rows), 1,
          px.baseAddress, Int32(n), 0, pc.baseAddress, Int32(n))
        for i in 0..<n { for j in 0..<i { pc[i * n + j] = pc[j * n + i] } }
      }
    }
    return c
  }

  /// The name of the compute kernel OpenBLAS chose for this CPU ("Haswell", "SkylakeX", "Prescott", …).
  public static var coreName: String {
    guard let p = openblas_get_corename() else { return "unknown" }
    return String(cString: p)
  }

  /// OpenBLAS's build configuration string.
  public static var configuration: String {
    guard let p = openblas_get_config() else { return "unknown" }
    return String(cString: p)
  }

  /// Sets the number of BLAS threads. We keep BLAS single-threaded and
  /// parallelise across independent runs instead (design.md D2).
  public static func setThreadCount(_ n: Int) {
    openblas_set_num_threads(Int32(n))
  }
}
