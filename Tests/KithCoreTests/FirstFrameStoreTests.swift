import Foundation
import KithHarness
import Testing
@testable import KithCore

/// A stored first frame is shown before the file is read, so it must only ever come back for
/// the file, the executable and the context it was drawn from (``FirstScreenCache/frameKey(forFileAt:context:executable:)``).
@Suite struct FirstFrameStoreTests {
    typealias Setup = FirstScreenCacheTests.Setup
    let frame: [UInt8] = Array("a frame's cells".utf8) + [0, 1, 0x80, 0xff]
    let context = "today=2026-11-30 weights=…"

    @Test func aFrameComesBackForTheSameFileExecutableAndContextOnly() throws {
        let s = try Setup()
        let doc = try s.open().whole
        // Stored under the key of the file as the dashboard read it; looked up by the next launch
        // from the file as it is on disk.
        let key = try #require(s.cache.frameKey(for: doc, context: context))
        #expect(s.cache.frameKey(forFileAt: s.path, context: context) == key)
        s.cache.saveFrame(frame, key: key, for: s.path)
        #expect(s.cache.loadFrame(for: s.path, key: key) == frame)
        #expect(try #require(FileIO.status(s.cache.frameFile(for: s.path))).st_mode & 0o777 == 0o600)

        let tomorrow = try #require(s.cache.frameKey(forFileAt: s.path, context: "today=2026-12-01 weights=…"))
        #expect(s.cache.loadFrame(for: s.path, key: tomorrow) == nil)
        let otherProgram = try #require(s.cache.frameKey(forFileAt: s.path, context: context, executable: "/bin/sh"))
        #expect(s.cache.loadFrame(for: s.path, key: otherProgram) == nil)
        #expect(s.cache.frameKey(forFileAt: s.dir.path("missing.plist"), context: context) == nil)
        #expect(s.cache.frameFile(for: s.path) != s.cache.frameFile(for: s.dir.path("other.plist")))
        #expect(s.cache.frameFile(for: s.path) != s.cache.file(for: s.path))

        // Any save changes the file's metadata, and with it the key.
        var other = try NetworkDocument.open(s.path)
        try other.apply(.addInteraction(Interaction(contacts: [other.network.contacts[0].id], date: Fixtures.today, exchange: .gave)))
        try other.save(today: Fixtures.today)
        let afterSave = try #require(s.cache.frameKey(forFileAt: s.path, context: context))
        #expect(afterSave != key)
        #expect(s.cache.loadFrame(for: s.path, key: afterSave) == nil)
    }

    /// One file holds a frame for each of several contexts (the dashboard's days ahead); each
    /// comes back under its own key only, and a save replaces them all.
    @Test func severalFramesComeBackEachUnderTheirOwnKey() throws {
        let s = try Setup()
        let doc = try s.open().whole
        let days = ["2026-11-30", "2026-12-01", "2026-12-02"]
        let keys = try days.map { try #require(s.cache.frameKey(for: doc, context: "today=\($0) weights=…")) }
        s.cache.saveFrames(zip(keys, days).map { ($0, frame + Array($1.utf8)) }, for: s.path)
        for (key, day) in zip(keys, days) { #expect(s.cache.loadFrame(for: s.path, key: key) == frame + Array(day.utf8)) }
        #expect(s.cache.anyFrame(for: s.path) == frame + Array(days[0].utf8))

        s.cache.saveFrame(frame, key: keys[2], for: s.path)
        #expect(s.cache.loadFrame(for: s.path, key: keys[0]) == nil)
        #expect(s.cache.loadFrame(for: s.path, key: keys[2]) == frame)
    }

    /// Bytes changed, cut or added: the checksum refuses the file, and reading never crashes.
    @Test func aDamagedFrameFileIsNeverUsed() throws {
        let s = try Setup()
        let key = try #require(s.cache.frameKey(for: try s.open().whole, context: context))
        s.cache.saveFrame(frame, key: key, for: s.path)
        let file = s.cache.frameFile(for: s.path)
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        var rng = SeededGenerator(seed: 0xF4A3E)
        for _ in 0..<300 {
            var bytes = original
            let at = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 3 {
            case 0: bytes[at] ^= UInt8(1 + rng.next() % 255)
            case 1: bytes = Array(bytes.prefix(at))
            default: bytes.insert(UInt8(truncatingIfNeeded: rng.next()), at: at)
            }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            #expect(s.cache.loadFrame(for: s.path, key: key) == nil)
        }
    }

    /// A cache found not to match its file (the history's check) takes the frame with it: both
    /// were made from what the dashboard showed.
    @Test func aStaleCacheTakesItsFrameWithIt() throws {
        let s = try Setup()
        _ = try s.open()
        try s.changeTheFileUnderAForgedCache() // and the frame too:
        let key = try #require(s.cache.frameKey(forFileAt: s.path, context: context))
        s.cache.saveFrame(frame, key: key, for: s.path)

        let (_, history) = try NetworkDocument.openDeferringHistory(s.path, cache: s.cache)
        #expect(throws: NetworkDocument.LoadError.self) { try #require(history).load() }
        #expect(s.cache.loadFrame(for: s.path, key: key) == nil)
        #expect(!FileManager.default.fileExists(atPath: s.cache.frameFile(for: s.path)))
    }
}
