import Foundation

/// The kith binary that `swift test` built next to the test bundle (or `KITH_BIN`).
let kithBinary: String = {
    if let b = ProcessInfo.processInfo.environment["KITH_BIN"], !b.isEmpty { return b }
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [dir, dir.deletingLastPathComponent()] {
        let p = candidate.appendingPathComponent("kith").path
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kith").path
}()

struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs kith with a fixed day and no user file, stdin from /dev/null.
func kith(_ args: [String], file: String? = nil, env extra: [String: String] = [:]) throws -> RunResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: kithBinary)
    p.arguments = (file.map { ["--file", $0] } ?? []).isEmpty ? args : injectFile(args, file!)
    var env = ProcessInfo.processInfo.environment
    env["KITH_NOW"] = "2026-11-30"
    env.removeValue(forKey: "KITH_FILE")
    env["SWIFT_BACKTRACE"] = "interactive=no"
    for (k, v) in extra { env[k] = v }
    p.environment = env
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle(forReadingAtPath: "/dev/null")
    try p.run()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    let e = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return RunResult(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
}

/// Puts `--file F` after the subcommand words (options may come anywhere after them).
private func injectFile(_ args: [String], _ file: String) -> [String] { args + ["--file", file] }

func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

/// A temporary folder, removed when the test ends.
final class TempDir {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kith-cli-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}
