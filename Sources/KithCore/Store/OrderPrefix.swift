/// The first bytes of a string as big-endian words, which order it as String comparison does
/// when they and the byte after them are ASCII: no later combining mark can change how they
/// compare. Sorts compare these first and whole strings only when the prefixes are equal or
/// missing (text that is not ASCII there).
struct OrderPrefix: Comparable {
    private var words: (UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0)

    /// The most bytes a prefix holds.
    static let capacity = 40

    /// The prefix of the first `length` bytes of `s` (at most ``capacity``); nil when one of
    /// them, or the byte after them, is not ASCII.
    init?(_ s: String, length: Int) {
        precondition(length <= Self.capacity)
        var i = 0
        var w: UInt64 = 0
        for b in s.utf8 {
            if b >= 0x80 { return nil }
            if i == length { break }
            w |= UInt64(b) << (8 * UInt64(7 - i % 8))
            i += 1
            if i % 8 == 0 { set(i / 8 - 1, w); w = 0 }
        }
        if i % 8 != 0 { set(i / 8, w) }
    }

    private mutating func set(_ k: Int, _ w: UInt64) {
        switch k {
        case 0: words.0 = w
        case 1: words.1 = w
        case 2: words.2 = w
        case 3: words.3 = w
        default: words.4 = w
        }
    }

    static func == (x: OrderPrefix, y: OrderPrefix) -> Bool { x.words == y.words }
    static func < (x: OrderPrefix, y: OrderPrefix) -> Bool { x.words < y.words }
}
