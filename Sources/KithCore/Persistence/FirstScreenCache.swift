import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A disposable copy of what the dashboard's first screen reads from a network file — every
/// record but the interactions, with the summaries, name keys and order by name — in a compact
/// binary layout that is read without parsing XML. The contacts are columns read in place from
/// the mapped file (``ContactColumns``); the events and follow-ups are decoded. 10,000 contacts:
/// 2.7 MB, opened in under 1 ms, against the 9 MB of XML before the interactions in about 15
/// (`make bench`).
///
/// The network file stays the only store: a cache file is only ever used for the exact file it
/// was made from, and is checked twice.
/// - Before use: the file's metadata (device, inode, size, modification and change times to the
///   nanosecond) must equal what the cache recorded — the same test kith trusts to skip hashing
///   when it looks for outside changes — and the cache's own checksum must hold.
/// - After the first screen: the history's read hashes the file's first part and compares it
///   with the fingerprint the cache recorded. Every key but a move through the first screen
///   waits for that read, and the network refuses changes and saves until then; on a mismatch
///   the file is read whole and replaces what was shown, and the cache file and the stored
///   first frame are removed.
///
/// A file whose metadata no longer matches (changed outside kith) has the cache brought up to
/// date instead: only what the file still holds byte for byte, as the cache recorded it, is
/// taken from the cache (``refresh(for:from:)``).
///
/// A cache file is written from a first-screen read of the file or a refresh (after its history
/// was read too), and by every save of a document that has the cache (the dashboard's and the
/// subcommands', and the new file of `kith demo`), from the records it wrote. Anything unusual
/// (an unreadable or damaged cache, a folder that cannot be written) only means a slower start.
public struct FirstScreenCache: Sendable {
    /// The folder holding one cache file per network file.
    public let directory: String

    public init(directory: String) { self.directory = directory }

    /// `$XDG_CACHE_HOME/kith`, else `~/.cache/kith`.
    public static func standard(_ env: [String: String] = ProcessEnvironment.current) -> FirstScreenCache {
        FirstScreenCache(directory: BaseDirectory.cache.path(env) + "/kith")
    }

    /// The cache file for the network file at `path`.
    public func file(for path: String) -> String { directory + "/first-screen-" + name(for: path) }

    /// What names the files kept for the network file at `path`: a hash of its absolute path.
    func name(for path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return String(Array((absolute as NSString).standardizingPath.utf8).withUnsafeBufferPointer { FileFingerprint($0).value }, radix: 16)
    }

    /// The records of the network file at `path`, when a cache file matches `stat` (the file as
    /// just opened), and the stamp the cache recorded (its fingerprint covers the file up to the
    /// interactions).
    func load(for path: String, matching stat: Glibc.stat) -> (NetworkRecords, DiskStamp)? {
        guard let cache = try? FileIO.map(file(for: path)) else { return nil }
        return try? Self.decode(cache, matching: stat)
    }

    /// Writes the cache file for `path`: `records` as a first-screen read of the file `stamp`
    /// describes would give them. Failures are ignored (the cache is only a shortcut).
    func save(_ records: NetworkRecords, stamp: DiskStamp, for path: String) {
        var records = records
        if let columns = records.contactColumns { // records this cache gave (tests rewrite them)
            guard let (contacts, keys) = try? columns.materialize() else { return }
            let order = records.nameOrder
            records.contacts = contacts
            (records.summaries, records.nameKeys, records.nameOrder) = (contacts.indices.map(columns.summary(at:)), keys, order)
            (records.contactSpans, records.aroundContacts) = (contacts.indices.compactMap(columns.span(at:)), columns.aroundContacts)
        }
        guard records.deferredToEnd, records.version == NetworkCodec.formatVersion,
              records.summaries.count == records.contacts.count else { return }
        var checksum = FileFingerprint.Accumulator()
        _ = try? FileIO.writeAtomically(to: file(for: path), durable: false) { write in
            try Self.encode(records, stamp: stamp) { bytes in
                checksum.add(bytes)
                try write(bytes)
            }
            var trailer = ByteWriter()
            trailer.word(checksum.finish().value)
            try trailer.bytes.withUnsafeBufferPointer { try write($0) }
        }
    }

    /// Removes the cache file and the first frames for `path` (they no longer matched the file).
    func remove(for path: String) {
        unlink(file(for: path))
        unlink(frameFile(for: path))
    }

    // MARK: - The layout

    private static let magic = Array("kith first-screen cache\n".utf8)
    /// Changes whenever the layout below does, or what ``Network/nameOrder`` means; an older
    /// cache file is then ignored. (3: the contacts as ``ContactColumns``; 7: with each rest's
    /// length and the spans of the file they were read from.)
    private static let layout: UInt64 = 7

    /// Header (magic, layout, format version, the file's stamp, where its history starts), the
    /// contacts' columns (``ContactColumns``: rows, text and rests, each after its length), the
    /// order by name, the contacts' id index (``PositionIndex``), the other records, then an 8-byte
    /// checksum of everything before it.
    private static func encode(_ r: NetworkRecords, stamp: DiskStamp, to write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        let chunk = 1 << 18
        var w = ByteWriter(capacity: chunk + chunk / 4)
        func flush(ifOver n: Int) throws { try w.flush(ifOver: n, to: write) }
        w.raw(magic)
        w.unsigned(layout)
        w.int(r.version)
        for v in [Int(stamp.device), Int(stamp.inode), Int(stamp.size), stamp.mtimeSec, stamp.mtimeNsec, stamp.ctimeSec, stamp.ctimeNsec] { w.int(v) }
        w.word(stamp.fingerprint.value)
        w.int(stamp.fingerprint.count)
        w.unsigned(UInt64(stamp.fingerprint.cuts.count))
        for c in stamp.fingerprint.cuts { w.int(c) }
        w.int(r.deferredInteractions?.lowerBound ?? 0)

        w.unsigned(UInt64(r.contacts.count))
        let keys = r.nameKeys.count == r.contacts.count ? r.nameKeys : r.contacts.map { Fold.key($0.name) }
        try ContactColumns.encode(r.contacts, summaries: r.summaries, keys: keys, spans: r.contactSpans, around: r.aroundContacts,
                                  into: &w, chunk: chunk, to: write)
        for i in r.nameOrder ?? Network.sortByName(keys: keys, contacts: r.contacts) {
            w.unsigned(UInt64(i))
            try flush(ifOver: chunk)
        }
        try PositionIndex(r.contacts, what: "contact").write(to: &w)
        try flush(ifOver: chunk)
        w.unsigned(UInt64(r.events.count))
        for e in r.events { encode(e, &w); try flush(ifOver: chunk) }
        w.unsigned(UInt64(r.followUps.count))
        for f in r.followUps { encode(f, &w); try flush(ifOver: chunk) }
        w.optional(r.settings.myField) { $0.string($1) }
        let cadences = r.settings.cadences.sorted { $0.key < $1.key }
        w.unsigned(UInt64(cadences.count))
        for (circle, days) in cadences { w.int(Circle.allCases.firstIndex(of: circle)!); w.int(days) }
        w.word(r.settings.weeklyBudget.bitPattern)
        try flush(ifOver: 0)
    }

    /// The records, when the header matches `stat` (any file's, when nil) and the checksum
    /// holds; nil for a cache file of another file or layout.
    static func decode(_ file: FileBytes, matching stat: Glibc.stat?) throws -> (NetworkRecords, DiskStamp)? {
        guard let body = body(of: file) else { return nil }
        var r = ByteReader(body, at: magic.count)
        guard let (stamp, historyStart) = try header(&r) else { return nil }
        if let stat { guard stamp.sameMetadata(stat) else { return nil } }
        var records = NetworkRecords()
        records.version = NetworkCodec.formatVersion
        records.deferredInteractions = historyStart..<Int(stamp.size)
        records.deferredToEnd = true

        let n = try r.count(atLeast: ContactColumns.rowSize)
        let columns = try ContactColumns(file: file, at: r.pos, count: n, within: body.count)
        r.pos = columns.end
        var order: [Int] = []
        order.reserveCapacity(n)
        for _ in 0..<n { order.append(Int(truncatingIfNeeded: try r.unsigned())) }
        records.contactColumns = columns
        records.nameOrder = order
        records.contactIndex = try PositionIndex(reading: &r, records: n)
        for _ in 0..<(try r.count(atLeast: 20)) { records.events.append(try decodeEvent(&r)) }
        for _ in 0..<(try r.count(atLeast: 20)) { records.followUps.append(try decodeFollowUp(&r)) }
        records.settings.myField = try r.optional { try $0.string() }
        for _ in 0..<(try r.count()) {
            let c = try r.int(), days = try r.int()
            guard Circle.allCases.indices.contains(c) else { throw ByteReader.Damaged() }
            records.settings.cadences[Circle.allCases[c]] = days
        }
        records.settings.weeklyBudget = Double(bitPattern: try r.word())
        guard r.remaining == 0 else { throw ByteReader.Damaged() }
        let trailer = UnsafeRawPointer(body.baseAddress! + body.count).loadUnaligned(as: UInt64.self)
        // Hashed in place, not through `file.fingerprint`, which hands the pages back behind it:
        // the contacts are read from them.
        guard FileFingerprint(body).value == UInt64(littleEndian: trailer) else { throw ByteReader.Damaged() }
        return (records, stamp)
    }

    /// The header after the magic: the stamp of the file the cache was made from, and where that
    /// file's history started; nil for another layout or format version.
    private static func header(_ r: inout ByteReader) throws -> (stamp: DiskStamp, historyStart: Int)? {
        guard try r.unsigned() == layout, try r.int() == NetworkCodec.formatVersion else { return nil }
        var st = Glibc.stat()
        st.st_dev = UInt(bitPattern: try r.int()); st.st_ino = UInt(bitPattern: try r.int()); st.st_size = try r.int()
        st.st_mtim.tv_sec = try r.int(); st.st_mtim.tv_nsec = try r.int()
        st.st_ctim.tv_sec = try r.int(); st.st_ctim.tv_nsec = try r.int()
        let value = try r.word(), count = try r.int()
        var cuts: [Int] = []
        for _ in 0..<(try r.count()) { cuts.append(try r.int()) }
        let stamp = DiskStamp(st, fingerprint: FileFingerprint(value: value, count: count, cuts: cuts))
        let historyStart = try r.int()
        guard 0 <= count, count <= historyStart, historyStart <= Int(stamp.size) else { throw ByteReader.Damaged() }
        return (stamp, historyStart)
    }

    /// Where the history started in the file a cache file was made from, read from its header
    /// alone (the checksum is not checked: the answer is only a hint); nil when it is not one.
    static func historyStart(in file: FileBytes) -> Int? { header(of: file)?.historyStart }

    /// Whether a cache file of this layout for `path` was made from an earlier version of the
    /// file (its header's stamp against the file's metadata, the checksum not read): opening the
    /// file then brings the cache up to date, on both cores (``refresh(for:from:)``).
    public func isStale(forFileAt path: String) -> Bool {
        guard let st = FileIO.status(path), let cache = try? FileIO.map(file(for: path)),
              let stamp = Self.header(of: cache)?.stamp else { return false }
        return !stamp.sameMetadata(st)
    }

    /// The header of a cache file, without its checksum checked.
    private static func header(of file: FileBytes) -> (stamp: DiskStamp, historyStart: Int)? {
        guard let body = body(of: file) else { return nil }
        var r = ByteReader(body, at: magic.count)
        return (try? header(&r)) ?? nil
    }

    /// A cache file's bytes before its checksum, when it starts with the magic.
    private static func body(of file: FileBytes) -> UnsafeBufferPointer<UInt8>? {
        let all = file.buffer
        guard all.count >= magic.count + 8, all.starts(with: magic) else { return nil }
        return UnsafeBufferPointer(rebasing: all[..<(all.count - 8)])
    }

    private static func encode(_ e: Event, _ w: inout ByteWriter) {
        w.uuid(e.id)
        w.string(e.title)
        w.day(e.date)
        w.optional(e.time) { $0.int($1) }
        for s in [e.location, e.field] { w.optional(s) { $0.string($1) } }
        w.strings(e.tags)
        w.int(EventStatus.allCases.firstIndex(of: e.status)!)
        w.optional(e.notes) { $0.string($1) }
        w.uuids(e.met)
    }

    private static func decodeEvent(_ r: inout ByteReader) throws -> Event {
        let id = try r.uuid(), title = try r.string(), date = try r.day(), time = try r.optional { try $0.int() }
        let location = try r.optional { try $0.string() }, field = try r.optional { try $0.string() }
        let tags = try r.strings()
        let s = try r.int()
        guard EventStatus.allCases.indices.contains(s) else { throw ByteReader.Damaged() }
        let notes = try r.optional { try $0.string() }
        return Event(id: id, title: title, date: date, time: time, location: location, field: field, tags: tags,
                     status: EventStatus.allCases[s], notes: notes, met: try r.uuids())
    }

    private static func encode(_ f: FollowUp, _ w: inout ByteWriter) {
        w.uuid(f.id)
        w.optional(f.contact) { $0.uuid($1) }
        w.optional(f.event) { $0.uuid($1) }
        w.day(f.due)
        w.string(f.note)
        w.optional(f.done) { $0.day($1) }
        w.optional(f.snoozedUntil) { $0.day($1) }
    }

    private static func decodeFollowUp(_ r: inout ByteReader) throws -> FollowUp {
        let id = try r.uuid(), contact = try r.optional { try $0.uuid() }, event = try r.optional { try $0.uuid() }
        let due = try r.day(), note = try r.string()
        return FollowUp(id: id, contact: contact, event: event, due: due, note: note,
                        done: try r.optional { try $0.day() }, snoozedUntil: try r.optional { try $0.day() })
    }
}
