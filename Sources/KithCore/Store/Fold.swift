import Foundation

/// Case- and diacritic-folded search keys: "Zoë Ångström" → "zoe angstrom".
public enum Fold {
    /// How Foundation folds each character of U+0080–U+00FF on its own: written out, since
    /// making it with Foundation, at the first fold of a launch, scanned every conformance record
    /// of the static binary on the way (about 0.2 ms, in `perf`). U+0080–U+00BF fold to
    /// themselves but µ, which folds to μ. `keysAreFoundationsFolds` holds this to Foundation's.
    private static let latin1: [[UInt8]] = (0x80...0xBF).map { $0 == 0xB5 ? Array("μ".utf8) : [0xC2, UInt8($0)] } + [
        "a", "a", "a", "a", "a", "a", "æ", "c", "e", "e", "e", "e", "i", "i", "i", "i", // À–Ï
        "ð", "n", "o", "o", "o", "o", "o", "×", "ø", "u", "u", "u", "u", "y", "þ", "ss", // Ð–ß
        "a", "a", "a", "a", "a", "a", "æ", "c", "e", "e", "e", "e", "i", "i", "i", "i", // à–ï
        "ð", "n", "o", "o", "o", "o", "o", "÷", "ø", "u", "u", "u", "u", "y", "þ", "y", // ð–ÿ
    ].map { Array($0.utf8) }

    private static func foundation(_ text: String) -> String {
        text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }

    /// The folded form of `text`. ASCII is lowered byte by byte, and Latin-1's characters (most
    /// accented names: "Zoë", "Ångström", "Renée") take the fold Foundation gives each alone;
    /// anything else, a combining mark included, goes through Foundation's folding of the whole
    /// text, which knows every diacritic. Foundation's folding was about 2,000 instructions a
    /// name, a twelfth of reading a contact from the file.
    public static func key(_ text: String) -> String { latin1Key(text) ?? foundation(text) }

    /// `text` folded a character at a time, when it is all ASCII and Latin-1; else nil.
    private static func latin1Key(_ text: String) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var bytes = text.utf8.makeIterator()
        while let b = bytes.next() {
            if b < 0x80 {
                out.append(b >= 65 && b <= 90 ? b + 32 : b)
                continue
            }
            // U+0080–U+00FF are two bytes, 0xC2 or 0xC3 and a continuation (Strings are valid UTF-8).
            guard b == 0xC2 || b == 0xC3, let next = bytes.next() else { return nil }
            out.append(contentsOf: latin1[(Int(b & 0x1F) << 6 | Int(next & 0x3F)) - 0x80])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
