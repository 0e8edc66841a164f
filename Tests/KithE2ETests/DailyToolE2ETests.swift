import Foundation
import KithHarness
import Testing

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
        // The save runs on the dashboard's second thread (no key waits for it): the file says the
        // contact is gone once it lands, within a few seconds at most.
        let deadline = Date().addingTimeInterval(10)
        var gone = false
        while !gone && Date() < deadline {
            gone = try kith(["show", first], file: f).status != 0
            if !gone { Thread.sleep(forTimeInterval: 0.05) }
        }
        #expect(gone)
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
