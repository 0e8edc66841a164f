// What the tests (and the benchmark) share: the built binary, a runner for it, temporary
// folders, and a process spawner that tmux cannot hang.
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The kith binary that `swift test` built next to the test bundle (or `KITH_BIN`).
public let kithBinary: String = {
    if let b = ProcessInfo.processInfo.environment["KITH_BIN"], !b.isEmpty { return b }
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    for candidate in [dir, dir.deletingLastPathComponent()] {
        let p = candidate.appendingPathComponent("kith").path
        if FileManager.default.isExecutableFile(atPath: p) { return p }
    }
    return Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("kith").path
}()

public struct RunResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String

    public init(status: Int32, stdout: String, stderr: String) {
        self.status = status; self.stdout = stdout; self.stderr = stderr
    }
}

/// The environment kith runs in under test: the runner's, with the day fixed, and the
/// first-screen cache that saves write kept next to the test's `file` (else in a temporary
/// folder), never in the runner's home.
public func kithEnvironment(file: String? = nil) -> [String: String] {
    var env = ProcessInfo.processInfo.environment
    env["KITH_NOW"] = "2026-11-30"
    env["XDG_CACHE_HOME"] = file.map { ($0 as NSString).deletingLastPathComponent + "/cache" }
        ?? FileManager.default.temporaryDirectory.appendingPathComponent("kith-test-cache").path
    return env
}

/// Runs kith with a fixed day and no user file, stdin from /dev/null.
public func kith(_ args: [String], file: String? = nil, env extra: [String: String] = [:]) throws -> RunResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: kithBinary)
    p.arguments = (file.map { ["--file", $0] } ?? []).isEmpty ? args : injectFile(args, file!)
    var env = kithEnvironment(file: file)
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

public func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

/// A temporary folder, removed when the test ends.
public final class TempDir: @unchecked Sendable {
    public let url: URL
    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("kith-test-\(UUID())")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }
    public func path(_ name: String) -> String { url.appendingPathComponent(name).path }
}

/// Spawn attributes under which the child starts with no signal blocked and the usual ones at
/// their defaults, whatever `flags` add: the test runner blocks or ignores some signals, and a
/// tmux server that inherited that would never hear SIGCHLD, never reap its panes, and never
/// learn their exit status.
public func withSignalsReset<T>(flags: Int32 = 0, _ body: (inout posix_spawnattr_t) throws -> T) rethrows -> T {
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var empty = sigset_t()
    sigemptyset(&empty)
    posix_spawnattr_setsigmask(&attr, &empty)
    var defaults = sigset_t()
    sigemptyset(&defaults)
    for sig in [SIGCHLD, SIGPIPE, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGWINCH] { sigaddset(&defaults, sig) }
    posix_spawnattr_setsigdefault(&attr, &defaults)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | flags))
    return try body(&attr)
}

/// Runs a command with posix_spawn and waits for it with waitpid, its output going through a
/// temporary file. Foundation's Process is not used here: it waits for a descriptor that the
/// tmux server (forked by the first command, and alive for the whole test) inherits and keeps.
@discardableResult
public func spawn(_ argv: [String]) throws -> String {
    let outPath = FileManager.default.temporaryDirectory.appendingPathComponent("kith-spawn-\(UUID())").path
    defer { unlink(outPath) }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    var pid = pid_t()
    let cArgs = (["/usr/bin/env"] + argv).map { strdup($0) } + [nil]
    defer { for a in cArgs { free(a) } }
    let rc = withSignalsReset { attr in posix_spawn(&pid, "/usr/bin/env", &actions, &attr, cArgs, environ) }
    guard rc == 0 else { throw CocoaError(.executableLoad) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    return (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
}
