import Foundation
import KithHarness
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The real binary in a private tmux server: type keys, read the screen, wait for text.
final class TmuxSession {
    let socket = "kith-e2e-\(UUID().uuidString.prefix(8))"
    let name = "kith"
    private let cacheHome = FileManager.default.temporaryDirectory.appendingPathComponent("kith-e2e-cache-\(UUID())").path

    /// Starts `kith ARGS` in a new session of the given size, with KITH_NOW fixed.
    /// `wrapper` is shell code run before kith in the pane (limits, traps); with `recordTo`,
    /// every byte kith writes to the terminal is appended to that file, from its first.
    init(_ args: [String], width: Int = 100, height: Int = 30, env: [String: String] = [:], wrapper: String = "",
         recordTo log: String? = nil) throws {
        // The first-screen cache goes to a folder of the session's own unless a test shares one.
        var vars = ["KITH_NOW": "2026-11-30", "SWIFT_BACKTRACE": "interactive=no", "LANG": "C.UTF-8",
                    "XDG_CACHE_HOME": cacheHome]
        for (k, v) in env { vars[k] = v }
        let exports = vars.sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuote($0.value))" }.joined(separator: " ")
        // tmux can lose a dead pane's exit status and last lines when the program exits at once,
        // so the shell prints the status and stays: `kith-exit=N` is read off the screen.
        // The test runner's own environment (NO_COLOR, KITH_FILE, …) must not leak into kith.
        let command = wrapper + " env -u NO_COLOR -u KITH_FILE -u KITH_CONFIG -u VISUAL \(exports) timeout --foreground 120 \(([kithBinary] + args).map(shellQuote).joined(separator: " "))"
            + "; echo kith-exit=$?; sleep 600"
        try tmux(["-f", "/dev/null", "new-session", "-d", "-s", name, "-x", "\(width)", "-y", "\(height)", "sh"])
        if let log { try tmux(["pipe-pane", "-o", "-t", name, "cat >> \(shellQuote(log))"]) } // (kept by respawn-pane)
        try tmux(["respawn-pane", "-k", "-t", name, command])
    }

    deinit {
        _ = try? tmux(["kill-server"])
        try? FileManager.default.removeItem(atPath: cacheHome)
    }

    /// Runs a tmux command and returns what it printed.
    @discardableResult
    func tmux(_ args: [String]) throws -> String {
        try spawn(["tmux", "-L", socket] + args)
    }

    /// Sends tmux key names (`Tab`, `Enter`, `j`, `Escape`, `BTab`).
    func send(_ keys: String...) throws { try tmux(["send-keys", "-t", name] + keys) }

    /// Sends text literally.
    func type(_ text: String) throws { try tmux(["send-keys", "-t", name, "-l", text]) }

    func screen() throws -> String { try tmux(["capture-pane", "-p", "-t", name]) }

    /// Polls the screen every 50 ms until `text` appears; fails after the deadline.
    @discardableResult
    func waitFor(_ text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if last.contains(text) { return last }
            Thread.sleep(forTimeInterval: 0.05)
        }
        Issue.record("timed out waiting for \"\(text)\"; the screen was:\n\(last)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// As ``waitFor(_:timeout:sourceLocation:)``, then until two captures 50 ms apart are the
    /// same: a capture can land while a frame is still being written.
    func waitForSettled(_ text: String, timeout: Double = 15, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        var last = try waitFor(text, timeout: timeout, sourceLocation: sourceLocation)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            Thread.sleep(forTimeInterval: 0.05)
            let next = try screen()
            if next == last { return next }
            last = next
        }
        Issue.record("the screen did not settle; it was:\n\(last)", sourceLocation: sourceLocation)
        throw CancellationError()
    }

    /// Waits for kith to exit and returns its status.
    func exitStatus(timeout: Double = 15) throws -> Int? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            let text = try screen()
            if let r = text.range(of: "kith-exit=") {
                return Int(text[r.upperBound...].prefix { $0.isNumber })
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    func resize(width: Int, height: Int) throws {
        try tmux(["resize-window", "-t", name, "-x", "\(width)", "-y", "\(height)"])
    }
}

func shellQuote(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

extension TmuxSession {
    /// On the dashboard: focuses the Nurture pane, selects item `index` and presses `d`.
    func markNurtureItemDone(at index: Int, of count: Int) throws {
        try waitFor("Nurture (\(count))")
        try send("Tab", "Tab")
        for _ in 0..<index { try send("j") }
        try send("d")
        try waitFor("Nurture (\(count - 1))")
    }
}

/// A demo network and the position and id of a follow-up in this week's queue (as `kith due` ranks it).
func demoWithAFollowUpDue(in dir: TempDir) throws -> (file: String, queueCount: Int, index: Int, id: String)? {
    let f = dir.path("network.plist")
    #expect(try kith(["demo"], file: f).status == 0)
    let queue = try json(kith(["due", "--json"], file: f).stdout) as? [[String: Any]] ?? []
    guard let index = queue.firstIndex(where: { $0["kind"] as? String == "follow-up" }) else {
        Issue.record("the demo has no follow-up this week"); return nil
    }
    return (f, queue.count, index, String((queue[index]["id"] as? String ?? "").dropFirst(2)))
}
