import Foundation

/// Where each record of an array sits, by id: an open-addressing table of positions that reads
/// the ids from the array itself.
///
/// A `[UUID: Int]` keeps a copy of every id next to its position, 24 bytes a slot; at 500,000
/// interactions that index alone was about 30 MB. This one keeps 4 bytes a slot and compares
/// with the record's own id. The hash is seeded at random for each index, so that ids chosen to
/// collide (an imported file's, say) cannot make lookups slow; the first-screen cache stores the
/// contacts' index with its seed (``write(to:)``), so a launch from it builds none.
struct PositionIndex: Sendable {
    /// Position + 1 per slot; 0 is empty. Half full at most.
    private var slots: [Int32] = []
    private var count = 0

    private let seed: UInt64

    init() { seed = UInt64.random(in: 0...UInt64.max) }

    /// An index of `items`; throws ``ChangeError/duplicateID(_:_:)`` (with `what`) for a repeated id.
    init<R: RecordIDs>(_ items: R, what: String) throws {
        self.init()
        reserve(items.count, in: items)
        // By index: `enumerated()` copied each record out (a contact's dozen strings retained
        // and released, most of this index's time at 100,000 contacts).
        for i in 0..<items.count where !insert(items.recordID(at: i), at: i, in: items) {
            throw ChangeError.duplicateID(what, items.recordID(at: i))
        }
    }

    @inline(__always) private func hash(_ id: UUID) -> Int {
        let (lo, hi) = withUnsafeBytes(of: id.uuid) {
            ($0.loadUnaligned(as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        }
        var h = (lo ^ seed) &* 0x9E37_79B9_7F4A_7C15
        h = (h ^ hi ^ (h >> 32)) &* 0xFF51_AFD7_ED55_8CCD
        return Int(truncatingIfNeeded: h ^ (h >> 29))
    }

    /// The position of the record with `id` in `items` (the array this index was built for).
    func position<R: RecordIDs>(of id: UUID, in items: R) -> Int? {
        guard !slots.isEmpty else { return nil }
        let mask = slots.count - 1
        var s = hash(id) & mask
        while true {
            let p = Int(slots[s])
            if p == 0 { return nil }
            if items.recordID(at: p - 1) == id { return p - 1 }
            s = (s + 1) & mask
        }
    }

    /// Records that `id` sits at `position`; false (and nothing changes) when it is already
    /// there. `items` holds every record before `position`.
    @discardableResult
    mutating func insert<R: RecordIDs>(_ id: UUID, at position: Int, in items: R) -> Bool {
        if (count + 1) * 2 > slots.count { reserve(count + 1, in: items) }
        let mask = slots.count - 1
        var s = hash(id) & mask
        while slots[s] != 0 {
            if items.recordID(at: Int(slots[s]) - 1) == id { return false }
            s = (s + 1) & mask
        }
        slots[s] = Int32(position + 1)
        count += 1
        return true
    }

    /// Forgets the records at `gone` (ascending positions; `items` still holds every record),
    /// then moves each later position back by as many as were forgotten before it, as the array
    /// will once they are removed from it. Nothing is rehashed: at 500,000 interactions building
    /// the index again took about 40 ms, this takes one pass over the slots.
    mutating func remove<R: RecordIDs>(positions gone: [Int], in items: R) {
        guard let first = gone.first, !slots.isEmpty else { return }
        for p in gone { forget(items.recordID(at: p), at: p, in: items) }
        // The last ones gone: nothing after them moves.
        guard first < items.count - gone.count else { return }
        for s in slots.indices where Int(slots[s]) > first + 1 {
            slots[s] -= Int32(gone.countBelow(Int(slots[s]) - 1))
        }
    }

    /// Forgets `id`, the record at `position`, and moves back the records after its slot in
    /// its run that would no longer be found past the hole (linear probing keeps no tombstones).
    /// `items` holds the record at every position the table holds.
    private mutating func forget<R: RecordIDs>(_ id: UUID, at position: Int, in items: R) {
        let mask = slots.count - 1
        var hole = hash(id) & mask
        while slots[hole] != 0 && Int(slots[hole]) != position + 1 { hole = (hole + 1) & mask }
        guard slots[hole] != 0 else { return }
        slots[hole] = 0
        count -= 1
        var s = hole
        while true {
            s = (s + 1) & mask
            guard slots[s] != 0 else { return }
            // A record whose home lies cyclically in (hole, s] stays; any other moves into the hole.
            let home = hash(items.recordID(at: Int(slots[s]) - 1)) & mask
            let stays = hole <= s ? (hole < home && home <= s) : (hole < home || home <= s)
            if !stays {
                slots[hole] = slots[s]
                slots[s] = 0
                hole = s
            }
        }
    }

    /// Grows the table for `n` records, moving the ones it holds.
    private mutating func reserve<R: RecordIDs>(_ n: Int, in items: R) {
        var size = 8
        while size < n * 2 { size <<= 1 }
        guard size > slots.count else { return }
        let old = slots
        slots = [Int32](repeating: 0, count: size)
        let mask = size - 1
        for p in old where p != 0 {
            var s = hash(items.recordID(at: Int(p) - 1)) & mask
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = p
        }
    }
}

extension PositionIndex {
    /// Writes the index: its seed, how many records it holds, its slots. (A change to the hash
    /// must change ``FirstScreenCache``'s layout number.)
    func write(to w: inout ByteWriter) {
        w.word(seed)
        w.unsigned(UInt64(count))
        w.unsigned(UInt64(slots.count))
        for p in slots { withUnsafeBytes(of: p.littleEndian) { w.raw($0) } }
    }

    /// An index as ``write(to:)`` wrote it, for `records` records. Its shape is checked (a table
    /// of a power of two at least twice as large, holding each position once); that it finds each
    /// record is the cache's checksum's to vouch for (a lookup that misses compares the id at
    /// the position it finds, so it can only answer "none").
    init(reading r: inout ByteReader, records: Int) throws {
        seed = try r.word()
        count = try r.count()
        let size = try r.count(atLeast: 4)
        guard count == records, size >= 8, size & (size - 1) == 0, size >= 2 * count else { throw ByteReader.Damaged() }
        var seen = [Bool](repeating: false, count: count), taken = 0
        slots = try [Int32](unsafeUninitializedCapacity: size) { slots, initialized in
            let raw = UnsafeRawPointer(r.buffer.baseAddress! + r.pos)
            for k in 0..<size {
                let p = Int32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * k, as: Int32.self))
                if p != 0 {
                    guard p > 0, Int(p) <= records, !seen[Int(p) - 1] else { throw ByteReader.Damaged() }
                    seen[Int(p) - 1] = true
                    taken += 1
                }
                slots[k] = p
                initialized = k + 1
            }
        }
        guard taken == count else { throw ByteReader.Damaged() }
        r.pos += 4 * size
    }
}

/// Records whose ids a ``PositionIndex`` reads by position.
protocol RecordIDs {
    var count: Int { get }
    func recordID(at position: Int) -> UUID
}

extension Array: RecordIDs where Element: Identifiable, Element.ID == UUID {
    @inline(__always) func recordID(at position: Int) -> UUID { self[position].id }
}

extension ContactList: RecordIDs {
    @inline(__always) func recordID(at position: Int) -> UUID { id(at: position) }
}
