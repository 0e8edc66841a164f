/// The first `8 × words` bytes of a string as big-endian words, which order it as String
/// comparison does when they and the byte after them are ASCII: no later combining mark can
/// change how they compare. Sorts compare these first and whole strings only when the prefixes
/// are equal or missing (text that is not ASCII there). Each sort takes the fewest words that
/// end most of its comparisons: every word more is memory the sort walks (at 100,000 names, five
/// words instead of three made the sort 2 ms slower).
struct OrderPrefix<let words: Int>: Comparable {
    private var bytes: InlineArray<words, UInt64>

    /// The prefix of `s`; nil when one of its bytes, or the byte after them, is not ASCII.
    init?(_ s: String) {
        bytes = InlineArray(repeating: 0)
        var i = 0
        var w: UInt64 = 0
        for b in s.utf8 {
            if b >= 0x80 { return nil }
            if i == words * 8 { break }
            w |= UInt64(b) << (8 * UInt64(7 - i % 8))
            i += 1
            if i % 8 == 0 { bytes[i / 8 - 1] = w; w = 0 }
        }
        if i % 8 != 0 { bytes[i / 8] = w }
    }

    static func == (x: OrderPrefix, y: OrderPrefix) -> Bool {
        for k in 0..<words where x.bytes[k] != y.bytes[k] { return false }
        return true
    }

    static func < (x: OrderPrefix, y: OrderPrefix) -> Bool {
        for k in 0..<words where x.bytes[k] != y.bytes[k] { return x.bytes[k] < y.bytes[k] }
        return false
    }
}
