/// The first `8 × words` bytes of a string as big-endian words, which order it as String
/// comparison does when they and the byte after them are ASCII or Latin-1 letters (U+0000 to
/// U+00FF). Swift orders strings by their scalars in normalization form C, and UTF-8 keeps scalar
/// order: those scalars are all in that form, and a combining mark after them (which would need
/// a byte from C4 on) is refused; one that composes with a letter the prefix cut in half makes a
/// scalar above U+00FF, which orders as the cut byte (C3) already does. Sorts compare these first
/// and whole strings only when the prefixes are equal or missing. Each sort takes the fewest words
/// that end most of its comparisons: every word more is memory the sort walks (at 100,000 names,
/// five words instead of three made the sort 2 ms slower).
struct OrderPrefix<let words: Int>: Comparable {
    private var bytes: InlineArray<words, UInt64>

    /// The prefix of `s`; nil when one of its bytes, or the byte after them, is not ASCII or
    /// part of a Latin-1 letter.
    init?(_ s: String) { self.init(utf8: s.utf8) }

    /// The same, of a string's UTF-8 (at least its first `8 × words + 1` bytes, when it has them).
    init?(utf8: some Sequence<UInt8>) {
        bytes = InlineArray(repeating: 0)
        var i = 0
        var w: UInt64 = 0
        for b in utf8 {
            if b >= 0xC4 || b == 0xC0 || b == 0xC1 { return nil } // (C2 and C3 lead U+0080 to U+00FF)
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
