import Foundation
import KithHarness
import Testing

@Suite(.serialized) struct SafetyE2ETests {
    @Test func aChangeFromAnotherShellShowsUpAndBothChangesAreKept() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let first = (try json(kith(["due", "--json"], file: f).stdout) as? [[String: Any]] ?? [])[0]
        #expect(first["kind"] as? String == "keep-in-touch")
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Contacts (40)")
        let started = Date()
        #expect(try kith(["add", "contact", "Outside Person", "--circle", "inner"], file: f).status == 0)
        #expect(try kith(["log", "Outside Person", "--note", "from another shell"], file: f).status == 0)
        try tmux.waitFor("Contacts (41)", timeout: 5)
        #expect(Date().timeIntervalSince(started) < 2.5)
        try tmux.waitFor("reloaded")
        try tmux.send("Tab", "Tab", "d")
        try tmux.waitFor("Done:")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        let show = try json(kith(["show", "Outside Person", "--json"], file: f).stdout) as? [String: Any]
        #expect((show?["interactions"] as? [[String: Any]])?.first?["note"] as? String == "from another shell")
        // The dashboard's own change landed too: `d` on the first Nurture item logged a touch today.
        let who = try json(kith(["show", first["contact"] as! String, "--json"], file: f).stdout) as? [String: Any]
        #expect(who?["lastTouch"] as? String == "2026-11-30")
        #expect(try kith(["check"], file: f).status == 0)
    }

    /// A save runs off the input loop: while it waits (here for another program's lock on the
    /// file, as a slow disk or a 100,000-contact file would make it), keys still work; quitting
    /// waits for it, and nothing is lost.
    @Test func keysNeverWaitForASave() throws {
        let dir = try TempDir()
        guard let (f, queueCount, index, id) = try demoWithAFollowUpDue(in: dir) else { return }
        let holder = Process()
        holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        holder.arguments = ["python3", "-c", "import fcntl, sys, time; f = open(sys.argv[1], 'a'); fcntl.flock(f, fcntl.LOCK_EX); open(sys.argv[2], 'w').close(); time.sleep(60)",
                            f + ".lock", dir.path("locked")]
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        defer { if holder.isRunning { kill(holder.processIdentifier, SIGKILL); holder.waitUntilExit() } }
        for _ in 0..<200 where !FileManager.default.fileExists(atPath: dir.path("locked")) { usleep(20_000) }

        let tmux = try TmuxSession(["--file", f])
        try tmux.markNurtureItemDone(at: index, of: queueCount)
        // The save is stuck behind the lock; the dashboard is not.
        try tmux.send("?")
        try tmux.waitFor("Keys")
        try tmux.send("Escape")
        try tmux.send("Tab")
        try tmux.waitFor("Nurture (\(queueCount - 1))")
        let open = try json(kith(["list", "follow-ups", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(open.first { $0["id"] as? String == id }?["done"] is NSNull, "not written yet: the lock is held")
        // Quitting waits for the save, which goes through once the lock is let go.
        try tmux.send("q")
        try tmux.waitFor("Saving")
        kill(holder.processIdentifier, SIGKILL)
        holder.waitUntilExit()
        #expect(try tmux.exitStatus() == 0)
        let follow = try json(kith(["list", "follow-ups", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(follow.first { $0["id"] as? String == id }?["done"] as? String == "2026-11-30")
    }

    /// The dashboard shows its first screen before the interactions are read; a broken one
    /// found then is still a clear error, the terminal is restored and the file left untouched.
    @Test func aBrokenInteractionFoundAfterTheFirstScreenIsAClearErrorAndNothingIsWritten() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        var text = try String(contentsOfFile: f, encoding: .utf8)
        let interactions = try #require(text.range(of: "<key>interactions</key>"))
        let date = try #require(text.range(of: "<string>2026-", range: interactions.upperBound..<text.endIndex))
        text.replaceSubrange(date, with: "<string>2026-13-")
        try text.write(toFile: f, atomically: true, encoding: .utf8)
        let before = try Data(contentsOf: URL(fileURLWithPath: f))
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("kith cannot read")
        #expect(try tmux.exitStatus() == 1)
        #expect(try tmux.screen().contains("interactions[0]"))
        #expect(try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{alternate_on}"]).hasPrefix("0"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: f)) == before)
    }

    /// A file kith cannot read at all is said on the restored terminal, and left untouched, though
    /// ncurses started beside the read (there is no stale cache to refresh).
    @Test func anUnreadableFileIsSaidOnTheRestoredTerminal() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        let text = "<?xml version=\"1.0\"?>\n<plist version=\"1.0\"><dict><key>formatVersion</key><integer>2</integer>"
            + "<key>contacts</key><array><dict><key>name</key><integer>7</integer></dict></array></dict></plist>\n"
        try text.write(toFile: f, atomically: true, encoding: .utf8)
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("contacts[0].name): expected <string>, found <integer>")
        #expect(try tmux.exitStatus() == 1)
        #expect(try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{alternate_on}"]).hasPrefix("0"))
        #expect(try String(contentsOfFile: f, encoding: .utf8) == text)
    }

    @Test func aCrashRestoresTheTerminal() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let tmux = try TmuxSession(["--file", f], env: ["SWIFT_BACKTRACE": "enable=no"])
        try tmux.waitFor("Contacts (40)")
        #expect(try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{alternate_on}"]).hasPrefix("1"))
        // Anchored, so that only kith is hit, not the `timeout` wrapper whose command line holds it.
        try spawn(["pkill", "-SEGV", "-f", "--", "^\(kithBinary) --file \(f)"])
        let status = try tmux.exitStatus()
        #expect(status == 139)
        #expect(try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{alternate_on}"]).hasPrefix("0"))
    }
}

@Suite(.serialized) struct SaveFailureE2ETests {
    /// A save that cannot be written shows an error line, keeps the change, and quitting asks
    /// twice before the change is lost; the file on disk is never damaged.
    @Test func aFailedSaveIsShownAndNeverDroppedSilently() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: f))
        // The file-size limit makes every write fail as a full disk would.
        let tmux = try TmuxSession(["--file", f], wrapper: "trap '' XFSZ; ulimit -f 16;")
        try tmux.waitFor("Contacts (40)")
        try tmux.send("Tab", "Tab", "d")
        try tmux.waitFor("Not saved")
        try tmux.waitFor("cannot write")
        try tmux.send("q")
        try tmux.waitFor("q again quits and loses 1 unsaved change")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: f)) == before)
    }
}
