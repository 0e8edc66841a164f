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
