import Foundation
import KithHarness
import Testing
@testable import KithCore

/// A launch from the first-screen cache reads the contacts in place (``ContactColumns``): each
/// must come back exactly as written, and a row that is out of place must be refused, never read.
@Suite struct ContactColumnsTests {
    static let today = Day(iso: "2026-11-30")!

    /// Contacts at the edges of what a row holds, and the facts stored with them.
    static func edgeContacts() -> (contacts: [Contact], summaries: [ContactSummary]) {
        let event = UUID()
        var many = Ledger()
        (many.gave, many.received, many.mutual, many.none) = (Int(UInt32.max), 0, 7, 1)
        let contacts = [
            Contact(name: "Zoë Ångström", company: "Initech", role: "Researcher", field: "design", circle: .inner,
                    tags: ["a", "b c"], emails: ["z@example.com", "zoe@example.org"], phones: ["+49 30 1"],
                    birthday: Birthday(year: 1992, month: 2, day: 29), cadence: 21, needs: "a senior engineer",
                    offers: "intros", notes: "line 1\r\nline 2 🙂 \u{202E}rtl", howMet: "at the \"bar\"", metAt: event,
                    created: today - 400, snoozedUntil: today + 9),
            // Empty texts are not absent ones.
            Contact(name: "", field: "", circle: .acquaintance, tags: [""], birthday: Birthday(year: nil, month: 2, day: 29),
                    cadence: 0, needs: "", offers: "", notes: "", howMet: "", created: Day(ordinal: Int(Int32.min) + 1)),
            Contact(name: "Nobody Else", circle: nil, cadence: -3, created: Day(ordinal: Int(Int32.max))),
            Contact(name: String(repeating: "long name ", count: 50), field: "Ünïcödé", circle: .wider,
                    birthday: Birthday(year: nil, month: 12, day: 31), cadence: Int(Int32.max), created: today),
            Contact(name: "Another Designer", field: "design", circle: .close, created: today), // (shares the first's field)
        ]
        let summaries = [ContactSummary(lastTouch: today - 3, ledger: many), ContactSummary(), ContactSummary(lastTouch: Day(ordinal: -1)),
                         ContactSummary(lastTouch: today + 400), ContactSummary(lastTouch: today)]
        return (contacts, summaries)
    }

    /// The sections written for `contacts`, as bytes.
    static func sections(_ contacts: [Contact], _ summaries: [ContactSummary], spans: [ByteSpan] = [],
                         around: (before: ByteSpan, after: ByteSpan)? = nil) throws -> [UInt8] {
        var bytes: [UInt8] = [], w = ByteWriter()
        try ContactColumns.encode(contacts, summaries: summaries, keys: contacts.map { Fold.key($0.name) }, spans: spans, around: around,
                                  into: &w, chunk: 64) {
            bytes += $0
        }
        try w.flush(ifOver: 0) { bytes += $0 }
        return bytes
    }

    /// `bytes` mapped from a file, read as the sections of `count` contacts.
    static func read(_ bytes: [UInt8], count: Int, in dir: TempDir) throws -> ContactColumns {
        let path = dir.path("sections-\(UUID())")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = try #require(try FileIO.map(path))
        return try ContactColumns(file: file, at: 0, count: count, within: bytes.count)
    }

    @Test func everyFieldComesBackAsWritten() throws {
        let dir = try TempDir()
        let (contacts, summaries) = Self.edgeContacts()
        let spans = contacts.indices.map { ByteSpan(count: 900 + $0, hash: 0xDEAD_BEEF_0000 + UInt64($0)) }
        let around = (ByteSpan(count: 230, hash: 1), ByteSpan(count: 77_000, hash: 2))
        let bytes = try Self.sections(contacts, summaries, spans: spans, around: around)
        let columns = try Self.read(bytes, count: contacts.count, in: dir)
        #expect(columns.end == bytes.count)
        #expect(contacts.indices.map { columns.span(at: $0) } == spans)
        #expect(columns.aroundContacts?.before == around.0 && columns.aroundContacts?.after == around.1)
        // Without spans for every contact and around them, none are kept.
        for (s, a) in [(spans, nil), (Array(spans.dropLast()), around), ([], around)] as [([ByteSpan], (before: ByteSpan, after: ByteSpan)?)] {
            let without = try Self.read(Self.sections(contacts, summaries, spans: s, around: a), count: contacts.count, in: dir)
            #expect(without.span(at: 0) == nil && without.aroundContacts == nil)
        }
        let list = ContactList(columns)
        #expect(list.count == contacts.count)
        for (p, c) in contacts.enumerated() {
            let whole = try columns.contact(at: p)
            let same = whole == c // (bound first: a failure would print both contacts)
            #expect(same, "contact \(p)")
            #expect(list[p] == c)
            #expect(columns.summary(at: p) == summaries[p])
            #expect(columns.nameKey(at: p) == Fold.key(c.name))
            // What the first screen's lists read without making the contact.
            #expect(list.id(at: p) == c.id && list.name(at: p) == c.name && list.field(at: p) == c.field)
            #expect(list.needs(at: p) == c.needs && list.circle(at: p) == c.circle && list.cadence(at: p) == c.cadence)
            #expect(list.birthday(at: p) == c.birthday && list.snoozedUntil(at: p) == c.snoozedUntil)
            #expect(list.created(at: p) == c.created && list.metAt(at: p) == c.metAt)
        }
        #expect(columns.fieldSpellingCounts() == ["design": 2, "": 1, "Ünïcödé": 1])
        #expect(list.fieldSpellingCounts() == ContactList(contacts).fieldSpellingCounts())
        let (made, keys) = try columns.materialize()
        #expect(made == contacts)
        #expect(keys == contacts.map { Fold.key($0.name) })
    }

    /// Fields are counted by where their spelling sits in the text: many spellings, some shared
    /// by hundreds of contacts, count as the contacts do.
    @Test func manyFieldsAreCountedAsTheContactsHaveThem() throws {
        let dir = try TempDir()
        let contacts = (0..<2_000).map { i in
            Contact(name: "c\(i)", field: i % 7 == 0 ? nil : i % 3 == 0 ? "sales" : "field \(i % 400)", created: Self.today)
        }
        let bytes = try Self.sections(contacts, contacts.map { _ in ContactSummary() })
        let columns = try Self.read(bytes, count: contacts.count, in: dir)
        let counts = columns.fieldSpellingCounts()
        #expect(counts.count == 401)
        #expect(counts == ContactList(contacts).fieldSpellingCounts())
    }

    /// A value a row cannot hold stops the writing (the cache is then not written, and the
    /// launch reads the file).
    @Test(arguments: ["cadence", "created", "snooze", "year", "ledger", "last touch"])
    func aValueBeyondARowIsNotWritten(_ what: String) throws {
        var (contacts, summaries) = Self.edgeContacts()
        let big = Int(Int32.max) + 1
        switch what {
        case "cadence": contacts[0].cadence = big
        case "created": contacts[1].created = Day(ordinal: Int(Int32.min)) // (the row's mark for "none")
        case "snooze": contacts[2].snoozedUntil = Day(ordinal: -big - 5)
        case "year": contacts[0].birthday = Birthday(year: big, month: 1, day: 1)
        case "ledger": summaries[1].ledger.none = Int(UInt32.max) + 1
        default: summaries[2].lastTouch = Day(ordinal: big)
        }
        #expect(throws: ContactColumns.DoesNotFit.self) { try Self.sections(contacts, summaries) }
    }

    /// Rows whose checksum would hold but which point outside their sections, or hold values
    /// no contact has, are refused when the file is opened.
    @Test(arguments: ["name past the text", "no name", "field past the text", "circle", "month", "day", "flags",
                      "rest running past the end", "rest past the end", "no created day", "fewer rows"])
    func aRowOutOfPlaceIsRefused(_ damage: String) throws {
        let dir = try TempDir()
        let (contacts, summaries) = Self.edgeContacts()
        var bytes = try Self.sections(contacts, summaries)
        var count = contacts.count
        // The rows start after their length (one LEB128 byte here: 5 × 112 = 560 needs two).
        let rows = 2
        func put(_ v: UInt32, row: Int, at: Int) {
            withUnsafeBytes(of: v.littleEndian) { bytes.replaceSubrange(rows + row * ContactColumns.rowSize + at ..< rows + row * ContactColumns.rowSize + at + 4, with: $0) }
        }
        typealias At = ContactColumns.At
        switch damage {
        case "name past the text": put(1 << 20, row: 0, at: At.name)
        case "no name": put(0, row: 1, at: At.name); put(UInt32.max, row: 1, at: At.name + 4)
        case "field past the text": put(UInt32.max - 1, row: 3, at: At.field + 4)
        case "circle": bytes[rows + ContactColumns.circle] = 4
        case "month": bytes[rows + ContactColumns.month] = 13
        case "day": bytes[rows + ContactColumns.rowSize + ContactColumns.day] = 30 // 30 February
        case "flags": bytes[rows + ContactColumns.flags] = 3
        case "rest running past the end": put(1 << 24, row: 2, at: ContactColumns.restLength)
        case "rest past the end": put(1 << 24, row: 3, at: At.rest)
        case "no created day": put(UInt32(bitPattern: Int32.min), row: 2, at: At.created)
        default: count -= 1
        }
        #expect(throws: ByteReader.Damaged.self) { try Self.read(bytes, count: count, in: dir) }
    }
}

/// The contacts' id index travels in the first-screen cache with its seed.
@Suite struct StoredPositionIndexTests {
    static func contacts(_ n: Int) -> [Contact] { (0..<n).map { Contact(name: "c\($0)", created: ContactColumnsTests.today) } }

    static func written(_ contacts: [Contact]) throws -> [UInt8] {
        var w = ByteWriter()
        try PositionIndex(contacts, what: "contact").write(to: &w)
        return w.bytes
    }

    static func read(_ bytes: [UInt8], records: Int) throws -> PositionIndex {
        try bytes.withUnsafeBufferPointer { buffer in
            var r = ByteReader(buffer)
            let index = try PositionIndex(reading: &r, records: records)
            guard r.remaining == 0 else { throw ByteReader.Damaged() }
            return index
        }
    }

    @Test func aReadIndexFindsEveryRecordAndNoOther() throws {
        let contacts = Self.contacts(1000)
        let index = try Self.read(try Self.written(contacts), records: contacts.count)
        for (p, c) in contacts.enumerated() { #expect(index.position(of: c.id, in: contacts) == p) }
        #expect(index.position(of: UUID(), in: contacts) == nil)
        var grown = index, more = contacts // and it still grows as a built one does
        for c in Self.contacts(500) {
            let inserted = grown.insert(c.id, at: more.count, in: more)
            #expect(inserted)
            more.append(c)
        }
        for (p, c) in more.enumerated() { #expect(grown.position(of: c.id, in: more) == p) }
    }

    /// An index that is not one of as many records is refused (the seed is the first 8 bytes,
    /// then the count, the table's size and its slots, 4 bytes each).
    @Test(arguments: ["fewer records", "a position twice", "a position beyond", "a negative one", "an empty slot more",
                      "not a power of two", "too small", "cut short"])
    func anIndexOutOfShapeIsRefused(_ damage: String) throws {
        let contacts = Self.contacts(100)
        var bytes = try Self.written(contacts)
        var records = contacts.count
        let slots = 8 + 1 + 2 // 100 fits one LEB128 byte, 256 needs two
        func slot(_ k: Int) -> Int32 { bytes[slots + 4 * k ..< slots + 4 * k + 4].withUnsafeBytes { Int32(littleEndian: $0.loadUnaligned(as: Int32.self)) } }
        func set(_ k: Int, _ v: Int32) { withUnsafeBytes(of: v.littleEndian) { bytes.replaceSubrange(slots + 4 * k ..< slots + 4 * k + 4, with: $0) } }
        let full = (0..<256).filter { slot($0) != 0 }
        switch damage {
        case "fewer records": records -= 1
        case "a position twice": set(full[1], slot(full[0]))
        case "a position beyond": set(full[0], 101)
        case "a negative one": set(full[0], -1)
        case "an empty slot more": set(full[0], 0)
        case "not a power of two": bytes[9] = 0x80 | 0x7F; bytes[10] = 0x01 // 255
        case "too small": bytes.replaceSubrange(9..<11, with: [8]); bytes.removeLast(4 * 248)
        default: bytes.removeLast(3)
        }
        #expect(throws: ByteReader.Damaged.self) { try Self.read(bytes, records: records) }
    }
}
