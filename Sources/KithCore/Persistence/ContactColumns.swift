import Foundation

/// The contacts of a first-screen cache file, read in place from the mapped file.
///
/// What the first screen's lists read of every contact sits in one fixed-width row per contact
/// (id, circle, cadence, birthday, snooze, when added, where met, last touch and ledger, and
/// where its name, name key, field and needs are in a block of text). The rest of a contact
/// (company, role, tags, emails, phones, offers, notes, how met) is decoded only when the whole
/// contact is asked for. Making every contact a value first — a dozen strings and arrays each —
/// was most of a launch from the cache: 81 of 122 ms at 100,000 contacts (session 7's trace).
///
/// Every row is checked when the file is opened (``init(file:at:count:within:)``), so the accessors
/// trust what they read; a rest that does not decode makes ``materialize()`` throw.
struct ContactColumns: @unchecked Sendable {
    /// Keeps the mapped cache file alive as long as anything reads it.
    private let file: FileBytes
    /// Keeps what a refresh made alive (``init(refreshing:rows:count:added:keeping:)``).
    private let alsoKept: [FileBytes]
    let rows: UnsafeRawPointer
    private let text: UnsafeBufferPointer<UInt8>
    private let rest: UnsafeBufferPointer<UInt8>
    /// Text and rests of contacts a refresh parsed: places past `text`'s and `rest`'s end are
    /// theirs.
    private let addedText: UnsafeBufferPointer<UInt8>, addedRest: UnsafeBufferPointer<UInt8>
    /// The bytes around the contacts' array, then each contact's element, in the network file
    /// (``ByteSpan``: a 4-byte length and an 8-byte hash each), or nothing when the records
    /// came without them.
    private let spans: UnsafeRawBufferPointer
    let count: Int
    /// Where the sections end in the cache file: what follows them is read by the caller.
    let end: Int

    // MARK: - The row

    static let rowSize = 112
    enum At {
        static let id = 0, metAt = 16
        static let name = 32, key = 40, field = 48, needs = 56 // each: UInt32 offset, UInt32 length
        static let rest = 64 // UInt32: where the contact's rest starts (its length is at `restLength`)
        static let cadence = 68, snoozed = 72, lastTouch = 76, created = 80, year = 84 // Int32; `none` when absent
        static let ledger = 88 // four UInt32: gave, received, mutual, none
    }
    // (then at 104: UInt8 month (0: no birthday), day, circle (`noCircle` when absent), flags)
    static let month = 104, day = 105, circle = 106, flags = 107
    /// UInt32: the length of the contact's rest. (Rests are not in row order in a refreshed
    /// cache, which copies the old rests whole and adds the new ones after them.)
    static let restLength = 108
    private static let hasMetAt: UInt8 = 1
    private static let none = Int32.min
    private static let noCircle: UInt8 = 0xFF
    private static let noText = UInt32.max

    // MARK: - Writing

    /// A value that does not fit its row (a cadence or day beyond 32 bits, over 4 GB of text):
    /// the cache file is then not written.
    struct DoesNotFit: Error {}

    /// Writes the four sections for `contacts` into `w`, each after its length: rows, text,
    /// rests, and `spans` (when there is one a contact, and `around`). In passes over the
    /// contacts, handing `w` to `write` every `chunk` bytes, so that writing the cache of 100,000
    /// contacts takes no more memory than one piece (building the sections whole took about
    /// 30 MB more at the launch's peak).
    static func encode(_ contacts: [Contact], summaries: [ContactSummary], keys: [String], spans: [ByteSpan],
                       around: (before: ByteSpan, after: ByteSpan)?,
                       into w: inout ByteWriter, chunk: Int, to write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        func flush(_ w: inout ByteWriter) throws { try w.flush(ifOver: chunk, to: write) }
        func texts(_ p: Int) -> [String?] { [contacts[p].name, keys[p], contacts[p].field, contacts[p].needs] }
        func writeRest(_ c: Contact, _ w: inout ByteWriter) {
            for s in [c.company, c.role] { w.optional(s) { $0.string($1) } }
            w.strings(c.tags); w.strings(c.emails); w.strings(c.phones)
            for s in [c.offers, c.notes, c.howMet] { w.optional(s) { $0.string($1) } }
        }
        // A field's spelling is written once and shared by every row with it, so that counting
        // the fields counts places in the text (``fieldSpellingCounts()``).
        var fieldAt: [String: UInt32] = [:]
        w.unsigned(UInt64(contacts.count * rowSize))
        var textAt = 0, restAt = 0, scratch = ByteWriter(), row = [UInt8](repeating: 0, count: rowSize)
        for (p, c) in contacts.enumerated() {
            try row.withUnsafeMutableBytes { row in
                row.initializeMemory(as: UInt8.self, repeating: 0)
                func put<T: FixedWidthInteger>(_ v: T, _ at: Int) { row.storeBytes(of: v.littleEndian, toByteOffset: at, as: T.self) }
                func putSmall(_ v: Int?, _ at: Int) throws {
                    guard let v else { put(none, at); return }
                    guard let small = Int32(exactly: v), small != none else { throw DoesNotFit() }
                    put(small, at)
                }
                for (s, at) in zip(texts(p), [At.name, At.key, At.field, At.needs]) {
                    guard let s else { put(noText, at + 4); continue }
                    guard let offset = UInt32(exactly: textAt), let n = UInt32(exactly: s.utf8.count), n != noText else { throw DoesNotFit() }
                    if at == At.field, let shared = fieldAt[s] { put(shared, at); put(n, at + 4); continue }
                    if at == At.field { fieldAt[s] = offset }
                    put(offset, at); put(n, at + 4)
                    textAt += s.utf8.count
                }
                guard let rest = UInt32(exactly: restAt) else { throw DoesNotFit() }
                put(rest, At.rest)
                scratch.removeAll()
                writeRest(c, &scratch)
                put(UInt32(scratch.bytes.count), restLength)
                restAt += scratch.bytes.count
                withUnsafeBytes(of: c.id.uuid) { row.baseAddress!.copyMemory(from: $0.baseAddress!, byteCount: 16) }
                if let m = c.metAt { withUnsafeBytes(of: m.uuid) { (row.baseAddress! + At.metAt).copyMemory(from: $0.baseAddress!, byteCount: 16) } }
                let s = summaries[p], l = s.ledger
                try putSmall(c.cadence, At.cadence); try putSmall(c.snoozedUntil?.ordinal, At.snoozed)
                try putSmall(s.lastTouch?.ordinal, At.lastTouch); try putSmall(c.created.ordinal, At.created)
                try putSmall(c.birthday?.year, At.year)
                for (k, n) in [l.gave, l.received, l.mutual, l.none].enumerated() {
                    guard let n = UInt32(exactly: n) else { throw DoesNotFit() }
                    put(n, At.ledger + 4 * k)
                }
                put(UInt8(c.birthday?.month ?? 0), month); put(UInt8(c.birthday?.day ?? 0), day)
                put(c.circle.map { UInt8($0.rank) } ?? noCircle, circle)
                put(c.metAt == nil ? 0 : hasMetAt, flags)
            }
            w.raw(row)
            try flush(&w)
        }
        guard UInt32(exactly: textAt) != nil, UInt32(exactly: restAt) != nil else { throw DoesNotFit() }
        w.unsigned(UInt64(textAt))
        var fieldWritten = Set<String>()
        for p in contacts.indices {
            for (s, at) in zip(texts(p), [At.name, At.key, At.field, At.needs]) {
                guard let s, at != At.field || fieldWritten.insert(s).inserted else { continue }
                w.raw(s.utf8)
            }
            try flush(&w)
        }
        w.unsigned(UInt64(restAt))
        for c in contacts {
            writeRest(c, &w)
            try flush(&w)
        }
        try writeSpans(spans, around: around, count: contacts.count, into: &w, to: write)
    }

    static let spanSize = 12

    /// The spans' section: empty unless there is a span for each of `count` contacts and the two
    /// around them.
    static func writeSpans(_ spans: [ByteSpan], around: (before: ByteSpan, after: ByteSpan)?, count: Int, into w: inout ByteWriter,
                           to write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        guard let around, spans.count == count else { w.unsigned(0); return }
        var section = [UInt8](repeating: 0, count: (spans.count + 2) * spanSize)
        try section.withUnsafeMutableBytes { out in
            for (k, s) in ([around.before, around.after] + spans).enumerated() {
                guard let n = UInt32(exactly: s.count) else { throw DoesNotFit() }
                out.storeBytes(of: n.littleEndian, toByteOffset: k * spanSize, as: UInt32.self)
                out.storeBytes(of: s.hash.littleEndian, toByteOffset: k * spanSize + 4, as: UInt64.self)
            }
        }
        w.unsigned(UInt64(section.count))
        try w.flush(ifOver: 0, to: write)
        try section.withUnsafeBufferPointer { try write($0) }
    }

    // MARK: - Reading

    /// `old`'s text and rests, with `added`'s after them, under `count` rows at `rows` (memory
    /// `rowsFile` keeps, or `old`'s own rows patched in place). The places in rows taken from
    /// `added` must have been moved past `old`'s (``movePlaces(ofRowAt:pastThoseOf:)``).
    init(refreshing old: ContactColumns, rows: UnsafeRawPointer, count: Int, added: ContactColumns, keeping rowsFile: FileBytes?) {
        file = old.file
        alsoKept = [added.file] + (rowsFile.map { [$0] } ?? [])
        self.rows = rows
        self.count = count
        (text, rest, addedText, addedRest) = (old.text, old.rest, added.text, added.rest)
        spans = UnsafeRawBufferPointer(start: nil, count: 0)
        end = old.end
    }

    /// Moves the places a row at `row` holds in the text and rests past `old`'s, for
    /// ``init(refreshing:rows:count:added:keeping:)``; throws ``DoesNotFit`` beyond 4 GB.
    static func movePlaces(ofRowAt row: UnsafeMutableRawPointer, pastThoseOf old: ContactColumns) throws {
        guard let textShift = UInt32(exactly: old.text.count), let restShift = UInt32(exactly: old.rest.count) else { throw DoesNotFit() }
        func move(_ at: Int, _ shift: UInt32) throws {
            let v = UInt32(littleEndian: row.loadUnaligned(fromByteOffset: at, as: UInt32.self))
            let (moved, over) = v.addingReportingOverflow(shift)
            guard !over else { throw DoesNotFit() }
            row.storeBytes(of: moved.littleEndian, toByteOffset: at, as: UInt32.self)
        }
        for at in [At.name, At.key, At.field, At.needs]
        where UInt32(littleEndian: row.loadUnaligned(fromByteOffset: at + 4, as: UInt32.self)) != noText {
            try move(at, textShift)
        }
        try move(At.rest, restShift)
    }

    /// The contacts whose sections start at `offset` in `file`, checked row by row; throws
    /// ``ByteReader/Damaged`` for anything out of place.
    init(file: FileBytes, at offset: Int, count: Int, within limit: Int) throws {
        var r = ByteReader(UnsafeBufferPointer(rebasing: file.buffer[..<limit]), at: offset)
        func section() throws -> UnsafeBufferPointer<UInt8> {
            let n = try r.count()
            defer { r.pos += n }
            return UnsafeBufferPointer(rebasing: r.buffer[r.pos..<r.pos + n])
        }
        let rowBytes = try section()
        guard count <= Int(UInt32.max), rowBytes.count == count * Self.rowSize else { throw ByteReader.Damaged() }
        self.file = file
        alsoKept = []
        (addedText, addedRest) = (UnsafeBufferPointer(start: nil, count: 0), UnsafeBufferPointer(start: nil, count: 0))
        self.count = count
        rows = UnsafeRawPointer(rowBytes.baseAddress!)
        text = try section()
        rest = try section()
        let spanBytes = try section()
        guard spanBytes.isEmpty || spanBytes.count == (count + 2) * Self.spanSize else { throw ByteReader.Damaged() }
        spans = UnsafeRawBufferPointer(spanBytes)
        end = r.pos
        let textBytes = text.count, restBytes = rest.count
        for p in 0..<count {
            for at in [At.name, At.key, At.field, At.needs] {
                let (o, n) = (u32(p, at), u32(p, at + 4))
                guard n == Self.noText ? o == 0 && at != At.name && at != At.key : Int(o) + Int(n) <= textBytes else { throw ByteReader.Damaged() }
            }
            guard Int(u32(p, At.rest)) + Int(u32(p, Self.restLength)) <= restBytes, i32(p, At.created) != Self.none else {
                throw ByteReader.Damaged()
            }
            let (m, d, c) = (byte(p, Self.month), byte(p, Self.day), byte(p, Self.circle))
            guard c == Self.noCircle || Circle(rank: Int(c)) != nil, byte(p, Self.flags) & ~Self.hasMetAt == 0,
                  m == 0 ? d == 0 && i32(p, At.year) == Self.none : Birthday(year: int(p, At.year), month: Int(m), day: Int(d)) != nil
            else { throw ByteReader.Damaged() }
        }
    }

    /// The text at `o` (a place in the cache's text, or past it in the text a refresh added).
    @inline(__always) private func textBytes(_ o: Int, _ n: Int) -> UnsafeBufferPointer<UInt8> {
        o < text.count ? UnsafeBufferPointer(rebasing: text[o..<o + n]) : UnsafeBufferPointer(rebasing: addedText[(o - text.count)..<(o - text.count + n)])
    }

    @inline(__always) private func u32(_ p: Int, _ at: Int) -> UInt32 {
        UInt32(littleEndian: rows.loadUnaligned(fromByteOffset: p * Self.rowSize + at, as: UInt32.self))
    }
    @inline(__always) private func i32(_ p: Int, _ at: Int) -> Int32 {
        Int32(littleEndian: rows.loadUnaligned(fromByteOffset: p * Self.rowSize + at, as: Int32.self))
    }
    @inline(__always) private func byte(_ p: Int, _ at: Int) -> UInt8 { rows.load(fromByteOffset: p * Self.rowSize + at, as: UInt8.self) }
    @inline(__always) private func int(_ p: Int, _ at: Int) -> Int? {
        let v = i32(p, at)
        return v == Self.none ? nil : Int(v)
    }
    private func string(_ p: Int, _ at: Int) -> String? {
        let n = u32(p, at + 4)
        guard n != Self.noText else { return nil }
        let o = Int(u32(p, at))
        return String(decoding: textBytes(o, Int(n)), as: UTF8.self)
    }
    @inline(__always) private func uuid(_ p: Int, _ at: Int) -> UUID {
        let words = (rows.loadUnaligned(fromByteOffset: p * Self.rowSize + at, as: UInt64.self),
                     rows.loadUnaligned(fromByteOffset: p * Self.rowSize + at + 8, as: UInt64.self))
        return UUID(uuid: unsafeBitCast(words, to: uuid_t.self))
    }

    /// The element the contact at `p` was read from or written as, when the cache has them.
    func span(at p: Int) -> ByteSpan? { storedSpan(p + 2) }

    /// The bytes around the contacts' array in the file, when the cache has the spans.
    var aroundContacts: (before: ByteSpan, after: ByteSpan)? {
        guard let before = storedSpan(0), let after = storedSpan(1) else { return nil }
        return (before, after)
    }

    private func storedSpan(_ k: Int) -> ByteSpan? {
        guard !spans.isEmpty else { return nil }
        return ByteSpan(count: Int(UInt32(littleEndian: spans.loadUnaligned(fromByteOffset: k * Self.spanSize, as: UInt32.self))),
                        hash: UInt64(littleEndian: spans.loadUnaligned(fromByteOffset: k * Self.spanSize + 4, as: UInt64.self)))
    }

    func id(at p: Int) -> UUID { uuid(p, At.id) }
    func withNameUTF8<R>(at p: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let o = Int(u32(p, At.name))
        return body(textBytes(o, Int(u32(p, At.name + 4))))
    }
    func name(at p: Int) -> String { string(p, At.name)! }
    func nameKey(at p: Int) -> String { string(p, At.key)! }
    func field(at p: Int) -> String? { string(p, At.field) }
    func needs(at p: Int) -> String? { string(p, At.needs) }
    func cadence(at p: Int) -> Int? { int(p, At.cadence) }
    func snoozedUntil(at p: Int) -> Day? { int(p, At.snoozed).map(Day.init(ordinal:)) }
    func created(at p: Int) -> Day { Day(ordinal: Int(i32(p, At.created))) }
    func metAt(at p: Int) -> UUID? { byte(p, Self.flags) & Self.hasMetAt != 0 ? uuid(p, At.metAt) : nil }
    func circle(at p: Int) -> Circle? {
        let c = byte(p, Self.circle)
        return c == Self.noCircle ? nil : Circle(rank: Int(c))
    }
    func birthday(at p: Int) -> Birthday? {
        let m = byte(p, Self.month)
        return m == 0 ? nil : Birthday(year: int(p, At.year), month: Int(m), day: Int(byte(p, Self.day)))
    }
    func summary(at p: Int) -> ContactSummary {
        var l = Ledger()
        (l.gave, l.received) = (Int(u32(p, At.ledger)), Int(u32(p, At.ledger + 4)))
        (l.mutual, l.none) = (Int(u32(p, At.ledger + 8)), Int(u32(p, At.ledger + 12)))
        return ContactSummary(lastTouch: int(p, At.lastTouch).map(Day.init(ordinal:)), ledger: l)
    }

    /// How many rows have each field, by its spelling: counted by place in the text (the writer
    /// shares a spelling's), then each place made a string once.
    func fieldSpellingCounts() -> [String: Int] {
        var byPlace = PlaceCounts()
        for p in 0..<count where u32(p, At.field + 4) != Self.noText {
            byPlace.add(UInt64(u32(p, At.field)) << 32 | UInt64(u32(p, At.field + 4)))
        }
        var counts: [String: Int] = [:]
        byPlace.forEach { place, n in
            let o = Int(place >> 32)
            counts[String(decoding: textBytes(o, Int(place & 0xFFFF_FFFF)), as: UTF8.self), default: 0] += n
        }
        return counts
    }

    /// How often each place in the text (offset and length, never all ones) was added: a table
    /// probed by a multiplicative hash, where a Dictionary hashed each of 10,000 places through
    /// SipHash (about 250 instructions a contact, at every launch from the cache).
    private struct PlaceCounts {
        private static let empty = UInt64.max
        private var places = [UInt64](repeating: empty, count: 64), counts = [Int](repeating: 0, count: 64), used = 0

        mutating func add(_ place: UInt64, _ n: Int = 1) {
            var i = slot(of: place)
            if places[i] == Self.empty {
                if (used + 1) * 2 > places.count { grow(); i = slot(of: place) }
                places[i] = place
                used += 1
            }
            counts[i] += n
        }

        /// The slot holding `place`, or the empty one it would take.
        private func slot(of place: UInt64) -> Int {
            let mask = places.count - 1, shift = UInt64(64 - places.count.trailingZeroBitCount)
            var i = Int(truncatingIfNeeded: (place &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while places[i] != place && places[i] != Self.empty { i = (i + 1) & mask }
            return i
        }

        private mutating func grow() {
            let kept = zip(places, counts).filter { $0.0 != Self.empty }
            places = [UInt64](repeating: Self.empty, count: places.count * 2)
            counts = [Int](repeating: 0, count: places.count)
            used = 0
            for (place, n) in kept { add(place, n) }
        }

        func forEach(_ body: (UInt64, Int) -> Void) {
            for (place, n) in zip(places, counts) where place != Self.empty { body(place, n) }
        }
    }

    /// Where the rest of the contact at `p` is in the rests' section.
    func restRange(at p: Int) -> Range<Int> {
        let at = Int(u32(p, At.rest))
        return at..<at + Int(u32(p, Self.restLength))
    }

    /// The whole contact at `p`.
    func contact(at p: Int) throws -> Contact {
        let bytes = restRange(at: p)
        let all = bytes.lowerBound < rest.count ? rest : addedRest, shift = bytes.lowerBound < rest.count ? 0 : rest.count
        var r = ByteReader(UnsafeBufferPointer(rebasing: all[..<(bytes.upperBound - shift)]), at: bytes.lowerBound - shift)
        let company = try r.optional { try $0.string() }, role = try r.optional { try $0.string() }
        let tags = try r.strings(), emails = try r.strings(), phones = try r.strings()
        let offers = try r.optional { try $0.string() }, notes = try r.optional { try $0.string() }
        let howMet = try r.optional { try $0.string() }
        guard r.remaining == 0 else { throw ByteReader.Damaged() }
        return Contact(id: id(at: p), name: name(at: p), company: company, role: role, field: field(at: p), circle: circle(at: p),
                       tags: tags, emails: emails, phones: phones, birthday: birthday(at: p), cadence: cadence(at: p),
                       needs: needs(at: p), offers: offers, notes: notes, howMet: howMet, metAt: metAt(at: p),
                       created: created(at: p), snoozedUntil: snoozedUntil(at: p))
    }

    /// The contact at `p` as the first screen shows it: whole, or, when its rest does not decode,
    /// what the row holds (the history's read then finds the damage, and the file is read whole).
    func shownContact(at p: Int) -> Contact {
        (try? contact(at: p)) ?? Contact(id: id(at: p), name: name(at: p), field: field(at: p), circle: circle(at: p),
                                         birthday: birthday(at: p), cadence: cadence(at: p), needs: needs(at: p),
                                         metAt: metAt(at: p), created: created(at: p), snoozedUntil: snoozedUntil(at: p))
    }

    /// Every contact as a value, with its name key: what the network keeps once its history is
    /// read (off the input thread). The cache file's pages are handed back after: the first
    /// screen's network reads them until the values replace it, and faults in what it still reads.
    func materialize() throws -> (contacts: [Contact], nameKeys: [String]) {
        var contacts: [Contact] = [], keys: [String] = []
        contacts.reserveCapacity(count); keys.reserveCapacity(count)
        for p in 0..<count {
            contacts.append(try contact(at: p))
            keys.append(nameKey(at: p))
        }
        file.handBack()
        return (contacts, keys)
    }
}
