// Chapters must not drift from the code: quoted paths, symbols and transcript lines must exist.

import Foundation
import XCTest

final class ChapterLinkTests: XCTestCase {
  private var chapters: [URL] {
    let folder = repositoryRoot.appendingPathComponent("chapters")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    return names.filter { $0.hasSuffix(".md") }.sorted().map { folder.appendingPathComponent($0) }
  }

  /// Every `Sources/…`, `Tests/…` or `plots/…` path named in a chapter exists.
  func testQuotedPathsExist() throws {
    XCTAssertFalse(chapters.isEmpty, "no chapters found under \(repositoryRoot.path)/chapters")
    let pattern = try NSRegularExpression(
      pattern: "`((?:Sources|Tests|plots|scripts)/[A-Za-z0-9_+./-]+)`")
    for chapter in chapters {
      let text = try String(contentsOf: chapter, encoding: .utf8)
      for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        let path = String(text[Range(match.range(at: 1), in: text)!])
        // Placeholders such as plots/NN-name.gp describe a pattern, not a file.
        if path.contains("NN") || path.contains("*") { continue }
        let exists = FileManager.default.fileExists(
          atPath: repositoryRoot.appendingPathComponent(path).path)
        XCTAssertTrue(exists, "\(chapter.lastPathComponent) quotes \(path), which does not exist")
      }
    }
  }

  /// Every "`Path.swift` … `symbol`" pair written as `Path.swift:symbol` names a symbol in that file.
  func testQuotedSymbolsExist() throws {
    let pattern = try NSRegularExpression(
      pattern: "`((?:Sources|Tests)/[A-Za-z0-9_+./-]+\\.swift):([A-Za-z_][A-Za-z0-9_.]*)`")
    for chapter in chapters {
      let text = try String(contentsOf: chapter, encoding: .utf8)
      for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
        let path = String(text[Range(match.range(at: 1), in: text)!])
        let symbol = String(text[Range(match.range(at: 2), in: text)!])
        let source =
          (try? String(contentsOf: repositoryRoot.appendingPathComponent(path), encoding: .utf8))
          ?? ""
        let last = symbol.split(separator: ".").last.map(String.init) ?? symbol
        XCTAssertTrue(
          source.contains(last),
          "\(chapter.lastPathComponent) quotes \(path):\(symbol), not found in that file")
      }
    }
  }

  /// Lines inside ```transcript blocks appear verbatim in that chapter's saved transcript
  /// (plots/data/NN/transcript.txt, written by the default preset); lines inside
  /// ```transcript-paper blocks appear in the paper preset's (plots/paper/data/NN/transcript.txt);
  /// lines inside ```transcript-bench blocks appear in the newest committed bench output
  /// (plots/bench/bench-DATE.txt, the last by name).
  func testTranscriptExcerptsMatchTheRun() throws {
    for chapter in chapters {
      let name = chapter.lastPathComponent
      let number = String(name.prefix(while: { $0 != "-" }))
      let text = try String(contentsOf: chapter, encoding: .utf8)
      for (fence, folder) in [
        ("```transcript\n", "plots/data"), ("```transcript-paper\n", "plots/paper/data"),
        ("```transcript-bench\n", "plots/bench"),
      ] {
        // Fenced blocks, and (for the default preset) tables between <!-- BEGIN TRANSCRIPT … --> markers.
        var blocks = text.components(separatedBy: fence).dropFirst()
          .map { $0.components(separatedBy: "```").first ?? "" }
        if folder == "plots/data" {
          blocks += text.components(separatedBy: "<!-- BEGIN TRANSCRIPT").dropFirst()
            .map {
              ($0.components(separatedBy: "<!-- END TRANSCRIPT -->").first ?? "")
                .split(separator: "\n", maxSplits: 1).dropFirst().joined()
            }
        }
        if blocks.isEmpty { continue }
        let saved = repositoryRoot.appendingPathComponent(
          folder == "plots/bench" ? newestBenchTranscript() : "\(folder)/\(number)/transcript.txt")
        guard let transcript = try? String(contentsOf: saved, encoding: .utf8) else {
          let remedy = folder == "plots/bench" ? "make bench-pytorch" : "make lesson N=\(number)"
          XCTFail("\(name) quotes a transcript but \(saved.path) is missing; run `\(remedy)`")
          continue
        }
        let runLines = Set(
          transcript.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
        for body in blocks {
          for line in body.split(separator: "\n")
          where !line.hasPrefix("[time]") && !line.hasPrefix("…") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            XCTAssertTrue(
              runLines.contains(trimmed),
              "\(name) quotes a transcript line the run did not print: \(line)")
          }
        }
      }
    }
  }

  /// plots/bench/bench-DATE.txt with the latest date (ISO dates sort by name).
  private func newestBenchTranscript() -> String {
    let folder = repositoryRoot.appendingPathComponent("plots/bench")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    let newest = names.filter { $0.hasPrefix("bench-") && $0.hasSuffix(".txt") }.sorted().last
    return "plots/bench/" + (newest ?? "bench-*.txt")
  }
}
