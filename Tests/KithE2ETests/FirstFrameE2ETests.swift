import Foundation
import KithHarness
import KithUI
import Testing
@testable import KithCore

/// The real binary shows the first frame it drew last time before it reads an unchanged file
/// (``FirstScreenCache/frameKey(forFileAt:context:executable:)``). Each test forges the stored
/// frame with a marker and records every byte kith writes to the terminal, to see whether the
/// stored frame was drawn, and that kith's own frame replaced it.
@Suite(.serialized) struct FirstFrameE2ETests {
    static let marker = "STAND-IN FRAME"

    /// A demo file opened once (which stores its first frame), and that frame.
    struct Setup {
        let dir = try! TempDir()
        var file: String { dir.path("network.plist") }
        var env: [String: String] { ["XDG_CACHE_HOME": dir.path("cache")] }
        var cache: FirstScreenCache { FirstScreenCache(directory: dir.path("cache/kith")) }
        var firstScreen = ""

        init() throws {
            #expect(try kith(["demo"], file: file).status == 0)
            let tmux = try TmuxSession(["--file", file], env: env)
            firstScreen = try tmux.waitFor("Nurture (")
            try tmux.send("q") // waits for the history, then for the frame's write
            #expect(try tmux.exitStatus() == 0)
        }

        /// The stored frame, and its key.
        func stored() throws -> (key: FirstScreenCache.FrameKey, frame: Canvas) {
            let (key, bytes) = try #require(cache.storedFrame(for: file))
            return (key, try #require(Canvas(bytes: bytes)))
        }

        /// Stores the frame again with the marker in its status line, under the same key.
        func forge() throws {
            var (key, frame) = try stored()
            frame.text(FirstFrameE2ETests.marker, x: 1, y: frame.height - 1, role: .status)
            cache.saveFrame(frame.bytes, key: key, for: file)
        }

        /// The stored frame is one of `contacts` with `name`, for the file as it is now (another
        /// key than `before`'s, the same size), and the next launch draws it first, then the
        /// same screen of its own.
        func expectTheNextLaunchDrawsAFrameFor(_ contacts: Int, with name: String, storedBefore before: (key: FirstScreenCache.FrameKey, frame: Canvas),
                                               sourceLocation: SourceLocation = #_sourceLocation) throws {
            let after = try stored()
            #expect(after.key != before.key, sourceLocation: sourceLocation)
            #expect(after.frame.width == before.frame.width && after.frame.height == before.frame.height, sourceLocation: sourceLocation)
            #expect(after.frame.text.contains("Contacts (\(contacts))") && after.frame.text.contains(name), sourceLocation: sourceLocation)
            try forge()
            let (screen, written) = try launch()
            let drawnFirst = written.contains(FirstFrameE2ETests.marker) // (bound first: a failure would print every byte)
            #expect(drawnFirst, sourceLocation: sourceLocation)
            #expect(FirstFrameE2ETests.trimmed(screen) == FirstFrameE2ETests.trimmed(after.frame.text), sourceLocation: sourceLocation)
        }

        /// Launches kith recording its output, waits for its own first screen, quits; returns
        /// the screen and what kith wrote.
        func launch(_ env: [String: String] = [:], width: Int = 100) throws -> (screen: String, written: String) {
            let log = dir.path("output-\(UUID()).log")
            let tmux = try TmuxSession(["--file", file], width: width, env: self.env.merging(env) { $1 }, recordTo: log)
            let deadline = Date().addingTimeInterval(15)
            var screen = ""
            repeat {
                Thread.sleep(forTimeInterval: 0.05)
                screen = try tmux.screen()
            } while Date() < deadline && !(screen.contains("Nurture (") && !screen.contains(FirstFrameE2ETests.marker))
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
            return (screen, String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: log))) ?? Data(), as: UTF8.self))
        }
    }

    /// Lines without trailing blanks, and without the blank lines at the end.
    static func trimmed(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            String(line.reversed().drop { $0 == " " }.reversed())
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    @Test func aLaunchDrawsTheStoredFrameFirstThenItsOwnOverIt() throws {
        let s = try Setup()
        let real = try s.stored().frame
        #expect(Self.trimmed(real.text) == Self.trimmed(s.firstScreen)) // the frame the first launch drew

        try s.forge()
        let (screen, written) = try s.launch()
        let drawnFirst = written.contains(Self.marker) // (bound first: a failure would print every byte)
        #expect(drawnFirst)
        #expect(!screen.contains(Self.marker)) // …then replaced by the file's own frame
        #expect(Self.trimmed(screen) == Self.trimmed(s.firstScreen))
        #expect(try s.stored().frame == real) // and that frame is stored again
    }

    /// A session that changes the file stores, as it quits, the frame a launch on the saved file
    /// draws: the next launch finds it under the saved file's key, and it is that launch's own.
    @Test func aSessionThatSavesStoresTheFrameOfTheNextLaunch() throws {
        let s = try Setup()
        let before = try s.stored()
        let tmux = try TmuxSession(["--file", s.file], env: s.env)
        try tmux.waitFor("Contacts (40)")
        try tmux.send("a")
        try tmux.waitFor("Add a contact")
        try tmux.type("Aaron Early")
        try tmux.send("Enter")
        try tmux.waitFor("Contacts (41)")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)
        try s.expectTheNextLaunchDrawsAFrameFor(41, with: "Aaron Early", storedBefore: before)
    }

    /// A subcommand's save on a file the dashboard is used on stores the frame the next launch
    /// draws, at the size of the frame stored before.
    @Test func aSubcommandsSaveStoresTheFrameOfTheNextLaunch() throws {
        let s = try Setup()
        let before = try s.stored()
        #expect(try kith(["add", "contact", "Aaron Early"], file: s.file, env: s.env).status == 0)
        try s.expectTheNextLaunchDrawsAFrameFor(41, with: "Aaron Early", storedBefore: before)

        // Where the dashboard has never been opened, a subcommand stores no frame.
        let other = s.dir.path("other.plist")
        #expect(try kith(["add", "contact", "Nobody Looks"], file: other, env: s.env).status == 0)
        #expect(!FileManager.default.fileExists(atPath: s.cache.frameFile(for: other)))
    }

    /// A frame drawn for another day, or for a terminal of another size, is not drawn.
    @Test func aFrameForAnotherDayOrSizeIsNotDrawn() throws {
        let s = try Setup()
        try s.forge()
        let nextDay = try s.launch(["KITH_NOW": "2026-12-01"])
        let drawnNextDay = nextDay.written.contains(Self.marker)
        #expect(!drawnNextDay)
        #expect(nextDay.screen.contains("Tue 01 Dec 2026"))

        try s.forge() // the next day's frame now, which the launch above stored
        let wider = try s.launch(["KITH_NOW": "2026-12-01"], width: 120)
        let drawnWider = wider.written.contains(Self.marker)
        #expect(!drawnWider)
        #expect(try s.stored().frame.width == 120)
    }
}
