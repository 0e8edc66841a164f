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
            try tmux.send("q") // waits for the history, then for the frames' write
            #expect(try tmux.exitStatus() == 0)
            #expect(frameCount == 8) // today's and a week ahead
        }

        /// How many frames are stored for the file.
        var frameCount: Int { cache.storedFrames(for: file).count }

        /// The frame stored for the day `ahead` days after the last launch's (today's first), and
        /// its key.
        func stored(_ ahead: Int = 0) throws -> (key: FirstScreenCache.FrameKey, frame: Canvas) {
            let (key, bytes) = try #require(cache.storedFrames(for: file).dropFirst(ahead).first)
            return (key, try #require(Canvas(bytes: bytes)))
        }

        /// Stores that frame again with the marker in its status line, under the same key; the
        /// other frames stay.
        func forge(_ ahead: Int = 0) throws {
            var frames = cache.storedFrames(for: file)
            var frame = try stored(ahead).frame
            frame.text(FirstFrameE2ETests.marker, x: 1, y: frame.height - 1, role: .status)
            frames[ahead].frame = frame.bytes
            cache.saveFrames(frames, for: file)
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
        // Once saved, while the dashboard stays open, the frames of the saved file are stored,
        // today's and the week ahead's.
        let deadline = Date().addingTimeInterval(10)
        func stored() -> Bool { s.frameCount == 8 && (try? s.stored().key) != before.key }
        while Date() < deadline && !stored() { Thread.sleep(forTimeInterval: 0.05) }
        #expect(stored())
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
        #expect(s.frameCount == 8) // today's and the week ahead's
        let thursday = try s.stored(3).frame
        #expect(thursday.text.contains("Thu 03 Dec 2026") && thursday.text.contains("Contacts (41)"))
        try s.expectTheNextLaunchDrawsAFrameFor(41, with: "Aaron Early", storedBefore: before)

        // Where the dashboard has never been opened, a subcommand stores no frame.
        let other = s.dir.path("other.plist")
        #expect(try kith(["add", "contact", "Nobody Looks"], file: other, env: s.env).status == 0)
        #expect(!FileManager.default.fileExists(atPath: s.cache.frameFile(for: other)))
    }

    /// A change made by another kith with no cache of its own (as on another machine, whose
    /// file a sync brings) shows on the next launch, which brings the cache up to date: after it,
    /// the cache matches the file again and holds the change, and a frame of it is stored.
    @Test func aChangeFromElsewhereShowsOnTheNextLaunchAndTheCacheCatchesUp() throws {
        let s = try Setup()
        let before = try s.stored()
        let elsewhere = ["XDG_CACHE_HOME": s.dir.path("elsewhere")]
        #expect(try kith(["add", "contact", "Aaron Elsewhere"], file: s.file, env: elsewhere).status == 0)
        #expect(try kith(["log", "Aaron Elsewhere", "--gave"], file: s.file, env: elsewhere).status == 0)
        let changed = try #require(FileIO.status(s.file))
        #expect(s.cache.load(for: s.file, matching: changed) == nil) // stale now
        let tmux = try TmuxSession(["--file", s.file], env: s.env)
        let screen = try tmux.waitFor("Nurture (")
        #expect(screen.contains("Contacts (41)") && screen.contains("Aaron Elsewhere"))
        try tmux.send("q") // waits for the history, then for the cache's and the frames' write
        #expect(try tmux.exitStatus() == 0)
        #expect(FileIO.status(s.file)?.st_ino == changed.st_ino) // (the launch did not write the file)
        let (records, _) = try #require(s.cache.load(for: s.file, matching: changed))
        let columns = try #require(records.contactColumns)
        let names = (0..<columns.count).map(columns.name(at:))
        #expect(columns.count == 41 && names.contains("Aaron Elsewhere"))
        let p = try #require(names.firstIndex(of: "Aaron Elsewhere"))
        #expect(columns.summary(at: p).ledger.gave == 1 && columns.span(at: p) != nil)
        try s.expectTheNextLaunchDrawsAFrameFor(41, with: "Aaron Elsewhere", storedBefore: before)
    }

    /// A launch stores the frames of the week ahead with its own: the day's first launch after a
    /// night or a weekend away draws one too, and each is the frame that day's launch draws.
    @Test func theDaysAheadHaveTheirFramesStoredToo() throws {
        let s = try Setup()
        let today = try s.stored()
        for ahead in 1...7 { #expect(try s.stored(ahead).key != today.key) }
        let thursday = try s.stored(3)
        try s.forge(3)
        let launched = try s.launch(["KITH_NOW": "2026-12-03"])
        let drawnFirst = launched.written.contains(Self.marker)
        #expect(drawnFirst)
        #expect(launched.screen.contains("Thu 03 Dec 2026"))
        #expect(Self.trimmed(launched.screen) == Self.trimmed(thursday.frame.text)) // Thursday's own frame, drawn on Monday

        // Thursday's launch stored the week from Thursday on: its frame first, and one more day.
        #expect(s.frameCount == 8)
        #expect(try s.stored().key == thursday.key && s.stored().frame == thursday.frame)
        #expect(try s.stored(4).frame.text.contains("Mon 07 Dec 2026"))
    }

    /// A launch that draws its day's frame stores nothing more, unless the days ahead are short of
    /// a week (then it stores the week from its day on).
    @Test func aLaunchTopsTheWeekUp() throws {
        let s = try Setup()
        let friday = try s.stored(4)
        _ = try s.launch(["KITH_NOW": "2026-12-04"])
        #expect(s.frameCount == 8)
        #expect(try s.stored().key == friday.key && s.stored().frame == friday.frame)
        let file = s.cache.frameFile(for: s.file)
        let written = try #require(FileIO.status(file)).st_mtim
        _ = try s.launch(["KITH_NOW": "2026-12-04"]) // its frame first of a whole week: nothing to store
        let again = try #require(FileIO.status(file)).st_mtim
        #expect(again.tv_sec == written.tv_sec && again.tv_nsec == written.tv_nsec)
    }

    /// A frame drawn for another day, or for a terminal of another size, is not drawn.
    @Test func aFrameForAnotherDayOrSizeIsNotDrawn() throws {
        let s = try Setup()
        for ahead in 0...7 { try s.forge(ahead) }
        let dayAfterTheWeek = try s.launch(["KITH_NOW": "2026-12-08"])
        let drawnThen = dayAfterTheWeek.written.contains(Self.marker)
        #expect(!drawnThen)
        #expect(dayAfterTheWeek.screen.contains("Tue 08 Dec 2026"))

        try s.forge() // that day's frame now, which the launch above stored
        let wider = try s.launch(["KITH_NOW": "2026-12-08"], width: 120)
        let drawnWider = wider.written.contains(Self.marker)
        #expect(!drawnWider)
        #expect(try s.stored().frame.width == 120)
    }
}
