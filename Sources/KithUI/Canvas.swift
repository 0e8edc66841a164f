/// What a cell means; the terminal layer maps roles to colors and attributes (see ``Theme``).
public enum StyleRole: UInt8, Sendable, CaseIterable {
    case normal, border, borderFocused, title, titleFocused, header
    case selection, selectionUnfocused, overdue, due, dueSoon, muted, accent, status, error
}

/// One terminal cell. A wide character occupies its cell and a continuation cell after it.
public struct Cell: Equatable, Sendable {
    public var char: Character
    public var role: StyleRole
    /// True for the second column of a wide character.
    public var isContinuation: Bool

    public init(_ char: Character = " ", _ role: StyleRole = .normal, isContinuation: Bool = false) {
        self.char = char; self.role = role; self.isContinuation = isContinuation
    }

    public static let blank = Cell()
}

extension Character {
    /// The ASCII characters, made once: making one from its byte builds a string (about 170
    /// instructions), and a frame has thousands of them.
    private static let asciiTable: [Character] = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) }

    /// The character of an ASCII byte (below 0x80).
    static func ascii(_ byte: UInt8) -> Character { asciiTable[Int(byte)] }
}

/// A rectangle of cells.
public struct Rect: Equatable, Sendable {
    public var x, y, width, height: Int
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }
    public var maxX: Int { x + width }
    public var maxY: Int { y + height }
    /// The rectangle inside a one-cell border.
    public var inner: Rect { Rect(x: x + 1, y: y + 1, width: width - 2, height: height - 2) }
}

/// The in-memory screen every view renders into: immediate mode, the whole frame each time.
/// The terminal layer diffs two canvases; tests compare them as text.
public struct Canvas: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public internal(set) var cells: [Cell]
    /// Where the terminal cursor should rest (a form's field), or nil to hide it.
    public var cursor: (x: Int, y: Int)? {
        get { cursorX < 0 ? nil : (cursorX, cursorY) }
        set { cursorX = newValue?.x ?? -1; cursorY = newValue?.y ?? -1 }
    }
    var cursorX = -1, cursorY = -1

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public static func == (a: Canvas, b: Canvas) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursorX == b.cursorX && a.cursorY == b.cursorY
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { cells[y * width + x] = newValue }
    }

    /// Fills a rectangle (clipped to the canvas) with blanks of a role.
    public mutating func fill(_ r: Rect, role: StyleRole = .normal, char: Character = " ") {
        for y in max(0, r.y)..<min(height, r.maxY) {
            for x in max(0, r.x)..<min(width, r.maxX) { self[x, y] = Cell(char, role) }
        }
    }

    /// Sets the role of cells already drawn (for a selection bar).
    public mutating func restyle(_ r: Rect, role: StyleRole) {
        for y in max(0, r.y)..<min(height, r.maxY) {
            for x in max(0, r.x)..<min(width, r.maxX) { self[x, y].role = role }
        }
    }

    /// Draws text at (x, y) in at most `maxWidth` columns (and never past the canvas), sanitized
    /// and cut on a character boundary with "…" when it does not fit. Returns the columns used.
    @discardableResult
    public mutating func text(_ s: some StringProtocol, x: Int, y: Int, maxWidth: Int? = nil, role: StyleRole = .normal) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? Int.max, width - max(x, 0))
        guard limit > 0 else { return 0 }
        let ascii = TextWidth.printableASCIICount(s)
        let total = ascii ?? TextWidth.ofCharacters(s)
        let budget = total > limit ? limit - 1 : limit // keep one column for the ellipsis
        var col = x
        if ascii != nil {
            // A cell a byte, with nothing to sanitize or measure.
            for b in s.utf8 {
                if col - x + 1 > budget { break }
                if col >= 0 { self[col, y] = Cell(.ascii(b), role) }
                col += 1
            }
        } else {
            for raw in s {
                let ch = TextWidth.safe(raw)
                let w = TextWidth.of(ch)
                if col - x + w > budget { break }
                if col >= 0 {
                    self[col, y] = Cell(ch, role)
                    if w == 2 { self[col + 1, y] = Cell(" ", role, isContinuation: true) }
                }
                col += w
            }
        }
        if total > limit, col < width, col >= 0 {
            self[col, y] = Cell("…", role)
            col += 1
        }
        return col - x
    }

    /// A box with a single-line border and an optional title in its top edge.
    public mutating func box(_ r: Rect, title: String? = nil, focused: Bool = false) {
        guard r.width >= 2, r.height >= 2 else { return }
        let role: StyleRole = focused ? .borderFocused : .border
        let (h, v): (Character, Character) = focused ? ("━", "┃") : ("─", "│")
        let corners: [Character] = focused ? ["┏", "┓", "┗", "┛"] : ["┌", "┐", "└", "┘"]
        for x in r.x..<r.maxX { put(h, x, r.y, role); put(h, x, r.maxY - 1, role) }
        for y in r.y..<r.maxY { put(v, r.x, y, role); put(v, r.maxX - 1, y, role) }
        put(corners[0], r.x, r.y, role); put(corners[1], r.maxX - 1, r.y, role)
        put(corners[2], r.x, r.maxY - 1, role); put(corners[3], r.maxX - 1, r.maxY - 1, role)
        if let title, r.width > 4 {
            text(" \(title) ", x: r.x + 1, y: r.y, maxWidth: r.width - 2, role: focused ? .titleFocused : .title)
        }
    }

    private mutating func put(_ c: Character, _ x: Int, _ y: Int, _ role: StyleRole) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        self[x, y] = Cell(c, role)
    }

    /// The canvas as lines of text (continuation cells omitted), for tests and captures.
    public var lines: [String] {
        (0..<height).map { y in
            var s = ""
            for x in 0..<width where !self[x, y].isContinuation { s.append(self[x, y].char) }
            return s
        }
    }

    /// The canvas as one string, trailing spaces trimmed per line.
    public var text: String {
        lines.map { line in
            var l = Substring(line)
            while l.last == " " { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }
}
