import Foundation

extension Network {
    /// The contacts' positions by folded name (``nameKeys``), equal names by id: the dashboard's
    /// first order and `kith list`'s.
    ///
    /// Sorting 100,000 names takes about 30 ms, so a made order is kept (``rememberNameOrder()``)
    /// until a contact changes, and the first-screen cache stores it.
    public var nameOrder: [Int] { knownNameOrder ?? Self.sortByName(keys: nameKeys, contacts: contacts) }

    /// ``nameOrder``, kept for the next time it is asked for (until a contact changes).
    public mutating func rememberNameOrder() -> [Int] {
        if let known = knownNameOrder { return known }
        let order = nameOrder
        knownNameOrder = order
        return order
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

    /// The sort itself. A key's first 24 bytes as three big-endian words order it as String
    /// comparison does when they and the byte after them are ASCII (no later combining mark can
    /// change how they compare); nearly every comparison ends there (with 16 bytes, names that
    /// share a first name, initial and surname went on to compare whole strings: a third of the
    /// sort at 100,000 demo contacts). Ids compare as their bytes, which orders them as their
    /// text does (hex digits in order, dashes in fixed places) without making the text.
    static func sortByName(keys: [String], contacts: [Contact]) -> [Int] {
        struct Prefix: Comparable {
            var a: UInt64, b: UInt64, c: UInt64
            static func < (x: Prefix, y: Prefix) -> Bool { (x.a, x.b, x.c) < (y.a, y.b, y.c) }
        }
        let prefixes = keys.map { key -> Prefix? in
            var words: (UInt64, UInt64, UInt64) = (0, 0, 0), i = 0
            for b in key.utf8 {
                if b >= 0x80 { return nil }
                if i == 24 { break }
                let shift = 8 * UInt64(7 - i % 8)
                switch i / 8 {
                case 0: words.0 |= UInt64(b) << shift
                case 1: words.1 |= UInt64(b) << shift
                default: words.2 |= UInt64(b) << shift
                }
                i += 1
            }
            return Prefix(a: words.0, b: words.1, c: words.2)
        }
        let ids = contacts.map(\.id.orderKey)
        return keys.indices.sorted { a, b in
            if let pa = prefixes[a], let pb = prefixes[b], pa != pb { return pa < pb }
            return keys[a] != keys[b] ? keys[a] < keys[b] : ids[a] < ids[b]
        }
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
