import KithCore
import Testing
@testable import KithUI

/// Text takes a column a printable ASCII character, measured and drawn without walking its
/// characters; anything else is walked, sanitized and measured character by character. Both are
/// cut alike, with "…".
@Suite struct CanvasTextTests {
    @Test func printableASCIIIsMeasuredAsItsCharactersAre() {
        var rng = SeededGenerator(seed: 0xA5C11)
        let pieces = ["a", "Z", " ", "~", "!", "é", "\u{7}", "\u{7F}", "日", "e\u{301}", "\t"]
        for _ in 0..<500 {
            let s = (0..<Int(rng.next() % 12)).map { _ in pieces[Int(rng.next() % UInt64(pieces.count))] }.joined()
            let printable = s.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
            let count = TextWidth.printableASCIICount(s)
            #expect(count == (printable ? s.utf8.count : nil), "\(s.debugDescription)")
            let byCharacter = s.reduce(0) { $0 + TextWidth.of(TextWidth.safe($1)) }
            #expect(TextWidth.of(s) == byCharacter, "\(s.debugDescription)")
            #expect(TextWidth.of(s.dropFirst()) == TextWidth.of(String(s.dropFirst())), "\(s.debugDescription)")
        }
    }

    /// `safe` as it read ASCII through `asciiValue` (which has CR LF as LF), kept to compare.
    static func safeAsBefore(_ ch: Character) -> Character {
        if let a = ch.asciiValue {
            if a >= 0x20 && a < 0x7F { return ch }
            if a == 0x7F { return "\u{2421}" }
            return Character(Unicode.Scalar(0x2400 + UInt32(a))!)
        }
        return TextWidth.safe(ch)
    }

    /// Every character of U+0000–U+00FF, alone, with a combining mark, and as CR LF; bidi and
    /// format characters, private use, emoji: shown as before.
    @Test func controlCharactersAreShownAsTheirPicturesAsBefore() {
        var characters: [Character] = (0...0xFF).flatMap { v -> [Character] in
            let c = Character(Unicode.Scalar(UInt32(v))!), marked = String(c) + "\u{301}"
            return marked.count == 1 ? [c, Character(marked)] : [c] // (a control character takes no mark)
        }
        characters += ["\r\n", "\u{202E}", "\u{2066}", "\u{200F}", "\u{61C}", "\u{AD}", "\u{E000}", "\u{FFFE}", "🙂", "👩‍💻", "日", "e\u{301}"]
        for c in characters {
            #expect(TextWidth.safe(c) == Self.safeAsBefore(c), "\(String(c).unicodeScalars.map { String($0.value, radix: 16) })")
            #expect(TextWidth.asciiValue(c) == c.asciiValue.map(UInt32.init), "\(String(c).unicodeScalars.map { String($0.value, radix: 16) })")
        }
        #expect(TextWidth.of("#\u{FE0F}\u{20E3}" as Character) == 2) // a keycap: ASCII first, and wide
        #expect(TextWidth.safe("\r\n") == "\u{240A}" && TextWidth.safe("\u{1B}") == "\u{241B}" && TextWidth.safe("a") == "a")
    }

    @Test func asciiTextIsCutAndClippedAsAnyText() {
        func drawn(_ s: String, x: Int = 0, maxWidth: Int? = nil) -> (String, Int) {
            var canvas = Canvas(width: 8, height: 1)
            let used = canvas.text(s, x: x, y: 0, maxWidth: maxWidth, role: .accent)
            #expect(canvas.cells.allSatisfy { $0.char == " " || $0.role == .accent })
            return (canvas.text, used)
        }
        #expect(drawn("abcdef", maxWidth: 4) == ("abc…", 4))
        #expect(drawn("abcd", maxWidth: 4) == ("abcd", 4))
        #expect(drawn("abcdefghij") == ("abcdefg…", 8))
        #expect(drawn("abc", x: -1) == ("bc", 3))
        #expect(drawn("abc", x: 6) == ("      a…", 2))
        #expect(drawn("") == ("", 0))
        // The same cuts through the general way (a control character, an accent, a wide one).
        #expect(drawn("a\u{7}cdef", maxWidth: 4) == ("a\u{2407}c…", 4))
        #expect(drawn("écdef", maxWidth: 4) == ("écd…", 4))
        #expect(drawn("日本語です", maxWidth: 5) == ("日本…", 5))
    }
}
