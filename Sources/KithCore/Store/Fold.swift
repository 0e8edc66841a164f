import Foundation

/// Case- and diacritic-folded search keys: "Zoë Ångström" → "zoe angstrom".
public enum Fold {
    /// The folded form of `text`. ASCII text (most names) is lowered byte by byte; anything else
    /// goes through Foundation's folding, which knows every diacritic.
    public static func key(_ text: String) -> String {
        var ascii = true
        for b in text.utf8 where b >= 0x80 { ascii = false; break }
        if ascii {
            var bytes = Array(text.utf8)
            for i in bytes.indices where bytes[i] >= 65 && bytes[i] <= 90 { bytes[i] += 32 }
            return String(decoding: bytes, as: UTF8.self)
        }
        return text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }
}
