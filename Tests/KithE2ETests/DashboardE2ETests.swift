import Foundation
import KithHarness
import Testing

/// The real binary in tmux. Serialized: each test starts its own tmux server, but two TUIs at once
/// on two cores only make the timings noisy.
@Suite(.serialized) struct DashboardE2ETests {
    @Test func marksANurtureFollowUpDoneAndSavesIt() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let queue = try json(kith(["due", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        guard let index = queue.firstIndex(where: { $0["kind"] as? String == "follow-up" }) else {
            Issue.record("the demo has no follow-up this week"); return
        }
        let id = String((queue[index]["id"] as? String ?? "").dropFirst(2))

        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Nurture (\(queue.count))")
        try tmux.send("Tab", "Tab")
        for _ in 0..<index { try tmux.send("j") }
        try tmux.send("d")
        try tmux.waitFor("Done:")
        try tmux.waitFor("Nurture (\(queue.count - 1))")
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

@Suite(.serialized) struct ReviewE2ETests {
    @Test func weeklyReviewDoneThenSnoozeIsInTheFile() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let queue = try json(kith(["due", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(queue.count >= 2)
        let first = queue[0], second = queue[1]
        #expect(first["kind"] as? String == "keep-in-touch")

        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Nurture (")
        try tmux.send("w")
        try tmux.waitFor("Weekly review — 1/\(queue.count)")
        try tmux.send("d")
        try tmux.waitFor("who gave (Tab)")
        try tmux.send("Tab")
        try tmux.type("met for lunch")
        try tmux.send("Enter")
        try tmux.waitFor("Weekly review — 2/\(queue.count)")
        try tmux.send("s")
        try tmux.waitFor("Weekly review — 3/\(queue.count)")
        try tmux.send("Escape")
        try tmux.waitFor("Review finished: 1 done, 0 logged, 1 snoozed")
        try tmux.send("Enter")
        try tmux.waitFor("Contacts (40)")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)

        let who = first["contact"] as! String
        let show = try json(kith(["show", who, "--json"], file: f).stdout) as? [String: Any]
        let touch = (show?["interactions"] as? [[String: Any]])?.first
        #expect(touch?["date"] as? String == "2026-11-30")
        #expect(touch?["exchange"] as? String == "gave")
        #expect(touch?["note"] as? String == "met for lunch")
        let plist = try String(contentsOfFile: f, encoding: .utf8)
        #expect(plist.contains("<key>snoozedUntil</key>\n\t\t\t<string>2026-12-07</string>"))
        let after = try json(kith(["due", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(!after.contains { $0["id"] as? String == second["id"] as? String })
    }
}

@Suite(.serialized) struct SafetyE2ETests {
    @Test func aChangeFromAnotherShellShowsUpAndBothChangesAreKept() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
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
        // The dashboard's own change landed too: today's touches now include the one `d` logged.
        let plist = try String(contentsOfFile: f, encoding: .utf8)
        #expect(plist.components(separatedBy: "<string>2026-11-30</string>").count > 2)
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

@Suite(.serialized) struct EventsE2ETests {
    @Test func markADemoEventAttendedAndRecordTwoPeopleMet() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Contacts (40)")
        try tmux.send("Tab", "p")
        try tmux.waitFor("Past events (")
        try tmux.send("m")
        try tmux.waitFor("Who I met at")
        try tmux.type("Pat Quinn")
        try tmux.send("Tab")
        try tmux.type("design")
        try tmux.send("Tab")
        try tmux.type("talked about onboarding")
        try tmux.send("Enter")
        try tmux.waitFor("Recorded: Pat Quinn")
        try tmux.type("Lee Park")
        try tmux.send("Enter")
        try tmux.waitFor("Recorded: Pat Quinn, Lee Park")
        try tmux.send("Escape")
        try tmux.waitFor("Recorded 2")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)

        for name in ["Pat Quinn", "Lee Park"] {
            let c = try json(kith(["show", name, "--json"], file: f).stdout) as? [String: Any] ?? [:]
            #expect(c["metAt"] is String, "\(name)")
            let follow = c["followUps"] as? [[String: Any]] ?? []
            #expect(follow.first?["due"] as? String == "2026-12-02", "\(name)")
        }
        let past = try json(kith(["events", "--past", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(past.first?["status"] as? String == "attended")
        #expect((past.first?["met"] as? [String])?.count ?? 0 >= 2)
    }
}

@Suite(.serialized) final class DailyToolE2ETests {
    /// A demo network per test, alive as long as the test.
    let dir: TempDir
    let f: String

    init() throws {
        dir = try TempDir()
        f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
    }

    @Test func filterZoeAndOpenTheMatch() throws {
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Contacts (40)")
        try tmux.send("/")
        try tmux.type("zoe")
        try tmux.waitFor("Contacts 1/40 /zoe")
        try tmux.send("Enter")
        try tmux.send("Enter")
        try tmux.waitFor("┏ Zoë Ångström")
        try tmux.send("Escape")
        try tmux.waitFor("Contacts 1/40")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test func addAContactThroughTheFormAndFindItInTheFile() throws {
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Contacts (40)")
        try tmux.send("a")
        try tmux.waitFor("Add a contact")
        try tmux.type("Mina Sato")
        try tmux.send("Tab")
        try tmux.type("Hooli")
        try tmux.send("Tab", "Tab", "Tab")
        try tmux.type("inner")
        try tmux.send("Enter")
        try tmux.waitFor("Contacts (41)")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        let c = try json(kith(["show", "mina", "--json"], file: f).stdout) as? [String: Any] ?? [:]
        #expect(c["company"] as? String == "Hooli")
        #expect(c["circle"] as? String == "inner")
    }

    @Test func deleteThenUndoBringsTheContactBackInTheFileToo() throws {
        let first = (try json(kith(["list", "contacts", "--json"], file: f).stdout) as? [[String: Any]] ?? [])[0]["name"] as! String
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Contacts (40)")
        try tmux.send("x")
        try tmux.waitFor("Delete \(first) with")
        try tmux.send("y")
        try tmux.waitFor("Contacts (39)")
        #expect(try kith(["show", first], file: f).status != 0)
        try tmux.send("u")
        try tmux.waitFor("Contacts (40)")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        #expect(try kith(["show", first], file: f).status == 0)
        #expect(try kith(["check"], file: f).status == 0)
    }

    @Test func aMouseClickSelectsARowAndADoubleClickOpensIt() throws {
        let names = (try json(kith(["list", "contacts", "--json"], file: f).stdout) as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Contacts (40)")
        // X10 mouse report: ESC [ M, then button + 32, column + 33, row + 33 (0-based cells).
        // Row 6 of the screen is the fifth contact (header, border, then rows 2…).
        func click(x: Int, y: Int) throws {
            try tmux.type("\u{1B}[M" + String(UnicodeScalar(32 + 0)!) + String(UnicodeScalar(33 + x)!) + String(UnicodeScalar(33 + y)!))
            try tmux.type("\u{1B}[M" + String(UnicodeScalar(32 + 3)!) + String(UnicodeScalar(33 + x)!) + String(UnicodeScalar(33 + y)!))
        }
        try click(x: 10, y: 6)
        Thread.sleep(forTimeInterval: 0.3)
        try tmux.send("Enter")
        try tmux.waitFor("┏ " + names[4])
        try tmux.send("Escape")
        try tmux.waitFor("Contacts (40)")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test func resizeToTwentyBySixAndBackKeepsAFormAndTheFilter() throws {
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Contacts (40)")
        try tmux.send("/")
        try tmux.type("zoe")
        try tmux.send("Enter")
        try tmux.waitFor("Contacts 1/40 /zoe")
        try tmux.send("a")
        try tmux.type("Half Typed")
        try tmux.resize(width: 20, height: 6)
        try tmux.waitFor("too small")
        try tmux.resize(width: 100, height: 30)
        try tmux.waitFor("Half Typed")
        try tmux.send("Escape")
        try tmux.waitFor("Contacts 1/40 /zoe")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    @Test func notesAreEditedInTheEditorWithoutAShell() throws {
        // An "editor" that appends a line; its path holds a space and a ';' that a shell would split.
        let editor = dir.path("my editor;true")
        try "#!/bin/sh\nprintf 'added by the editor\\n' >> \"$1\"\n".write(toFile: editor, atomically: true, encoding: .utf8)
        chmod(editor, 0o755)
        let tmux = try TmuxSession(["--file", f], env: ["VISUAL": "", "EDITOR": editor])
        try tmux.waitFor("Contacts (40)")
        try tmux.send("E")
        try tmux.waitFor("Saved the notes of")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        let first = (try json(kith(["list", "contacts", "--json"], file: f).stdout) as? [[String: Any]] ?? [])[0]
        #expect((first["notes"] as? String)?.hasSuffix("added by the editor") == true)
    }

    @Test func controlCharactersInANameCannotReachTheTerminal() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        let evil = "Evil\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[31mRed\u{202E}x"
        #expect(try kith(["add", "contact", evil, "--circle", "inner"], file: f).status == 0)
        let tmux = try TmuxSession(["--file", f])
        try tmux.tmux(["select-pane", "-t", tmux.name, "-T", "untouched"])
        let screen = try tmux.waitFor("Evil␛]0;owned␇␛[2J␛[31mRed")
        #expect(screen.contains("Contacts (1)"))
        #expect(!screen.contains("owned\u{07}"))
        #expect(try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{pane_title}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "untouched")
        try tmux.send("Enter")
        try tmux.waitFor("┏ Evil␛]0;owned␇␛[2J␛[31mRed\u{FFFD}x ━")
        #expect(try tmux.tmux(["display-message", "-p", "-t", tmux.name, "#{pane_title}"]).trimmingCharacters(in: .whitespacesAndNewlines) == "untouched")
        try tmux.send("Escape")
        try tmux.waitFor("Contacts (1)")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        // The CLI shows it harmlessly too.
        let list = try kith(["list", "contacts"], file: f)
        #expect(!list.stdout.contains("\u{1B}"))
        #expect(list.stdout.contains("Evil␛]0;owned␇"))
    }
}

@Suite(.serialized) struct DrawingE2ETests {
    /// A key press sends only the cells that changed: moving the selection one row costs a few
    /// hundred bytes, not a repaint of the whole 100×30 screen.
    @Test func aKeyPressSendsOnlyWhatChanged() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist"), log = dir.path("output.log")
        #expect(try kith(["demo"], file: f).status == 0)
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Contacts (40)")
        try tmux.tmux(["pipe-pane", "-o", "-t", tmux.name, "cat >> '\(log)'"])
        Thread.sleep(forTimeInterval: 0.3)
        try tmux.send("j")
        Thread.sleep(forTimeInterval: 0.5)
        try tmux.tmux(["pipe-pane", "-t", tmux.name])
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: log)))?.count ?? 0
        #expect(bytes > 0 && bytes < 600, "\(bytes) bytes for one j")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
    }

    /// Colors by meaning; with NO_COLOR only attributes (reverse, bold), never a color.
    @Test func noColorKeepsSelectionVisibleWithoutColors() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        for noColor in [false, true] {
            let tmux = try TmuxSession(["--file", f], env: noColor ? ["NO_COLOR": "1"] : [:])
            try tmux.waitFor("Contacts (40)")
            let styled = try tmux.tmux(["capture-pane", "-e", "-p", "-t", tmux.name])
            let colors = ["\u{1B}[31m", "\u{1B}[32m", "\u{1B}[33m", "\u{1B}[34m", "\u{1B}[36m", "\u{1B}[30m"].filter { styled.contains($0) }
            #expect(styled.contains("\u{1B}[7m"), "selection in reverse video (NO_COLOR=\(noColor))")
            if noColor { #expect(colors.isEmpty, "\(colors)") } else { #expect(!colors.isEmpty, "\(styled.prefix(300).debugDescription)") }
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
        }
    }
}
