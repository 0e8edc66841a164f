import Foundation

extension Network {
    /// The contacts' positions by folded name (``nameKeys``), equal names by id: the dashboard's
    /// first order and `kith list`'s.
    ///
    /// Sorting 100,000 names takes about 14 ms on two threads, so a made order is kept
    /// (``rememberNameOrder()``) until a contact changes, and the first-screen cache stores it.
    public var nameOrder: [Int] {
        knownNameOrder ?? Self.sortByName(keys: contacts.inColumns ? contacts.indices.map(nameKey(at:)) : nameKeys, contacts: contacts)
    }

    /// ``nameOrder``, kept for the next time it is asked for (until a contact changes).
    public mutating func rememberNameOrder() -> [Int] {
        if let known = knownNameOrder { return known }
        let order = nameOrder
        knownNameOrder = order
        return order
    }

    /// `order`, the order by name of every contact but the one at `p`, with `p` in its place: a
    /// contact added or renamed moves one position, where sorting 100,000 names again took
    /// 14 ms of the key that saved it.
    func placing(_ p: Int, in order: [Int]) -> [Int] {
        let key = nameKeys[p], id = contacts.id(at: p).orderKey
        var (low, high) = (0, order.count)
        while low < high {
            let mid = (low + high) / 2
            let q = order[mid]
            if Self.byName(nameKeys[q], contacts.id(at: q).orderKey, precedes: key, id) { low = mid + 1 } else { high = mid }
        }
        var order = order
        order.insert(p, at: low)
        return order
    }

    /// The positions of the contacts whose folded name is `key`, in the order by name: a binary
    /// search of the kept order, else a look at every name (and those found put in order by id).
    public func positions(withNameKey key: String) -> [Int] {
        guard let order = knownNameOrder else {
            return contacts.indices.filter { nameKey(at: $0) == key }.sorted { contacts.id(at: $0).orderKey < contacts.id(at: $1).orderKey }
        }
        var (low, high) = (0, order.count)
        while low < high {
            let mid = (low + high) / 2
            if nameKey(at: order[mid]) < key { low = mid + 1 } else { high = mid }
        }
        return Array(order[low...].prefix { nameKey(at: $0) == key })
    }

    /// Keeps an order made elsewhere (the first-screen cache) when it is one: a permutation of
    /// the contacts' positions. Whether it is the order by name is the cache's checksum's to
    /// vouch for; `FirstScreenCacheTests` check that it is.
    mutating func adopt(nameOrder order: [Int]) throws {
        struct NotAPermutation: Error {}
        guard order.count == contacts.count else { throw NotAPermutation() }
        var seen = [Bool](repeating: false, count: order.count)
        for i in order {
            guard seen.indices.contains(i), !seen[i] else { throw NotAPermutation() }
            seen[i] = true
        }
        knownNameOrder = order
    }

    /// The order by name of two contacts, by folded name and id: the keys as strings, then the ids.
    @inline(__always)
    static func byName(_ key: String, _ id: (UInt64, UInt64), precedes other: String, _ otherID: (UInt64, UInt64)) -> Bool {
        key != other ? key < other : id < otherID
    }

    /// The sort itself. Keys compare by their first 24 bytes first (``OrderPrefix``, three
    /// words); nearly every comparison ends there (with 16 bytes, names that share a first name,
    /// initial and surname went on to compare whole strings: a third of the sort at 100,000 demo
    /// contacts).
    /// Ids compare as their bytes, which orders them as their text does (hex digits in order,
    /// dashes in fixed places) without making the text.
    ///
    /// From 4,096 names, the second half is sorted on a thread of its own and the halves merged,
    /// since a launch with no cache sorts before its first frame (100,000 names: 14 ms, 24 on
    /// one thread; `kith-bench`, in process).
    static func sortByName(keys: [String], contacts: some RecordIDs) -> [Int] {
        let ids = (0..<contacts.count).map { contacts.recordID(at: $0).orderKey }
        /// Past unequal prefixes: the keys as strings, then the ids.
        @Sendable func byKeyThenID(_ a: Int, _ b: Int) -> Bool { byName(keys[a], ids[a], precedes: keys[b], ids[b]) }
        /// The positions in `range`, sorted, and their keys' prefixes (indexed from its start).
        @Sendable func sorted(_ range: Range<Int>) -> (order: [Int], prefixes: [OrderPrefix<3>?]) {
            let prefixes = keys[range].map { OrderPrefix<3>($0) }
            let from = range.lowerBound
            return (range.sorted { a, b in
                if let pa = prefixes[a - from], let pb = prefixes[b - from], pa != pb { return pa < pb }
                return byKeyThenID(a, b)
            }, prefixes)
        }
        guard keys.count >= 4096, Processors.online > 1 else { return sorted(keys.indices).order }
        let half = keys.count / 2
        let second = BackgroundWork { sorted(half..<keys.count) }
        let (first, firstPrefixes) = sorted(0..<half)
        guard case .success(let (later, laterPrefixes))? = second.wait() else { return sorted(keys.indices).order }
        func precedes(_ a: Int, _ b: Int) -> Bool { // a in the first half, b in the second
            if let pa = firstPrefixes[a], let pb = laterPrefixes[b - half], pa != pb { return pa < pb }
            return byKeyThenID(a, b)
        }
        var order: [Int] = []
        order.reserveCapacity(keys.count)
        var i = 0, j = 0
        while i < first.count, j < later.count {
            if precedes(first[i], later[j]) { order.append(first[i]); i += 1 } else { order.append(later[j]); j += 1 }
        }
        order.append(contentsOf: first[i...])
        order.append(contentsOf: later[j...])
        return order
    }
}

extension UUID {
    /// The 16 bytes as two big-endian words: ordered as the bytes, and so as ``uuidString``.
    var orderKey: (UInt64, UInt64) {
        withUnsafeBytes(of: uuid) { raw in
            (UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self)),
             UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
        }
    }
}
