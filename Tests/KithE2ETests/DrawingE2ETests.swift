import Foundation
import KithHarness
import Testing

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
