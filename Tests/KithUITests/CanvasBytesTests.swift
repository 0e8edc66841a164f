import Testing
@testable import KithUI

/// A frame kept on disk is drawn again as it was: every cell, role, wide character and the cursor.
@Suite struct CanvasBytesTests {
    @Test func aFrameComesBackFromItsBytesAsItWas() {
        var state = demoState(width: 132, height: 43)
        let dashboard = render(state)
        #expect(Canvas(bytes: dashboard.bytes) == dashboard)
        #expect(Canvas.size(ofBytes: dashboard.bytes).map { [$0.width, $0.height] } == [132, 43])

        press(&state, .char("a")) // a form, with its cursor in the first field
        let form = render(state)
        #expect(form.cursor != nil)
        #expect(Canvas(bytes: form.bytes) == form)

        var wide = Canvas(width: 12, height: 2)
        wide.text("日本 é👍🏽e\u{301}", x: 0, y: 1, role: .accent)
        #expect(wide.cells.contains { $0.isContinuation })
        #expect(Canvas(bytes: wide.bytes) == wide)
        #expect(Canvas(bytes: wide.bytes)?.text == wide.text)
        #expect(Canvas(bytes: Canvas(width: 0, height: 0).bytes) == Canvas(width: 0, height: 0))
    }

    @Test func bytesThatAreNoFrameAreRefused() {
        let bytes = render(demoState()).bytes
        for cut in [0, 1, 8, 9, 10, bytes.count / 2, bytes.count - 1] {
            #expect(Canvas(bytes: Array(bytes.prefix(cut))) == nil, "cut at \(cut)")
        }
        #expect(Canvas(bytes: bytes + [0]) == nil)
        var other = bytes
        other[0] = 2 // another layout
        #expect(Canvas(bytes: other) == nil)
        other = bytes
        other[9] = 0x7f // no such role
        #expect(Canvas(bytes: other) == nil)
        other = bytes
        other[10] = 0 // a cell without a character
        #expect(Canvas(bytes: other) == nil)
        other = bytes
        (other[5], other[6]) = (200, 0) // a cursor outside the frame
        #expect(Canvas(bytes: other) == nil)
        other = bytes
        (other[1], other[2], other[3], other[4]) = (0x30, 0x75, 0x30, 0x75) // 30,000 × 30,000: not allocated
        #expect(Canvas(bytes: other) == nil)

        // A cell holds one character, in valid UTF-8: one ASCII byte, or the bytes of one cluster.
        let oneCell: [UInt8] = [1, 1, 0, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0]
        #expect(Canvas(bytes: oneCell + [1, 0x61])?.text == "a")
        #expect(Canvas(bytes: oneCell + [3, 0x65, 0xCC, 0x81])?.text == "e\u{301}")
        #expect(Canvas(bytes: oneCell + [3, 0xE2, 0x94, 0x80])?.text == "─")
        for bad: [UInt8] in [[2, 0x61, 0x62], [1, 0xC3], [2, 0xC3, 0x28], [4, 0x65, 0xCC, 0x81, 0x61], [4, 0xE2, 0x94, 0x80, 0x61]] {
            #expect(Canvas(bytes: oneCell + bad) == nil, "\(bad)")
        }

        // Noise never crashes the reader.
        var seed: UInt64 = 0x5EED
        for _ in 0..<500 {
            var noisy = bytes
            for _ in 0..<4 {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                noisy[Int(seed >> 33) % noisy.count] = UInt8(truncatingIfNeeded: seed >> 13)
            }
            _ = Canvas(bytes: noisy)
        }
    }
}
