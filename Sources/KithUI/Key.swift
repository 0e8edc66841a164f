import KithCore

/// A key press, as the terminal layer reports it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    case ctrl(Character)
    case up, down, left, right, pageUp, pageDown, home, end
    case enter, escape, tab, backTab, backspace, delete

    /// How the help screen names the key.
    public var description: String {
        switch self {
        case .char(" "): return "Space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "Ctrl-" + String(c).uppercased()
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .tab: return "Tab"
        case .backTab: return "Shift-Tab"
        case .backspace: return "Backspace"
        case .delete: return "Del"
        }
    }
}

extension Key {
    /// Parses a key as written in the config file or the help: "q", "Ctrl-R", "Tab", "PgDn" …
    public init?(name raw: String) {
        let named: [String: Key] = ["tab": .tab, "shift-tab": .backTab, "backtab": .backTab, "enter": .enter, "return": .enter,
                                    "esc": .escape, "escape": .escape, "up": .up, "down": .down, "left": .left, "right": .right,
                                    "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown, "home": .home,
                                    "end": .end, "space": .char(" "), "backspace": .backspace, "del": .delete, "delete": .delete,
                                    "↑": .up, "↓": .down, "←": .left, "→": .right]
        if let k = named[raw.lowercased()] { self = k; return }
        if raw.count == 1, let c = raw.first { self = .char(c); return }
        let lower = raw.lowercased()
        if lower.hasPrefix("ctrl-"), raw.count == 6, let c = lower.last, c.isLetter, c.isASCII { self = .ctrl(c); return }
        return nil
    }
}

/// Something that happened to the app: a key, a resize, a file change, a save's outcome.
public enum AppEvent: Sendable {
    case key(Key)
    case resize(width: Int, height: Int)
    /// Mouse: a click (or double-click) at a cell, or the wheel.
    case click(x: Int, y: Int, double: Bool)
    case wheel(x: Int, y: Int, down: Bool)
    /// The calendar day is now this one: the dashboard was left open past midnight.
    case day(Day)
}
