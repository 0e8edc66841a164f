import Foundation
import KithHarness
import Testing
@testable import KithCore

/// A file changed outside kith (a sync, an editor) has its first-screen cache brought up to date
/// from the contacts it still holds byte for byte (``FirstScreenCache/refresh(for:from:)``): the
/// first screen must be exactly the one a read of the file gives, whatever the change was.
@Suite struct CacheRefreshTests {
    typealias Setup = FirstScreenCacheTests.Setup

    /// The file's bytes, as text, for edits by hand.
    static func text(_ s: Setup) throws -> String { try String(contentsOfFile: s.path, encoding: .utf8) }
    static func write(_ text: String, _ s: Setup) throws { try text.write(toFile: s.path, atomically: true, encoding: .utf8) }

    /// The range of the `n`th contact's element in `text`.
    static func contact(_ n: Int, in text: String) throws -> Range<String.Index> {
        var from = try #require(text.range(of: "<key>contacts</key>")).upperBound
        var found: Range<String.Index>?
        for _ in 0...n {
            let open = try #require(text.range(of: "\t\t<dict>", range: from..<text.endIndex))
            // A contact's element ends at the first "</dict>" at its own depth.
            let close = try #require(text.range(of: "\n\t\t</dict>", range: open.upperBound..<text.endIndex))
            found = text.index(open.lowerBound, offsetBy: 2)..<close.upperBound
            from = close.upperBound
        }
        return try #require(found)
    }

    /// Opens the changed file as the dashboard does and checks it against a plain read: the
    /// first screen, the whole network once its history is in, and that the next launch is
    /// served by the refreshed cache without a change. Returns whether the first screen was
    /// served by a (refreshed) cache.
    @discardableResult
    static func expectRefreshedRightly(_ s: Setup, sourceLocation: SourceLocation = #_sourceLocation) throws -> Bool {
        let plain = try NetworkDocument.openDeferringHistory(s.path).0.network
        let next = try s.open()
        FirstScreenCacheTests.expectSame(FirstScreenCacheTests.firstScreen(next.firstScreen), FirstScreenCacheTests.firstScreen(plain),
                                         sourceLocation: sourceLocation)
        #expect(next.firstScreen.contacts.fieldSpellingCounts() == plain.contacts.fieldSpellingCounts(), sourceLocation: sourceLocation)
        FirstScreenCacheTests.expectSame(next.whole.network, try NetworkDocument.open(s.path).network, sourceLocation: sourceLocation)
        #expect(try !next.whole.changedOnDisk(), sourceLocation: sourceLocation)
        let after = try s.open()
        #expect(after.cached, sourceLocation: sourceLocation)
        FirstScreenCacheTests.expectSame(FirstScreenCacheTests.firstScreen(after.firstScreen), FirstScreenCacheTests.firstScreen(plain),
                                         sourceLocation: sourceLocation)
        return next.cached
    }

    /// Another kith logs a touch (a contact's summary changes, an interaction is added), or
    /// changes a few records: the cache is refreshed, not dropped.
    @Test(arguments: ["touch logged", "contact added", "contact removed", "renamed", "field changed", "event added",
                      "follow-up done", "only the times", "saved by kith with a cache"])
    func aChangeByAnotherKithIsRefreshed(_ change: String) throws {
        let s = try Setup()
        _ = try s.open()
        var other = try NetworkDocument.open(s.path)
        let n = other.network
        switch change {
        case "touch logged":
            try other.apply(.addInteraction(Interaction(contacts: [n.contacts[3].id], date: Fixtures.today, exchange: .received)))
        case "contact added":
            try other.apply(.addContact(Contact(name: "Aaron Newcomer", field: "design", circle: .close, created: Fixtures.today)))
        case "contact removed": try other.apply(.deleteContact(n.contacts[10].id))
        case "renamed":
            var c = n.contacts[20]
            c.name = "Zed Renamed"
            try other.apply(.updateContact(c))
        case "field changed":
            var c = n.contacts[199]
            c.field = "a field nobody else has"
            try other.apply(.updateContact(c))
        case "event added": try other.apply(.addEvent(Event(title: "New Meetup", date: Fixtures.today + 3)))
        case "follow-up done":
            var f = try #require(n.followUps.first { $0.done == nil })
            f.done = Fixtures.today
            try other.apply(.updateFollowUp(f))
        case "only the times": break
        default:
            other.firstScreenCache = s.cache // (its save writes the cache: nothing to refresh)
            try other.apply(.addInteraction(Interaction(contacts: [n.contacts[8].id], date: Fixtures.today, exchange: .mutual)))
        }
        if change == "only the times" {
            let t = [timespec(tv_sec: 1_800_000_000, tv_nsec: 5), timespec(tv_sec: 1_800_000_000, tv_nsec: 5)]
            #expect(utimensat(AT_FDCWD, s.path, t, 0) == 0)
        } else {
            #expect(try other.save(today: Fixtures.today) == .saved)
        }
        #expect(try Self.expectRefreshedRightly(s))
    }

    /// Edits by hand that no kith makes: contacts swapped, text of another length, a contact
    /// written twice (its id then repeats: the file is read, and refused, as without a cache).
    @Test(arguments: ["swapped", "longer notes", "same length", "blank line", "last contact"])
    func anEditByHandIsRefreshed(_ edit: String) throws {
        let s = try Setup()
        _ = try s.open()
        var text = try Self.text(s)
        switch edit {
        case "swapped":
            let a = try Self.contact(4, in: text), b = try Self.contact(5, in: text)
            let first = String(text[a]), second = String(text[b])
            text.replaceSubrange(b, with: first)
            text.replaceSubrange(a, with: second)
        case "longer notes":
            text = text.replacingOccurrences(of: "Runs the design guild; loves long walks.", with: "Runs the guild &amp; the meetups, now.")
        case "same length":
            let c = try Self.contact(7, in: text)
            let edited = String(text[c]).replacingOccurrences(of: "<string>close</string>", with: "<string>inner</string>")
            text.replaceSubrange(c, with: edited)
        case "blank line":
            let c = try Self.contact(50, in: text)
            text.insert(contentsOf: "\n\n", at: c.lowerBound)
        default:
            let c = try Self.contact(199, in: text)
            text.insert(contentsOf: "\t\t<dict>\n\t\t\t<key>created</key>\n\t\t\t<string>2026-01-02</string>\n\t\t\t<key>id</key>\n\t\t\t<string>0A2F9C40-5E0B-4A4B-9E4E-3E0F1C2D3B4A</string>\n\t\t\t<key>name</key>\n\t\t\t<string>Added By Hand</string>\n\t\t</dict>\n",
                        at: text.index(after: c.upperBound))
        }
        try Self.write(text, s)
        #expect(try Self.expectRefreshedRightly(s))
    }

    /// A long array's second half is walked by a helper from where the old middle row is found
    /// (``SplitWalk``): changes before it, after it, at it, and one that moves it too far to be
    /// found, all give the file's first screen.
    @Test(arguments: ["before the middle", "after the middle", "both halves", "at the middle", "a long note before the middle", "nowhere"])
    func aLongArraysHalvesAreWalkedApart(_ change: String) throws {
        let s = try Setup(Demo.network(contacts: SplitWalk.minimumRows + 904, seed: 11, today: Fixtures.today))
        _ = try s.open()
        var other = try NetworkDocument.open(s.path)
        let n = other.network.contacts.count
        func touch(_ p: Int) throws {
            try other.apply(.addInteraction(Interaction(contacts: [other.network.contacts[p].id], date: Fixtures.today, exchange: .gave)))
        }
        switch change {
        case "before the middle": try touch(10); try touch(n / 2 - 1)
        case "after the middle": try touch(n / 2 + 1); try touch(n - 1)
        case "both halves": try touch(10); try touch(n / 2 + 5); try touch(n - 1)
        case "at the middle": try touch(n / 2)
        case "a long note before the middle":
            var c = other.network.contacts[n / 3]
            c.notes = String(repeating: "a much longer note than before ", count: 40)
            try other.apply(.updateContact(c))
        default: break
        }
        if change == "nowhere" {
            let t = [timespec(tv_sec: 1_800_000_000, tv_nsec: 7), timespec(tv_sec: 1_800_000_000, tv_nsec: 7)]
            #expect(utimensat(AT_FDCWD, s.path, t, 0) == 0)
        } else {
            try other.save(today: Fixtures.today)
        }
        #expect(try Self.expectRefreshedRightly(s))
    }

    @Test func aContactWrittenTwiceIsRefusedAsWithoutACache() throws {
        let s = try Setup()
        _ = try s.open()
        var text = try Self.text(s)
        let c = try Self.contact(9, in: text)
        text.insert(contentsOf: String(text[c]) + "\n", at: c.lowerBound)
        try Self.write(text, s)
        #expect(throws: NetworkDocument.LoadError.self) { try NetworkDocument.openDeferringHistory(s.path, cache: s.cache) }
        #expect(throws: NetworkDocument.LoadError.self) { try NetworkDocument.openDeferringHistory(s.path) }
    }

    /// When most contacts changed, the file is read as if there were no cache (parsing them one
    /// by one is no quicker), and the cache is written again from that read.
    @Test func aFileWithMostContactsChangedIsReadWhole() throws {
        let s = try Setup()
        _ = try s.open()
        try Self.write(try Self.text(s).replacingOccurrences(of: "<key>created</key>\n\t\t\t<string>2024", with: "<key>created</key>\n\t\t\t<string>2023"), s)
        #expect(try !Self.expectRefreshedRightly(s))
    }

    /// A cache from before spans were kept, or damaged: not refreshed; the file is read.
    @Test(arguments: ["no spans", "damaged"])
    func aCacheThatCannotServeIsNotRefreshed(_ kind: String) throws {
        let s = try Setup()
        _ = try s.open()
        if kind == "no spans" {
            var (records, stamp) = try #require(s.cache.load(for: s.path, matching: FileIO.status(s.path)!))
            (records.contacts, records.nameKeys) = try #require(records.contactColumns).materialize()
            records.summaries = records.contacts.indices.map { records.contactColumns!.summary(at: $0) }
            records.contactColumns = nil
            s.cache.save(records, stamp: stamp, for: s.path)
            #expect(s.cache.load(for: s.path, matching: FileIO.status(s.path)!)?.0.contactColumns?.span(at: 0) == nil)
        } else {
            let file = s.cache.file(for: s.path)
            var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            bytes[bytes.count / 3] ^= 0x01
            try Data(bytes).write(to: URL(fileURLWithPath: file))
        }
        var other = try NetworkDocument.open(s.path)
        try other.apply(.addInteraction(Interaction(contacts: [other.network.contacts[0].id], date: Fixtures.today, exchange: .gave)))
        try other.save(today: Fixtures.today)
        #expect(try !Self.expectRefreshedRightly(s))
    }

    /// The refresh pages the changed file in ahead of its walk, up to where the old file's history
    /// started, which it reads from the old cache's header alone.
    @Test func aCachesHeaderSaysWhereItsFilesHistoryStarted() throws {
        let s = try Setup()
        _ = try s.open()
        let file = try #require(try FileIO.map(s.path))
        let history = try #require(try NetworkCodec.decodeRecords(file, deferringHistory: true).deferredInteractions)
        let cacheFile = try #require(try FileIO.map(s.cache.file(for: s.path)))
        #expect(FirstScreenCache.historyStart(in: cacheFile) == history.lowerBound)
        #expect(history.lowerBound > 1000)
        #expect(FirstScreenCache.historyStart(in: file) == nil) // (the network file itself)
    }

    /// A launch asks whether opening will refresh the cache (ncurses then does not start beside
    /// the read): only when there is a cache of this layout, made from an earlier version of the file.
    @Test func aCacheIsStaleOnlyOnceItsFileChangedElsewhere() throws {
        let s = try Setup()
        #expect(!s.cache.isStale(forFileAt: s.path)) // (no cache yet)
        _ = try s.open()
        #expect(!s.cache.isStale(forFileAt: s.path))
        var other = try NetworkDocument.open(s.path)
        try other.apply(.addInteraction(Interaction(contacts: [other.network.contacts[0].id], date: Fixtures.today, exchange: .gave)))
        try other.save(today: Fixtures.today)
        #expect(s.cache.isStale(forFileAt: s.path))
        _ = try s.open() // (refreshed, and written again)
        #expect(!s.cache.isStale(forFileAt: s.path))
        try Data("kith first-screen cache\n but not of this layout".utf8).write(to: URL(fileURLWithPath: s.cache.file(for: s.path)))
        #expect(!s.cache.isStale(forFileAt: s.path))
    }

    /// The spans a save writes are the spans a read of the saved file finds, around the contacts too.
    @Test func aSaveRecordsTheSpansAReadOfTheFileFinds() throws {
        let s = try Setup()
        var doc = try s.open().whole
        doc.firstScreenCache = s.cache
        try doc.apply(.addInteraction(Interaction(contacts: [doc.network.contacts[1].id], date: Fixtures.today, exchange: .gave)))
        try doc.save(today: Fixtures.today)
        let saved = try #require(s.cache.load(for: s.path, matching: FileIO.status(s.path)!)?.0.contactColumns)
        let file = try #require(try FileIO.map(s.path))
        let read = try NetworkCodec.decodeRecords(file, deferringHistory: true)
        #expect(read.contactSpans.count == saved.count)
        #expect(read.contactSpans == (0..<saved.count).map { saved.span(at: $0)! })
        let around = try #require(read.aroundContacts), stored = try #require(saved.aroundContacts)
        #expect(around.before == stored.before && around.after == stored.after)
        #expect(around.before.count < 300 && around.after.count > 1000) // (the events and follow-ups are after)
    }
}
