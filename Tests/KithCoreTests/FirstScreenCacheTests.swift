import Foundation
import KithHarness
import Testing
@testable import KithCore

/// The dashboard's first screen may come from a cache of the file (``FirstScreenCache``): it must
/// show exactly what reading the file shows, and never outlive a change to the file.
@Suite struct FirstScreenCacheTests {
    /// Compared without printing both sides (they are hundreds of records long).
    static func expectSame<T: Equatable>(_ a: T, _ b: T, sourceLocation: SourceLocation = #_sourceLocation) {
        if a != b {
            if let x = a as? [String], let y = b as? [String] {
                let d = zip(x, y).first { $0 != $1 }
                Issue.record("the two differ: \(x.count) vs \(y.count) \(String(describing: d))", sourceLocation: sourceLocation)
            } else { Issue.record("the two differ", sourceLocation: sourceLocation) }
        }
    }

    /// A network file with every field set, and a cache folder next to it.
    struct Setup {
        let dir = try! TempDir()
        var path: String { dir.path("network.plist") }
        var cache: FirstScreenCache { FirstScreenCache(directory: dir.path("cache")) }

        init(_ network: Network? = nil) throws {
            try NetworkDocument.create(try network ?? Fixtures.everyField(), at: dir.path("network.plist"), overwrite: false, today: Fixtures.today)
        }

        /// Opens the file as the dashboard does, reads the history, and writes the cache if the
        /// first screen did not come from it. Returns the first screen's network, whether it came
        /// from the cache, and the whole document.
        func open() throws -> (firstScreen: Network, cached: Bool, whole: NetworkDocument) {
            var (doc, history) = try NetworkDocument.openDeferringHistory(path, cache: cache)
            let firstScreen = doc.network
            let h = try #require(history)
            try doc.attachHistory(try h.load())
            h.writeCache(nameOrder: doc.rememberNameOrder(), attached: doc.network) // as the dashboard does
            return (firstScreen, h.columns != nil, doc) // (read in place from a cache, checked or brought up to date)
        }

        /// Another program renames the first contact, and the cache is forged to claim the
        /// changed file's metadata (which no real writer can produce) while it still holds the
        /// old records and the old file's fingerprint.
        func changeTheFileUnderAForgedCache() throws {
            let (records, stamp) = try #require(cache.load(for: path, matching: FileIO.status(path)!))
            var other = try NetworkDocument.open(path)
            var c = other.network.contacts[0]
            c.name = "Changed Elsewhere"
            try other.apply(.updateContact(c))
            try other.save(today: Fixtures.today)
            cache.save(records, stamp: DiskStamp(FileIO.status(path)!, fingerprint: stamp.fingerprint), for: path)
        }
    }

    /// What a first screen shows: every record but the interactions, each contact's facts, and
    /// the contacts' order by name.
    static func firstScreen(_ n: Network) -> [String] {
        ["order by name: \(n.nameOrder)"]
            + n.contacts.enumerated().map { i, c in "\(c) \(String(describing: n.lastTouch(c.id))) \(n.ledger(c.id)) \(n.nameKey(at: i))" }
            + n.events.map { "\($0)" } + n.followUps.map { "\($0)" }
            + ["\(String(describing: n.settings.myField)) \(n.settings.cadences.sorted { $0.key < $1.key }) \(n.settings.weeklyBudget)"]
    }

    @Test func aCachedFirstScreenIsTheFilesFirstScreen() throws {
        let s = try Setup()
        let fromFile = try s.open()
        #expect(!fromFile.cached)
        #expect(FileManager.default.fileExists(atPath: s.cache.file(for: s.path)))
        let fromCache = try s.open()
        #expect(fromCache.cached)
        #expect(fromCache.firstScreen.knownNameOrder != nil) // not sorted again at launch
        // Its contacts are read in place until the history arrives, then kept as values.
        #expect(fromCache.firstScreen.contacts.inColumns && !fromCache.whole.network.contacts.inColumns)
        #expect(fromCache.whole.network.nameKeys == fromFile.whole.network.nameKeys)
        #expect(fromCache.firstScreen.contacts.fieldSpellingCounts() == fromFile.firstScreen.contacts.fieldSpellingCounts())
        Self.expectSame(Self.firstScreen(fromCache.firstScreen), Self.firstScreen(fromFile.firstScreen))
        #expect(fromCache.firstScreen.contacts[5].notes == fromFile.firstScreen.contacts[5].notes)
        // Once the history is read, the two documents are the same, down to the fingerprint
        // that later saves compare the file with.
        Self.expectSame(fromCache.whole.network, fromFile.whole.network)
        #expect(try !fromCache.whole.changedOnDisk())
        Self.expectSame(fromCache.whole.network, try NetworkDocument.open(s.path).network)
    }

    @Test func aSaveFromTheDashboardRefreshesTheCache() throws {
        let s = try Setup()
        var doc = try s.open().whole
        var c = doc.network.contacts[0]
        c.name = "Renamed Before Saving"
        try doc.apply(.updateContact(c))
        try doc.apply(.addInteraction(Interaction(contacts: [c.id], date: Fixtures.today, exchange: .gave)))
        #expect(try doc.save(today: Fixtures.today) == .saved)
        let next = try s.open()
        #expect(next.cached)
        #expect(next.firstScreen.contacts[0].name == "Renamed Before Saving")
        #expect(next.firstScreen.lastTouch(c.id) == Fixtures.today)
        Self.expectSame(Self.firstScreen(next.firstScreen), Self.firstScreen(try NetworkDocument.openDeferringHistory(s.path).0.network))
        #expect(try !next.whole.changedOnDisk())
    }

    /// A file made whole (`kith demo`) comes with its cache: the first launch on it reads no XML,
    /// and shows what the file holds.
    @Test func aNewFileComesWithItsCache() throws {
        let s = try Setup()
        let other = s.dir.path("made.plist")
        try NetworkDocument.create(try Fixtures.everyField(), at: other, overwrite: false, today: Fixtures.today, cache: s.cache)
        #expect(FileManager.default.fileExists(atPath: s.cache.file(for: other)))
        let (doc, history) = try NetworkDocument.openDeferringHistory(other, cache: s.cache)
        let h = try #require(history)
        #expect(h.columns != nil && h.firstScreenMatchesFile())
        Self.expectSame(Self.firstScreen(doc.network), Self.firstScreen(try NetworkDocument.openDeferringHistory(other).0.network))
        #expect(doc.network.contacts[5].notes == (try NetworkDocument.open(other)).network.contacts[5].notes)
    }

    /// A contact the cache's rows cannot hold (a cadence beyond 32 bits): no cache is written,
    /// and every launch reads the file.
    @Test func aNetworkTheCacheCannotHoldIsReadFromTheFile() throws {
        let s = try Setup()
        var doc = try NetworkDocument.open(s.path)
        var c = doc.network.contacts[7]
        c.cadence = Int(Int32.max) + 1
        try doc.apply(.updateContact(c))
        try doc.save(today: Fixtures.today)
        let first = try s.open(), second = try s.open()
        #expect(!first.cached && !second.cached)
        #expect(!FileManager.default.fileExists(atPath: s.cache.file(for: s.path)))
        #expect(second.firstScreen.contacts[7].cadence == Int(Int32.max) + 1)
    }

    @Test func aCacheThatNoLongerMatchesTheFileIsDroppedAndTheFileRead() throws {
        let s = try Setup()
        let before = try s.open()
        try s.changeTheFileUnderAForgedCache()

        let (doc, history) = try NetworkDocument.openDeferringHistory(s.path, cache: s.cache)
        #expect(doc.network.contacts[0].name == before.firstScreen.contacts[0].name) // shown from the cache…
        let h = try #require(history)
        #expect(h.check != nil)
        #expect(throws: NetworkDocument.LoadError.self) { try h.load() } // …until the check fails
        #expect(!FileManager.default.fileExists(atPath: s.cache.file(for: s.path)))
        #expect(try s.open().firstScreen.contacts[0].name == "Changed Elsewhere")
    }

    /// A command that reports on the first screen alone (`kith due`) checks it against the file
    /// without reading the history: a cache that no longer matches says so, and is removed.
    @Test func theFirstScreenIsCheckedAgainstTheFileWithoutTheHistory() throws {
        let s = try Setup()
        #expect(try #require(NetworkDocument.openDeferringHistory(s.path, cache: s.cache).1).firstScreenMatchesFile()) // (read from the file)
        _ = try s.open()
        #expect(try #require(NetworkDocument.openDeferringHistory(s.path, cache: s.cache).1).firstScreenMatchesFile()) // (from the cache)
        try s.changeTheFileUnderAForgedCache()
        let forged = try #require(NetworkDocument.openDeferringHistory(s.path, cache: s.cache).1)
        #expect(forged.check != nil)
        #expect(!forged.firstScreenMatchesFile())
        #expect(!FileManager.default.fileExists(atPath: s.cache.file(for: s.path)))
    }

    /// The stored order by name is only taken when it is an order of these contacts; a cache
    /// whose checksum holds but whose order does not is not used.
    @Test(arguments: ["repeated", "out of range", "short"])
    func aStoredOrderThatIsNoneIsRefused(_ damage: String) throws {
        let s = try Setup()
        let fromFile = try s.open()
        var (records, stamp) = try #require(s.cache.load(for: s.path, matching: FileIO.status(s.path)!))
        var order = try #require(records.nameOrder)
        switch damage {
        case "repeated": order[1] = order[0]
        case "out of range": order[0] = order.count
        default: order.removeLast()
        }
        records.nameOrder = order
        s.cache.save(records, stamp: stamp, for: s.path)
        if damage != "short" { // (a short one is already refused when read: what follows it is off)
            #expect(s.cache.load(for: s.path, matching: FileIO.status(s.path)!)?.0.nameOrder == order)
        }
        let next = try s.open()
        let cached = next.cached // (bound first: a failure would print the whole network)
        #expect(!cached)
        Self.expectSame(Self.firstScreen(next.firstScreen), Self.firstScreen(fromFile.firstScreen))
    }

    /// A contact's rest (here its notes) that does not decode in a cache whose checksum holds:
    /// the first screen shows the rows, the history's read refuses the cache, and the file is
    /// read whole (as the dashboard does then).
    @Test func aRestThatDoesNotDecodeFailsTheHistorysRead() throws {
        let s = try Setup()
        let fromFile = try s.open()
        let file = s.cache.file(for: s.path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        let notes = Array("Runs the design guild; loves long walks.".utf8)
        let at = try #require((0...(bytes.count - notes.count)).first { bytes[$0..<$0 + notes.count].elementsEqual(notes) })
        #expect(bytes[at - 1] == UInt8(notes.count)) // its length, just before it
        bytes[at - 1] = 0x7F // longer than what is left of the contact's rest
        let body = bytes.count - 8
        let checksum = bytes.withUnsafeBufferPointer { FileFingerprint(UnsafeBufferPointer(rebasing: $0[..<body])).value }
        withUnsafeBytes(of: checksum.littleEndian) { bytes.replaceSubrange(body..., with: $0) }
        try Data(bytes).write(to: URL(fileURLWithPath: file))

        let (doc, history) = try NetworkDocument.openDeferringHistory(s.path, cache: s.cache)
        let h = try #require(history)
        #expect(h.check != nil) // shown from the cache…
        #expect(doc.network.contacts.name(at: 0) == fromFile.firstScreen.contacts[0].name)
        #expect(throws: NetworkDocument.LoadError.self) { try h.load() } // …until the history's read
        #expect(!FileManager.default.fileExists(atPath: file))
        Self.expectSame(try NetworkDocument.open(s.path).network, fromFile.whole.network)
    }

    @Test(arguments: ["flip", "truncate", "empty", "other layout"])
    func aDamagedCacheIsIgnored(_ damage: String) throws {
        let s = try Setup()
        let fromFile = try s.open()
        let file = s.cache.file(for: s.path)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        switch damage {
        case "flip": bytes[bytes.count / 2] ^= 0x20
        case "truncate": bytes.removeLast(bytes.count / 3)
        case "empty": bytes = []
        default: bytes[24] += 1 // the layout number, just after the magic line
        }
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let next = try s.open()
        #expect(!next.cached)
        Self.expectSame(Self.firstScreen(next.firstScreen), Self.firstScreen(fromFile.firstScreen))
    }

    /// A thousand damaged cache files (bytes changed, cut, inserted, noise): reading one never
    /// crashes, and only the untouched file is ever used.
    @Test func damagedCacheFilesAreNeverUsed() throws {
        let s = try Setup()
        _ = try s.open()
        let file = s.cache.file(for: s.path), st = try #require(FileIO.status(s.path))
        let original = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
        var rng = SeededGenerator(seed: 0xCAC4E)
        var used = 0
        for _ in 0..<1000 {
            var bytes = original
            let at = Int(rng.next() % UInt64(bytes.count))
            switch rng.next() % 5 {
            case 0: bytes[at] = UInt8(truncatingIfNeeded: rng.next())
            case 1: bytes.removeSubrange(at..<min(bytes.count, at + 1 + Int(rng.next() % 64)))
            case 2: bytes = Array(bytes.prefix(at))
            case 3: bytes.insert(contentsOf: (0..<1 + Int(rng.next() % 16)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }, at: at)
            default: bytes = Array(original.prefix(at)) + (0..<Int(rng.next() % 512)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            }
            try Data(bytes).write(to: URL(fileURLWithPath: file))
            if s.cache.load(for: s.path, matching: st) != nil {
                used += 1
                let untouched = bytes == original // (not printed: the file is thousands of bytes)
                #expect(untouched, "a damaged cache file was used")
            }
        }
        #expect(used <= 1000 / 5) // only where a byte was "changed" to itself
    }

    @Test func cacheFilesArePrivateAndNamedByTheNetworkFile() throws {
        let s = try Setup()
        _ = try s.open()
        let st = try #require(FileIO.status(s.cache.file(for: s.path)))
        #expect(st.st_mode & 0o777 == 0o600)
        #expect(try #require(FileIO.status(s.dir.path("cache"))).st_mode & 0o777 == 0o700)
        #expect(s.cache.file(for: s.path) != s.cache.file(for: s.dir.path("other.plist")))
        #expect(FirstScreenCache.standard(["XDG_CACHE_HOME": "/x", "HOME": "/h"]).directory == "/x/kith")
        #expect(FirstScreenCache.standard(["HOME": "/h"]).directory == "/h/.cache/kith")
    }
}
