import Foundation
import KithCore
import KithHarness
#if canImport(Glibc)
import Glibc
#endif

/// Milliseconds from starting `command` in a fresh 132×43 tmux pane until `text` is on its screen.
func launchToScreen(_ command: String, waitFor text: String, timeout: Double = 60) -> Double? {
    let socket = "kith-bench-\(getpid())"
    defer { _ = try? spawn(["tmux", "-L", socket, "kill-server"]) }
    _ = try? spawn(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", "132", "-y", "43", "sleep 600"])
    let start = now()
    _ = try? spawn(["tmux", "-L", socket, "respawn-pane", "-k", "-t", "b", command])
    while now() - start < timeout {
        if ((try? spawn(["tmux", "-L", socket, "capture-pane", "-p", "-t", "b"])) ?? "").contains(text) { return (now() - start) * 1000 }
        usleep(2_000)
    }
    return nil
}

/// The real dashboard's peak resident memory (MB): opened in tmux under `/usr/bin/time`, left
/// until its history is read, then quit with `q`; twice on one copy of the bench file, so that the
/// second opening takes its first screen from the cache the first one wrote.
func dashboardPeakRSS(size: Int, dir: String, kith: String) -> (first: Double?, cached: Double?) {
    guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else { return (nil, nil) }
    let copy = dir + "/rss-\(size).plist", cache = dir + "/rss-cache"
    try? FileManager.default.removeItem(atPath: copy)
    try? FileManager.default.removeItem(atPath: cache)
    guard (try? FileManager.default.copyItem(atPath: dir + "/network-\(size).plist", toPath: copy)) != nil else { return (nil, nil) }
    func once() -> Double? {
        let out = dir + "/rss-\(size).txt"
        try? FileManager.default.removeItem(atPath: out)
        let socket = "kith-bench-rss-\(getpid())"
        defer { _ = try? spawn(["tmux", "-L", socket, "kill-server"]) }
        _ = try? spawn(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", "132", "-y", "43",
                        "env KITH_NOW=2026-11-30 TERM=tmux-256color XDG_CACHE_HOME=\(cache) /usr/bin/time -f %M -o \(out) \(kith) --file \(copy); sleep 600"])
        let start = now()
        while now() - start < 60, !(((try? spawn(["tmux", "-L", socket, "capture-pane", "-p", "-t", "b"])) ?? "").contains("Nurture (")) {
            usleep(20_000)
        }
        _ = try? spawn(["tmux", "-L", socket, "send-keys", "-t", "b", "q"]) // waits for the history, then quits
        while now() - start < 120 {
            if let text = try? String(contentsOfFile: out, encoding: .utf8), let kb = Double(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return kb / 1024
            }
            usleep(50_000)
        }
        return nil
    }
    return (once(), once())
}

/// An abook address book with the same contacts' names and emails.
func writeAbook(_ n: Network, to path: String) throws {
    var s = "# abook addressbook file\n\n[format]\nprogram=abook\nversion=0.6.1\n\n"
    for (i, c) in n.contacts.enumerated() {
        s += "[\(i)]\nname=\(c.name)\n"
        if let e = c.emails.first { s += "email=\(e)\n" }
        if let p = c.phones.first { s += "mobile=\(p)\n" }
        s += "\n"
    }
    try s.write(toFile: path, atomically: true, encoding: .utf8)
}

/// Median launch times at one size: kith's first launch on the file (no first-screen cache),
/// kith's launch from the cache (as every later launch on an unchanged file), and abook's when
/// it is installed.
func launchFigures(_ size: Int, dir: String, kith: String, runs: Int) throws -> (first: Double?, cached: Double?, abook: Double?) {
    let path = dir + "/network-\(size).plist"
    let n = try NetworkDocument.open(path).network
    let xdg = dir + "/launch-cache"
    let command = "env KITH_NOW=2026-11-30 TERM=tmux-256color XDG_CACHE_HOME=\(xdg) \(kith) --file \(path)"
    var first: [Double] = [], cached: [Double] = []
    for _ in 0..<runs {
        try? FileManager.default.removeItem(atPath: xdg)
        if let t = launchToScreen(command, waitFor: "Nurture (") { first.append(t) }
    }
    try warm(FirstScreenCache(directory: xdg + "/kith"), with: path)
    for _ in 0..<runs {
        if let t = launchToScreen(command, waitFor: "Nurture (") { cached.append(t) }
    }
    var abookTimes: [Double] = []
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/abook") {
        let book = dir + "/abook-\(size)"
        if !FileManager.default.fileExists(atPath: book) { try writeAbook(n, to: book) }
        // abook shows the list sorted as in the file; its first screen is drawn when the first
        // contact's name is on it.
        for _ in 0..<runs {
            if let t = launchToScreen("env TERM=tmux-256color abook --datafile \(book) --config /dev/null", waitFor: n.contacts.first?.name ?? "") {
                abookTimes.append(t)
            }
        }
    }
    func median(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : percentile(xs, 0.5) }
    return (median(first), median(cached), median(abookTimes))
}

/// What every launch figure includes: tmux starting a program that prints the awaited text at
/// once, and the polling that sees it.
func harnessAlone(runs: Int) -> Double? {
    let xs = (0..<runs).compactMap { _ in launchToScreen("printf 'Nurture (\\n'; sleep 60", waitFor: "Nurture (") }
    return xs.isEmpty ? nil : percentile(xs, 0.5)
}
