/// A canvas as bytes, to keep a frame on disk and show it again (see ``FirstScreenCache``'s
/// first frame): every cell's character, role and continuation flag, and the cursor.
extension Canvas {
    /// Changes whenever the layout below does.
    private static let layout: UInt8 = 1

    /// Layout 1: the layout byte; width, height, cursor x and y as 16-bit little-endian numbers
    /// (-1 for a hidden cursor); then per cell a byte (the role, plus 0x80 for a continuation) and
    /// the character as a length byte and its UTF-8 bytes.
    public var bytes: [UInt8] {
        var out: [UInt8] = [Self.layout]
        out.reserveCapacity(9 + cells.count * 3)
        for v in [width, height, cursorX, cursorY] {
            let u = UInt16(bitPattern: Int16(truncatingIfNeeded: v))
            out.append(UInt8(u & 0xff)); out.append(UInt8(u >> 8))
        }
        for cell in cells {
            out.append(cell.role.rawValue | (cell.isContinuation ? 0x80 : 0))
            let utf8 = cell.char.utf8
            out.append(UInt8(truncatingIfNeeded: utf8.count))
            out.append(contentsOf: utf8)
        }
        return out
    }

    /// The width, height and cursor `bytes` begin with, when they can be a canvas's.
    private static func header(_ bytes: [UInt8]) -> (w: Int, h: Int, cx: Int, cy: Int)? {
        guard bytes.first == Self.layout, bytes.count >= 9 else { return nil }
        func number(_ i: Int) -> Int { Int(Int16(bitPattern: UInt16(bytes[1 + 2 * i]) | UInt16(bytes[2 + 2 * i]) << 8)) }
        let (w, h, cx, cy) = (number(0), number(1), number(2), number(3))
        // (Every cell takes at least 3 bytes: a size the bytes cannot hold is refused before the
        // cells are allocated.)
        guard w >= 0, h >= 0, w * h <= (bytes.count - 9) / 3,
              (cx == -1 && cy == -1) || ((0..<max(w, 1)).contains(cx) && (0..<max(h, 1)).contains(cy)) else { return nil }
        return (w, h, cx, cy)
    }

    /// The size of the canvas `bytes` describe, read from their header alone.
    public static func size(ofBytes bytes: [UInt8]) -> (width: Int, height: Int)? { header(bytes).map { ($0.w, $0.h) } }

    /// The canvas `bytes` describe; nil for anything else (another layout, a cut or damaged frame).
    public init?(bytes: [UInt8]) {
        guard let (w, h, cx, cy) = Self.header(bytes) else { return nil }
        var canvas = Canvas(width: w, height: h)
        var pos = 9
        let ok = bytes.withUnsafeBufferPointer { b -> Bool in
            for i in 0..<(w * h) {
                guard pos + 2 <= b.count, let role = StyleRole(rawValue: b[pos] & 0x7f) else { return false }
                let n = Int(b[pos + 1])
                guard n > 0, pos + 2 + n <= b.count else { return false }
                let char: Character
                if n == 1, b[pos + 2] < 0x80 {
                    char = .ascii(b[pos + 2]) // most cells: no string to make and walk
                } else {
                    let text = String(decoding: UnsafeBufferPointer(rebasing: b[(pos + 2)..<(pos + 2 + n)]), as: UTF8.self)
                    // (One character, all of whose bytes are these: valid UTF-8, and not two clusters.)
                    guard let first = text.first, first.utf8.count == n, text.utf8.count == n else { return false }
                    char = first
                }
                canvas.cells[i] = Cell(char, role, isContinuation: b[pos] & 0x80 != 0)
                pos += 2 + n
            }
            return pos == b.count
        }
        guard ok else { return nil }
        canvas.cursorX = cx; canvas.cursorY = cy
        self = canvas
    }
}
