import Foundation
import KithCore
import KithHarness
#if canImport(Glibc)
import Glibc
#endif

nonisolated(unsafe) var launches = 0

/// A tmux socket name no server has used yet in this run: a new server on the socket of one
/// just killed can be taken down with it (about one launch in ten here, each then waiting out
/// its timeout).
func freshSocket() -> String {
    launches += 1
    return "kith-bench-\(getpid())-\(launches)"
}

/// Kills the tmux server on `socket`, and waits (up to 10 s) until the programs in its pane have
/// exited: the next launch must not share the machine with this one's exit (a dashboard of
/// 100,000 contacts hands back 200 MB as it goes). An exited program counts as gone though no
/// one has reaped it yet: with its tmux server dead it waits for the container's init, which
/// took about 2 s each time here, most of what `make bench` waited for.
func killServer(_ socket: String) {
    let pane = (try? spawn(["tmux", "-L", socket, "display-message", "-p", "-t", "b", "#{pane_pid}"]))?
        .trimmingCharacters(in: .whitespacesAndNewlines)
    _ = try? spawn(["tmux", "-L", socket, "kill-server"])
    guard let pane, Int32(pane) != nil else { return }
    func running() -> Bool {
        let states = (try? spawn(["ps", "-o", "stat=", "-s", pane])) ?? ""
        return states.split(separator: "\n").contains { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("Z") }
    }
    let start = now()
    while now() - start < 10, running() { usleep(5_000) }
}

/// Milliseconds from starting `command` in a fresh 132×43 tmux pane until `text` is on its screen;
/// with `then`, until that key, sent as soon as `text` shows, is answered with its text.
func launchToScreen(_ command: String, waitFor text: String, then key: (key: String, answer: String)? = nil, timeout: Double = 60) -> Double? {
    let socket = freshSocket()
    defer { killServer(socket) }
    _ = try? spawn(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", "132", "-y", "43", "sleep 600"])
    let start = now()
    _ = try? spawn(["tmux", "-L", socket, "respawn-pane", "-k", "-t", "b", command])
    func wait(for text: String) -> Bool {
        while now() - start < timeout {
            let screen = (try? spawn(["tmux", "-L", socket, "capture-pane", "-p", "-t", "b"])) ?? ""
            if screen.contains(text) { return true }
            // A live pane always prints its rows; nothing means the program ended (or crashed)
            // and took the server with it, so waiting out the timeout would only hide that.
            if screen.isEmpty { return false }
            usleep(2_000)
        }
        return false
    }
    guard wait(for: text) else { return nil }
    if let key {
        _ = try? spawn(["tmux", "-L", socket, "send-keys", "-t", "b", key.key])
        guard wait(for: key.answer) else { return nil }
    }
    return (now() - start) * 1000
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
        let socket = freshSocket()
        defer { killServer(socket) }
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

/// Median launch times at one size, in ms.
struct LaunchFigures {
    /// The launches both harnesses time, each alternating with the other's.
    struct Medians {
        /// kith's first launch on the file: no first-screen cache (a lost one, or a kith with a
        /// new cache layout).
        var first: Double?
        /// From the cache, without a stored first frame (the first launch after a week away, or
        /// after kith was updated).
        var cached: Double?
        /// After an outside change: another kith logged a touch since the cache was written (a
        /// sync from another machine), so the cache is brought up to date.
        var changed: Double?
        /// From the cache with the first frame the last launch stored (every later launch that
        /// day, also after kith itself changed the file).
        var stored: Double?
        /// abook on the same contacts, when it is installed.
        var abook: Double?
    }

    /// In tmux, until its screen shows the text.
    var tmux = Medians()
    /// In a pseudo-terminal, until the program has written the text (`launchInPty`).
    var pty = Medians()
    /// The next day's first launch, with the frame the last launch stored for it (tmux).
    var nextDay: Double?
    /// Until the first key is answered (`?` shows the help), with the frame stored, and abook's (tmux).
    var key: Double?, abookKey: Double?
}

func launchFigures(_ size: Int, dir: String, kith: String, runs: Int) throws -> LaunchFigures {
    let path = dir + "/network-\(size).plist"
    let n = try NetworkDocument.open(path).network
    let xdg = dir + "/launch-cache"
    let cache = FirstScreenCache(directory: xdg + "/kith")
    func launching(on day: String) -> String { "env KITH_NOW=\(day) TERM=tmux-256color XDG_CACHE_HOME=\(xdg) \(kith) --file \(path)" }
    let command = launching(on: today.iso)
    var environment = ProcessInfo.processInfo.environment
    environment.merge(["KITH_NOW": today.iso, "TERM": "tmux-256color", "XDG_CACHE_HOME": xdg]) { $1 }
    if environment["LANG"] == nil && environment["LC_ALL"] == nil { environment["LANG"] = "C.UTF-8" }
    let kithInPty = (argv: [kith, "--file", path], environment: environment)
    let help = (key: "?", answer: "Keys — Dashboard")
    var figures = LaunchFigures()
    func median(_ xs: [Double]) -> Double? { xs.isEmpty ? nil : percentile(xs, 0.5) }
    /// Each run in tmux, then in a pty, each after `prepare`; the medians of both.
    func both(_ prepare: () -> Bool) -> (tmux: Double?, pty: Double?) {
        var tmux: [Double] = [], pty: [Double] = []
        for _ in 0..<runs {
            if prepare(), let t = launchToScreen(command, waitFor: "Nurture (") { tmux.append(t) }
            if prepare(), let t = launchInPty(kithInPty.argv, environment: kithInPty.environment, waitFor: "Nurture (") { pty.append(t) }
        }
        return (median(tmux), median(pty))
    }
    (figures.tmux.first, figures.pty.first) = both {
        try? FileManager.default.removeItem(atPath: xdg)
        return true
    }
    try warm(cache, with: path)
    (figures.tmux.cached, figures.pty.cached) = both {
        unlink(cache.frameFile(for: path))
        return true
    }
    // Another kith, with no cache of its own, logs a touch; each launch finds the cache written
    // before that (put back before each), as after a sync.
    let cacheFile = cache.file(for: path)
    if let before = FileManager.default.contents(atPath: cacheFile) {
        var other = try NetworkDocument.open(path)
        let someone = other.network.contacts[other.network.contacts.count / 2].id
        try other.apply(.addInteraction(Interaction(contacts: [someone], date: today, note: "logged elsewhere", exchange: .received)))
        try other.save(today: today)
        (figures.tmux.changed, figures.pty.changed) = both {
            guard (try? before.write(to: URL(fileURLWithPath: cacheFile))) != nil else { return false }
            unlink(cache.frameFile(for: path))
            return true
        }
        try warm(cache, with: path)
    }
    // abook's launches alternate with kith's, so that the machine's drift over the minute these
    // take falls on both sides of the ratio alike.
    var abook: (command: String, argv: [String], first: String)?
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/abook") {
        let book = dir + "/abook-\(size)"
        if !FileManager.default.fileExists(atPath: book) { try writeAbook(n, to: book) }
        // abook shows the list sorted as in the file; its first screen is drawn when the first
        // contact's name is on it. (In its bytes, the name's ASCII start: a terminal-dependent
        // sequence may be written in place of a letter beyond it.)
        let name = n.contacts.first?.name ?? ""
        abook = ("env TERM=tmux-256color abook --datafile \(book) --config /dev/null",
                 ["/usr/bin/abook", "--datafile", book, "--config", "/dev/null"],
                 name)
    }
    let stores = storeFirstFrame(command, frame: cache.frameFile(for: path))
    var stored: [Double] = [], key: [Double] = [], next: [Double] = [], abookFirst: [Double] = [], abookKey: [Double] = []
    var ptyStored: [Double] = [], ptyAbook: [Double] = []
    for _ in 0..<runs {
        if stores, let t = launchToScreen(command, waitFor: "Nurture (") { stored.append(t) }
        if let abook, let t = launchToScreen(abook.command, waitFor: abook.first) { abookFirst.append(t) }
        if stores, let t = launchInPty(kithInPty.argv, environment: kithInPty.environment, waitFor: "Nurture (") { ptyStored.append(t) }
        if let abook, let t = launchInPty(abook.argv, environment: environment, waitFor: String(abook.first.prefix { $0.isASCII })) {
            ptyAbook.append(t)
        }
    }
    for _ in 0..<runs {
        if stores, let t = launchToScreen(command, waitFor: "Nurture (", then: help) { key.append(t) }
        if let abook, let t = launchToScreen(abook.command, waitFor: abook.first, then: (key: "?", answer: "quit without saving")) {
            abookKey.append(t)
        }
    }
    // Last: the next day's launch stores the week from that day, without today's frame.
    if stores { next = (0..<runs).compactMap { _ in launchToScreen(launching(on: (today + 1).iso), waitFor: "Nurture (") } }
    (figures.tmux.stored, figures.key, figures.nextDay) = (median(stored), median(key), median(next))
    (figures.tmux.abook, figures.abookKey) = (median(abookFirst), median(abookKey))
    (figures.pty.stored, figures.pty.abook) = (median(ptyStored), median(ptyAbook))
    return figures
}

/// Opens the dashboard with `command` until its history is read and quits, which stores its
/// first frame and the week ahead's; false when no `frame` file appeared within a minute.
func storeFirstFrame(_ command: String, frame: String) -> Bool {
    unlink(frame)
    let socket = freshSocket()
    defer { killServer(socket) }
    _ = try? spawn(["tmux", "-L", socket, "-f", "/dev/null", "new-session", "-d", "-s", "b", "-x", "132", "-y", "43", command + "; sleep 600"])
    let start = now()
    while now() - start < 60, !(((try? spawn(["tmux", "-L", socket, "capture-pane", "-p", "-t", "b"])) ?? "").contains("Nurture (")) {
        usleep(20_000)
    }
    _ = try? spawn(["tmux", "-L", socket, "send-keys", "-t", "b", "q"]) // waits for the history, then for the frame's write
    while now() - start < 60 {
        if FileManager.default.fileExists(atPath: frame) { usleep(100_000); return true }
        usleep(20_000)
    }
    return false
}

/// What every launch figure includes: tmux starting a program that prints the awaited text at
/// once, and the polling that sees it.
func harnessAlone(runs: Int) -> Double? {
    let xs = (0..<runs).compactMap { _ in launchToScreen("printf 'Nurture (\\n'; sleep 60", waitFor: "Nurture (") }
    return xs.isEmpty ? nil : percentile(xs, 0.5)
}
