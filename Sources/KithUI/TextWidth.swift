#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// glibc's `wcwidth`, which Swift's Glibc module does not export (it hides behind
/// `_XOPEN_SOURCE`). ncurses measures with the same function, so kith and the terminal agree.
@_silgen_name("wcwidth")
private func c_wcwidth(_ c: Int32) -> Int32

/// Terminal column widths and safe display of text that came from a user or an import.
public enum TextWidth {
    /// `wcwidth` needs a UTF-8 character type; without one every non-ASCII character is -1.
    /// Done once, before the first width is asked for.
    private static let localeReady: Bool = {
        let current = setlocale(LC_CTYPE, nil).map { String(cString: $0) } ?? "C"
        if !current.uppercased().contains("UTF-8") && !current.uppercased().contains("UTF8") {
            if setlocale(LC_CTYPE, "") == nil || !(String(cString: setlocale(LC_CTYPE, nil)).uppercased().contains("UTF")) {
                setlocale(LC_CTYPE, "C.UTF-8")
            }
        }
        return true
    }()

    /// Columns a (sanitized) character takes: 0, 1 or 2.
    public static func of(_ ch: Character) -> Int {
        if asciiValue(ch) != nil { return 1 }
        _ = localeReady
        let scalars = ch.unicodeScalars
        let first = scalars.first!
        var w = Int(c_wcwidth(Int32(bitPattern: first.value)))
        if w < 0 { w = 1 }
        if w < 2, scalars.count > 1, scalars.contains(where: { $0.value == 0xFE0F }), first.properties.isEmoji { w = 2 }
        if w == 0 { w = 1 } // a lone combining mark still takes a cell once sanitized into a cluster of its own
        return w
    }

    /// Columns a string takes.
    public static func of(_ s: some StringProtocol) -> Int { printableASCIICount(s) ?? ofCharacters(s) }

    /// Columns a string takes, measured a (sanitized) character at a time.
    static func ofCharacters(_ s: some StringProtocol) -> Int {
        var n = 0
        for ch in s { n += of(safe(ch)) }
        return n
    }

    /// The length of `s` when it is all printable ASCII, which shows as it is at a column a byte;
    /// else nil. Most of what a frame shows is, and walking its characters instead cost about
    /// 500 instructions each (grapheme breaking, `safe`, `wcwidth`): a third of a first frame.
    public static func printableASCIICount(_ s: some StringProtocol) -> Int? {
        // (b &- 0x20 >= 0x5F: below 0x20, or 0x7F and above.)
        if let counted = s.utf8.withContiguousStorageIfAvailable({ bytes -> Int? in
            for b in bytes where b &- 0x20 >= 0x5F { return nil }
            return bytes.count
        }) { return counted }
        for b in s.utf8 where b &- 0x20 >= 0x5F { return nil }
        return s.utf8.count
    }

    /// `s` in exactly `width` columns: padded with spaces, or cut with "…".
    public static func padded(_ s: String, to width: Int) -> String {
        let w = of(s)
        if w <= width { return s + String(repeating: " ", count: width - w) }
        var out = ""
        var used = 0
        for ch in s {
            let cw = of(safe(ch))
            if used + cw > width - 1 { break }
            out.append(ch)
            used += cw
        }
        return out + "…" + String(repeating: " ", count: max(0, width - 1 - used))
    }

    /// `ch.asciiValue` (CR LF is LF), without comparing strings: the standard one compares the
    /// character with "\r\n" as strings, and the first such comparison of a non-ASCII character
    /// makes metadata from its mangled name, scanning every conformance record of the static
    /// binary (about 0.2 ms of a launch whose first screen holds a "ë", in `perf`).
    @inline(__always) static func asciiValue(_ ch: Character) -> UInt32? {
        var scalars = ch.unicodeScalars.makeIterator()
        guard let first = scalars.next()?.value, first < 0x80 else { return nil }
        guard let second = scalars.next()?.value else { return first }
        return first == 0x0D && second == 0x0A && scalars.next() == nil ? 0x0A : nil
    }

    /// The character as it may be shown: control characters become their visible pictures (␛ for
    /// ESC), and bidi overrides and other invisible format characters become U+FFFD, so nothing a
    /// contact holds can move the cursor, retitle the window or reorder the line.
    public static func safe(_ ch: Character) -> Character {
        if let a = asciiValue(ch) {
            if a >= 0x20 && a < 0x7F { return ch }
            if a == 0x7F { return "\u{2421}" }
            return Character(Unicode.Scalar(0x2400 + a)!)
        }
        for (i, s) in ch.unicodeScalars.enumerated() {
            let v = s.value
            if v < 0x20 { return Character(Unicode.Scalar(0x2400 + v)!) }
            if v == 0x7F { return "\u{2421}" }
            if (0x80...0x9F).contains(v) { return "\u{FFFD}" }
            if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) || v == 0x200E || v == 0x200F || v == 0x061C {
                return "\u{FFFD}"
            }
            if i == 0, s.properties.generalCategory == .format { return "\u{FFFD}" }
            if (0xE000...0xF8FF).contains(v) || v == 0xFFFE || v == 0xFFFF { return "\u{FFFD}" }
        }
        return ch
    }
}
