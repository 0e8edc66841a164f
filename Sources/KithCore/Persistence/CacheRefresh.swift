import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Bringing a first-screen cache up to date after the network file changed outside kith (a sync
/// from another machine, an editor), without reading the whole file again.
///
/// The cache keeps each contact's element as a ``ByteSpan``, and the bytes before and after the
/// contacts' array. Walking the changed file's contacts, a row whose bytes the file still holds
/// at the place reached (their length and hash match) is kept as it is; any other contact is
/// parsed. When the bytes around the array are the ones the cache recorded, its events,
/// follow-ups and settings are kept too; otherwise they are read again. The interactions are
/// not read. A touch logged on another machine changes one contact's element: the first part of
/// a 10,000-contact file is then hashed instead of parsed.
extension FirstScreenCache {
    /// A cache brought up to date: what reading its file would give (the stamp's fingerprint
    /// not yet taken), and the spans of the file to store with it once the history is read.
    struct Refreshed {
        let records: NetworkRecords
        let stamp: DiskStamp
        let spans: [ByteSpan]
        let around: (before: ByteSpan, after: ByteSpan)
    }

    /// The first-screen records of `file` (the network file at `path`, as just opened), from the
    /// cache file there and the records `file` still holds as it recorded them, its contacts read
    /// in place from the cache (with those parsed anew). Nil, leaving the old cache file, when
    /// there is none, or it cannot serve (damaged, or from an older kith), or the file is not one
    /// kith reads this way, or more than an eighth of its contacts changed (a full read is then
    /// as quick).
    func refresh(for path: String, from file: FileBytes) -> Refreshed? {
        guard let cacheFile = try? FileIO.map(self.file(for: path), patchable: true) else { return nil }
        // The file's pages are mapped on the other core while this one opens the old cache (10
        // ms at 100,000 contacts), up to a little past where its history started: the walk
        // below then reads them at memory speed.
        let prefetch = Self.historyStart(in: cacheFile).flatMap { file.prefetch(upTo: $0 + $0 / 64) }
        defer { prefetch?.cancel() }
        guard let (old, _) = try? Self.decode(cacheFile, matching: nil),
              let columns = old.contactColumns, let oldOrder = old.nameOrder, let oldIndex = old.contactIndex,
              let oldAround = columns.aroundContacts
        else { return nil }
        var match = ContactMatch()
        let allowed = max(64, columns.count / 8)
        let bytes = file.buffer
        var before: ByteSpan?, after: Int?
        var records: NetworkRecords
        do {
            records = try NetworkCodec.decodeRecords(bytes, deferHistory: true, readContacts: { r, version in
                before = ByteSpan(stretch: UnsafeBufferPointer(rebasing: bytes[..<r.pos]))
                match = try NetworkCodec.matchContacts(&r, against: columns, version: version, misses: allowed)
                after = r.pos
                // The rest up to the history as the cache recorded it: its records are the cache's.
                let end = r.pos + oldAround.after.count
                if before == oldAround.before, end <= bytes.count,
                   ByteSpan(stretch: UnsafeBufferPointer(rebasing: bytes[r.pos..<end])) == oldAround.after { throw SameAfterContacts(historyStart: end) }
            })
        } catch let same as SameAfterContacts {
            records = NetworkRecords()
            (records.version, records.events, records.followUps, records.settings) = (old.version, old.events, old.followUps, old.settings)
            records.deferredInteractions = same.historyStart..<bytes.count
            records.deferredToEnd = true
        } catch { return nil }
        guard records.version == NetworkCodec.formatVersion, records.deferredToEnd, let history = records.deferredInteractions,
              let before, let after, let read = try? match.readColumns()
        else { return nil }
        let around = (before, ByteSpan(stretch: UnsafeBufferPointer(rebasing: bytes[after..<history.lowerBound])))
        let sources = match.sources
        // The order by name and the id index stay when every row keeps its id and name key.
        var sameRows = sources.count == columns.count
        for (p, source) in sources.enumerated() where sameRows {
            switch source {
            case .kept(let k): sameRows = k == p
            case .read(let i): sameRows = read.id(at: i) == columns.id(at: p) && read.nameKey(at: i) == columns.nameKey(at: p)
            }
        }
        let order: [Int], index: PositionIndex
        if sameRows {
            (order, index) = (oldOrder, oldIndex)
        } else {
            var keys: [String] = [], ids: [UUID] = []
            keys.reserveCapacity(sources.count); ids.reserveCapacity(sources.count)
            for source in sources {
                switch source {
                case .kept(let k): keys.append(columns.nameKey(at: k)); ids.append(columns.id(at: k))
                case .read(let i): keys.append(read.nameKey(at: i)); ids.append(read.id(at: i))
                }
            }
            guard let i = try? PositionIndex(IDList(ids: ids), what: "contact") else { return nil }
            (order, index) = (Network.sortByName(keys: keys, contacts: IDList(ids: ids)), i)
        }
        // The rows: the old ones where every row stays in place (a parsed contact's row is
        // written over the one it replaces, in this process's copy of the mapped cache), else new
        // ones, copied in runs.
        let rows: UnsafeMutableRawPointer, rowsFile: FileBytes?
        let size = ContactColumns.rowSize
        let inPlace = sources.count == columns.count && sources.indices.allSatisfy { p in
            if case .kept(let k) = sources[p] { k == p } else { true }
        }
        if inPlace {
            (rows, rowsFile) = (UnsafeMutableRawPointer(mutating: columns.rows), nil)
        } else {
            var made = Bytes(expected: sources.count * size)
            var p = 0
            while p < sources.count {
                var n = 1
                if case .kept(let k) = sources[p] {
                    while p + n < sources.count, sources[p + n] == .kept(k + n) { n += 1 }
                    made.append(UnsafeBufferPointer(start: (columns.rows + k * size).assumingMemoryBound(to: UInt8.self), count: n * size))
                } else {
                    made.append(UnsafeBufferPointer(start: (columns.rows).assumingMemoryBound(to: UInt8.self), count: size)) // (written below)
                }
                p += n
            }
            let file = made.file()
            (rows, rowsFile) = (UnsafeMutableRawPointer(mutating: file.buffer.baseAddress!), file)
        }
        for (p, source) in sources.enumerated() {
            guard case .read(let i) = source else { continue }
            let row = rows + p * size
            row.copyMemory(from: read.rows + i * size, byteCount: size)
            guard (try? ContactColumns.movePlaces(ofRowAt: row, pastThoseOf: columns)) != nil else { return nil }
        }
        (records.contactColumns, records.nameOrder, records.contactIndex) = (
            ContactColumns(refreshing: columns, rows: rows, count: sources.count, added: read, keeping: rowsFile), order, index)
        // The fingerprint of the file up to its history is taken as the cache is written, after
        // the history is read (``NetworkDocument/DeferredHistory/writeCache(nameOrder:attached:)``).
        let stamp = DiskStamp(file.stat, fingerprint: FileFingerprint(value: 0, count: history.lowerBound))
        return Refreshed(records: records, stamp: stamp, spans: match.spans, around: around)
    }
}

/// Bytes gathered for a ``FileBytes`` that owns them (a refresh's parsed contacts, and its rows
/// when they moved), in an anonymous mapping whose pages are made at once (`MAP_POPULATE`):
/// growing an array, and faulting its pages in one by one, took about a quarter of a refresh
/// that made a whole cache file this way.
struct Bytes {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0
    private(set) var count = 0

    /// Room for about `expected` bytes (more are taken as they come).
    init(expected: Int) { grow(to: expected) }

    private mutating func grow(to wanted: Int) {
        let page = FileBytes.pageSize
        let size = max(wanted, 1) / page * page + page
        let p = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0)
        guard let p, p != MAP_FAILED else { fatalError("out of memory for \(size) bytes") }
        if let base {
            p.copyMemory(from: base, byteCount: count)
            munmap(base, capacity)
        }
        (base, capacity) = (p, size)
    }

    mutating func append(_ b: UnsafeBufferPointer<UInt8>) {
        guard let from = b.baseAddress, !b.isEmpty else { return }
        if count + b.count > capacity { grow(to: max(capacity * 2, count + b.count)) }
        (base! + count).copyMemory(from: from, byteCount: b.count)
        count += b.count
    }

    /// Gives the memory back, when no file is made of it.
    func discard() { if let base { munmap(base, capacity) } }

    /// The bytes, owned by the file from now on.
    func file() -> FileBytes { FileBytes(anonymous: base!, count: count, mapping: capacity) }
}

/// How the contacts' walk stops a refresh's read when the rest up to the history is unchanged.
private struct SameAfterContacts: Error {
    let historyStart: Int
}

/// Ids by position, for an index or an order made before the contacts are.
private struct IDList: RecordIDs {
    let ids: [UUID]
    var count: Int { ids.count }
    func recordID(at position: Int) -> UUID { ids[position] }
}

/// Where each contact of a changed file comes from.
enum ContactSource: Equatable {
    /// The old cache's row, unchanged.
    case kept(Int)
    /// The contact parsed from the file, by its place among those parsed.
    case read(Int)
}

/// The contacts of a changed file, as ``NetworkCodec/matchContacts(_:against:version:misses:)``
/// found them.
struct ContactMatch {
    var sources: [ContactSource] = []
    /// Every contact's element, in file order.
    var spans: [ByteSpan] = []
    var read: [Contact] = []
    var summaries: [ContactSummary] = []

    /// Adds a later part of the walk (its parsed contacts after these).
    mutating func append(_ later: ContactMatch) {
        let shift = read.count
        sources.append(contentsOf: later.sources.map { if case .read(let i) = $0 { .read(i + shift) } else { $0 } })
        spans.append(contentsOf: later.spans)
        read.append(contentsOf: later.read)
        summaries.append(contentsOf: later.summaries)
    }

    /// The contacts parsed, as columns of their own (read from memory).
    func readColumns() throws -> ContactColumns {
        var w = ByteWriter(), bytes = Bytes(expected: 64 << 10 + read.count * 2048)
        func keep(_ b: UnsafeBufferPointer<UInt8>) { bytes.append(b) }
        do {
            try ContactColumns.encode(read, summaries: summaries, keys: read.map { Fold.key($0.name) }, spans: [], around: nil,
                                      into: &w, chunk: 1 << 18, to: keep)
            try w.flush(ifOver: 0, to: keep)
        } catch {
            bytes.discard()
            throw error
        }
        let file = bytes.file()
        return try ContactColumns(file: file, at: 0, count: read.count, within: file.buffer.count)
    }
}

extension NetworkCodec {
    /// Too many contacts differ from the cache's for keeping its rows to be worth it.
    struct TooManyChanges: Error {}

    /// Reads the contacts' array at `r`, keeping each of `old`'s rows whose element the file
    /// holds at the place reached and parsing every other contact; throws ``TooManyChanges``
    /// past `misses` parsed.
    ///
    /// Rows are tried in order from the one after the last kept, three at a time, so that a
    /// contact changed, added or removed costs one parse and nothing after it is lost. A long
    /// array's second half is walked by a helper thread (``SplitWalk``).
    static func matchContacts(_ r: inout PlistReader, against old: ContactColumns, version: Int, misses: Int) throws -> ContactMatch {
        var m = ContactMatch()
        m.sources.reserveCapacity(old.count)
        m.spans.reserveCapacity(old.count)
        let open = try r.nextTag()
        guard open.tag == .array, !open.closing else { throw r.fail("expected <array>, found \(r.describe(open))", at: open.at) }
        if open.empty { return m }
        var helper = SplitWalk.start(in: r.base, after: r.pos, old: old, version: version, misses: misses)
        defer { helper?.cancel() }
        var next = 0 // the old row expected next
        while true {
            // Where the helper started, with the row it started from expected: its walk is this
            // one's from there.
            if let h = helper, case let at = try r.peek().at, at >= h.start {
                helper = nil
                if at == h.start, next == h.row, let (later, end) = h.finish() {
                    guard m.read.count + later.read.count <= misses else { throw TooManyChanges() }
                    m.append(later)
                    r.pending = nil
                    r.pos = end
                    return m
                }
                h.cancel()
            }
            guard try walkStep(&r, &m, &next, old: old, version: version, misses: misses) else { return m }
        }
    }

    /// One step of the walk: the element at `r` kept or parsed into `m`; false once the array
    /// has ended.
    static func walkStep(_ r: inout PlistReader, _ m: inout ContactMatch, _ next: inout Int, old: ContactColumns, version: Int,
                         misses: Int) throws -> Bool {
        let base = r.base
        let t = try r.peek()
        if t.tag == .array, t.closing { _ = try r.nextTag(); return false }
        if t.tag == .dict, !t.closing {
            for k in next..<min(next + 3, old.count) {
                guard let s = old.span(at: k), t.at + s.count <= base.count, endsWithDict(base, at: t.at + s.count),
                      ByteSpan(element: UnsafeBufferPointer(rebasing: base[t.at..<(t.at + s.count)])) == s else { continue }
                r.pending = nil
                r.pos = t.at + s.count
                m.sources.append(.kept(k))
                m.spans.append(s)
                next = k + 1
                return true
            }
        }
        guard m.read.count < misses else { throw TooManyChanges() }
        r.push(index: m.sources.count)
        let (c, summary) = try decodeContact(&r, version: version)
        r.pop()
        m.sources.append(.read(m.read.count))
        m.spans.append(ByteSpan(element: UnsafeBufferPointer(rebasing: base[t.at..<r.pos])))
        m.read.append(c)
        m.summaries.append(summary ?? ContactSummary())
        return true
    }

    /// Whether the bytes before `end` are `</dict>`.
    fileprivate static func endsWithDict(_ base: UnsafeBufferPointer<UInt8>, at end: Int) -> Bool {
        guard end >= 7 else { return false }
        let tail: StaticString = "</dict>"
        for k in 0..<7 where base[end - 7 + k] != tail.utf8Start[k] { return false }
        return true
    }
}

/// A helper thread that walks the second half of a long contacts' array while the reader walks
/// the first (as ``SplitArray`` decodes one).
///
/// It starts where the old cache's middle row is: kith writes one element a line, so that row's
/// element is found where the rows before it (and a line break and two tabs each) end if they did
/// not change length, or a few hundred bytes off. Its walk is used only if the reader arrives
/// exactly there expecting that row, so the result is the reader's own walk's.
final class SplitWalk: @unchecked Sendable {
    /// Where the helper started, and the old row found there.
    let start: Int, row: Int
    private let base: UnsafeBufferPointer<UInt8>
    private var thread: HelperThread<(match: ContactMatch, end: Int)>?

    /// Arrays with fewer rows are walked by one thread.
    static var minimumRows: Int { 4096 }

    private init(start: Int, row: Int, base: UnsafeBufferPointer<UInt8>) { (self.start, self.row, self.base) = (start, row, base) }

    static func start(in base: UnsafeBufferPointer<UInt8>, after arrayOpen: Int, old: ContactColumns, version: Int, misses: Int) -> SplitWalk? {
        guard old.count >= minimumRows, Processors.online > 1 else { return nil }
        let row = old.count / 2
        var guess = arrayOpen + 3 // "\n\t\t" before the first element
        for k in 0..<row {
            guard let s = old.span(at: k) else { return nil }
            guess += s.count + 3
        }
        guard let s = old.span(at: row) else { return nil }
        // The row's element at the guess, or at an element start near it.
        func holds(_ at: Int) -> Bool {
            at >= 0 && at + s.count <= base.count && NetworkCodec.endsWithDict(base, at: at + s.count)
                && ByteSpan(element: UnsafeBufferPointer(rebasing: base[at..<(at + s.count)])) == s
        }
        var found: Int?
        if holds(guess) { found = guess } else {
            let from = max(arrayOpen, guess - 512), to = min(base.count, guess + 512)
            var at = from
            while found == nil, let line = SplitArray<Int>.find("\n\t\t<dict>", in: base, from: at, to: to) {
                if holds(line + 3) { found = line + 3 }
                at = line + 1
            }
        }
        guard let found else { return nil }
        let helper = SplitWalk(start: found, row: row, base: base)
        helper.thread = HelperThread.start { thread in helper.run(old: old, version: version, misses: misses, thread) }
        return helper
    }

    /// The helper's walk, and where the array ended; nil when it stopped short (or met what the
    /// reader will then meet itself).
    private func run(old: ContactColumns, version: Int, misses: Int,
                     _ thread: HelperThread<(match: ContactMatch, end: Int)>) -> (match: ContactMatch, end: Int)? {
        var r = PlistReader(base)
        r.pos = start
        var next = row, match = ContactMatch()
        do {
            while !thread.shouldStop, try NetworkCodec.walkStep(&r, &match, &next, old: old, version: version, misses: misses) {}
        } catch {
            return nil // (the reader walks these bytes itself and meets what is wrong)
        }
        return thread.shouldStop ? nil : (match, r.pos)
    }

    /// Waits for the helper: its walk, and where the array ended, if it walked to the end.
    func finish() -> (match: ContactMatch, end: Int)? { thread?.finish() }

    /// Stops the helper and waits for it.
    func cancel() { thread?.cancel() }
}
