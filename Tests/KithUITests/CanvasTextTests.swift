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
