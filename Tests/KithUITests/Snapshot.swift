import Foundation
import Testing
import KithUI

/// Compares a rendered canvas with a text snapshot in `__Snapshots__/NAME.txt` beside the test.
///
/// Re-record on purpose with `KITH_RECORD_SNAPSHOTS=1 swift test` (or `make snapshots`); a
/// missing snapshot fails rather than silently passing. On a mismatch the differing lines are
/// shown one above the other.
func expectSnapshot(_ canvas: Canvas, _ name: String, filePath: String = #filePath,
                    sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("__Snapshots__")
    let file = dir.appendingPathComponent(name + ".txt")
    let actual = canvas.text + "\n"
    if ProcessInfo.processInfo.environment["KITH_RECORD_SNAPSHOTS"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? actual.write(to: file, atomically: true, encoding: .utf8)
        return
    }
    guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
        Issue.record("no snapshot \(file.path); record it with KITH_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
        return
    }
    guard expected != actual else { return }
    let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var diff = "snapshot \(name) differs (- expected, + actual):\n"
    for i in 0..<max(e.count, a.count) {
        let el = i < e.count ? String(e[i]) : "<none>"
        let al = i < a.count ? String(a[i]) : "<none>"
        if el != al { diff += String(format: "%3d - ", i + 1) + el + "\n" + String(format: "%3d + ", i + 1) + al + "\n" }
    }
    Issue.record(Comment(rawValue: diff), sourceLocation: sourceLocation)
}
