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

    /// The same, of a string's UTF-8.
    init?(utf8: some Sequence<UInt8>) {
        var b = Builder()
        _ = b.take(utf8)
        guard let made = b.prefix else { return nil }
        self = made
    }

    /// The same, of a string made of three parts, without making it.
    init?(utf8 a: some Sequence<UInt8>, _ b: some Sequence<UInt8>, _ c: some Sequence<UInt8>) {
        var builder = Builder()
        _ = builder.take(a) && builder.take(b) && builder.take(c)
        guard let made = builder.prefix else { return nil }
        self = made
    }

    private init(bytes: InlineArray<words, UInt64>) { self.bytes = bytes }

    /// Takes a string's bytes, part by part, up to the byte after the prefix.
    private struct Builder {
        var bytes = InlineArray<words, UInt64>(repeating: 0)
        var i = 0, w: UInt64 = 0
        var refused = false, full = false

        /// Takes the bytes of the next part; false once the prefix is refused or complete.
        mutating func take(_ utf8: some Sequence<UInt8>) -> Bool {
            for b in utf8 {
                if b >= 0xC4 || b == 0xC0 || b == 0xC1 { refused = true; return false } // (C2 and C3 lead U+0080 to U+00FF)
                if i == words * 8 { full = true; return false }
                w |= UInt64(b) << (8 * UInt64(7 - i % 8))
                i += 1
                if i % 8 == 0 { bytes[i / 8 - 1] = w; w = 0 }
            }
            return true
        }

        var prefix: OrderPrefix? {
            guard !refused else { return nil }
            var made = bytes
            if i % 8 != 0 { made[i / 8] = w }
            return OrderPrefix(bytes: made)
        }
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
