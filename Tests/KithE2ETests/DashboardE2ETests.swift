import Foundation
import KithHarness
import Testing
@testable import KithCore

/// The real binary in tmux. Serialized: each test starts its own tmux server, but two TUIs at once
/// on two cores only make the timings noisy.
@Suite(.serialized) struct DashboardE2ETests {
    @Test func marksANurtureFollowUpDoneAndSavesIt() throws {
        let dir = try TempDir()
        guard let (f, queueCount, index, id) = try demoWithAFollowUpDue(in: dir) else { return }

        let tmux = try TmuxSession(["--file", f])
        try tmux.markNurtureItemDone(at: index, of: queueCount)
        try tmux.waitFor("Done:")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)

        let follow = try json(kith(["list", "follow-ups", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        let done = follow.first { $0["id"] as? String == id }
        #expect(done?["done"] as? String == "2026-11-30")
    }

    @Test func showsThreePanesAndOpensAContact() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let tmux = try TmuxSession(["--file", f])
        let screen = try tmux.waitFor("Nurture (")
        #expect(screen.contains("Contacts (40)"))
        #expect(screen.contains("Upcoming events"))
        #expect(screen.contains("Zoë Ångström"))
        #expect(screen.contains("李小龙"))
        try tmux.send("Enter")
        try tmux.waitFor("Interactions")
        try tmux.send("Escape")
        try tmux.waitFor("Contacts (40)")
        try tmux.send("?")
        try tmux.waitFor("Keys — Dashboard")
        // Esc and a key sent together read as Alt-key; wait for the screen between them.
        try tmux.send("Escape")
        try tmux.waitFor("Contacts (40)")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    /// A first screen from a cache that no longer matches the file (its metadata forged to
    /// the changed file's, which no writer of kith's does) is shown only until the history's
    /// check fails; then the dashboard reads the file whole and redraws it, unasked, and the
    /// stale cache is gone.
    @Test func aStaleCacheIsReplacedByTheFileOnScreen() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let env = ["XDG_CACHE_HOME": dir.path("cache")]
        var tmux = try TmuxSession(["--file", f], env: env)
        try tmux.waitFor("Contacts (40)")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        let cache = FirstScreenCache(directory: dir.path("cache/kith"))
        let before = try #require(FileIO.status(f))
        let (records, stamp) = try #require(cache.load(for: f, matching: before))

        // Another program changes the file; the cache is then forged to claim its metadata.
        #expect(try kith(["add", "contact", "Changed Elsewhere"], file: f, env: ["XDG_CACHE_HOME": dir.path("other")]).status == 0)
        let after = try #require(FileIO.status(f))
        cache.save(records, stamp: DiskStamp(after, fingerprint: stamp.fingerprint), for: f)
        #expect(cache.load(for: f, matching: after) != nil) // the dashboard will take it

        tmux = try TmuxSession(["--file", f], env: env)
        let screen = try tmux.waitFor("Contacts (41)") // the file's, without a key pressed
        #expect(screen.contains("kith · 41 contacts"))
        #expect(!FileManager.default.fileExists(atPath: cache.file(for: f)))
        try tmux.send("/")
        try tmux.type("Changed")
        try tmux.waitFor("Changed Elsewhere")
        try tmux.send("Escape")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        #expect(try NetworkDocument.open(f).network.contacts.count == 41)
    }

    /// The second launch on an unchanged file shows its first screen from the cache: the same
    /// screen, and the cache file is left as it was; a subcommand's change made in between
    /// writes the cache again, and the next launch shows it.
    @Test func aSecondLaunchShowsTheSameScreenFromTheCache() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let env = ["XDG_CACHE_HOME": dir.path("cache")]
        func launch() throws -> String {
            let tmux = try TmuxSession(["--file", f], env: env)
            let screen = try tmux.waitForSettled("Nurture (")
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
            return screen
        }
        func cacheFile() throws -> (name: String, modified: Date)? {
            let folder = dir.path("cache/kith")
            guard let name = try FileManager.default.contentsOfDirectory(atPath: folder).first(where: { $0.hasPrefix("first-screen-") }) else { return nil }
            return (name, try FileManager.default.attributesOfItem(atPath: folder + "/" + name)[.modificationDate] as! Date)
        }
        let first = try launch()
        let written = try #require(try cacheFile())
        Thread.sleep(forTimeInterval: 0.05)
        let second = try launch()
        #expect(second == first)
        #expect(try cacheFile()?.modified == written.modified)

        // A subcommand's save writes the cache too, so the next launch takes it from there.
        #expect(try kith(["add", "contact", "Added In Between"], file: f, env: env).status == 0)
        let rewritten = try #require(try cacheFile())
        #expect(rewritten.modified > written.modified)
        let third = try launch()
        #expect(third.contains("Contacts (41)"))
        #expect(third.contains("Added In Between"))
        #expect(try cacheFile()?.modified == rewritten.modified)
    }

    @Test func resizesDownToTinyAndBackKeepingTheSelection() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Contacts (40)")
        try tmux.send("G")
        try tmux.resize(width: 20, height: 6)
        try tmux.waitFor("too small")
        try tmux.resize(width: 1, height: 1)
        Thread.sleep(forTimeInterval: 0.3)
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor("Contacts (40)")
        try tmux.send("Enter")
        // G selected the last contact in name order; Enter opens exactly that one.
        let names = (try json(kith(["list", "contacts", "--json"], file: f).stdout) as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        try tmux.waitFor("┏ " + (names.last ?? "?"))
        try tmux.send("Escape")
        try tmux.waitFor("Contacts (40)")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test func anEmptyDashboardHintsAndCreatesNoFile() throws {
        let dir = try TempDir()
        let f = dir.path("none.plist")
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("kith demo")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        #expect(!FileManager.default.fileExists(atPath: f))
    }

    @Test func aDumbOrUnknownTerminalIsRefused() throws {
        for (term, message) in [("dumb", "TERM=dumb cannot show the dashboard"), ("no-such-terminal", "unknown to ncurses")] {
            let tmux = try TmuxSession(["--file", "/nonexistent/x.plist"], env: ["TERM": term])
            #expect(try tmux.exitStatus() == 1, "\(term)")
            #expect(try tmux.screen().contains(message))
        }
    }

    @Test(arguments: [("TERM", 143), ("HUP", 129), ("INT", 130)])
    func aSignalRestoresTheTerminalAndExitsWith128PlusIt(signal: String, status: Int) throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Contacts (40)")
        // Anchored, so that only kith is hit, not the `timeout` wrapper whose command line holds it.
        try spawn(["pkill", "-\(signal)", "-f", "--", "^\(kithBinary) --file \(f)"])
        #expect(try tmux.exitStatus() == status)
        // The terminal was restored: the alternate screen is gone and the dashboard with it.
        #expect(try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{alternate_on}"]).hasPrefix("0"))
        #expect(!(try tmux.screen().contains("Contacts (40)")))
    }
}
