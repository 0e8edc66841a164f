import CNcursesw
import Foundation
import KithCore
import KithUI

/// Why the dashboard cannot start here.
public struct TerminalError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// The ncurses screen: start, draw a canvas (only the cells that changed), read input, stop.
/// Every curses call in kith goes through this one type, on the main thread.
final class TerminalScreen {
    private var screen: OpaquePointer?
    private var previous: Canvas?
    /// Attributes and color pair by role, indexed by the role's raw value (plain until started).
    private var styles = Array(repeating: (attrs: kith_a_normal(), pair: Int16(0)), count: StyleRole.allCases.count)
    private(set) var running = false

    /// Refuses to start where the dashboard cannot work: no terminal on stdin or stdout (it would
    /// spin on end-of-file or write escape codes into a file), no TERM, or a dumb one.
    static func checkEnvironment(_ env: [String: String] = ProcessEnvironment.current) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError(message: "the dashboard needs a terminal, but standard input or output is redirected; use a subcommand such as `kith due` or `kith list contacts` in scripts")
        }
        guard let term = env["TERM"], !term.isEmpty else {
            throw TerminalError(message: "TERM is not set, so kith cannot drive the terminal; set it (for example TERM=xterm-256color)")
        }
        guard term != "dumb" else {
            throw TerminalError(message: "TERM=dumb cannot show the dashboard; use a subcommand such as `kith due`, or a real terminal")
        }
    }

    func start(theme: Theme, useColor: Bool) throws {
        _ = kith_setup_locale()
        guard let s = kith_newterm() else {
            let term = ProcessEnvironment.current["TERM"] ?? ""
            throw TerminalError(message: "the terminal type \"\(term)\" is unknown to ncurses; try TERM=xterm-256color")
        }
        screen = s
        set_term(s)
        running = true
        kith_install_crash_handler()
        kith_install_signal_handlers()
        set_escdelay(25)
        cbreak()
        noecho()
        nonl()
        keypad(kith_stdscr(), true)
        curs_set(0)
        kith_mouse_enable()
        wtimeout(kith_stdscr(), 250)
        setupStyles(theme: theme, useColor: useColor && kith_has_colors() == 1)
    }

    /// How long a read waits for a key before reporting a timeout, in milliseconds.
    func setReadTimeout(_ ms: Int32) { wtimeout(kith_stdscr(), ms) }

    private func setupStyles(theme: Theme, useColor: Bool) {
        if useColor {
            start_color()
            use_default_colors()
        }
        var next: Int16 = 1
        for role in StyleRole.allCases {
            let style = useColor ? theme.style(role) : Theme.monochrome.style(role)
            var attrs = kith_a_normal()
            if style.bold { attrs |= kith_a_bold() }
            if style.reverse { attrs |= kith_a_reverse() }
            if style.underline { attrs |= kith_a_underline() }
            if style.dim { attrs |= kith_a_dim() }
            var pair: Int16 = 0
            if useColor, style.foreground != nil || style.background != nil {
                init_pair(next, style.foreground?.rawValue ?? -1, style.background?.rawValue ?? -1)
                pair = next
                next += 1
            }
            styles[Int(role.rawValue)] = (attrs, pair)
        }
    }

    func stop() {
        guard running else { return }
        running = false
        endwin()
        if let s = screen { delscreen(s) }
        screen = nil
    }

    var size: (width: Int, height: Int) { (Int(kith_cols()), Int(kith_lines())) }

    /// Sends the cells that differ from the last frame, then one refresh.
    func draw(_ canvas: Canvas) {
        let full = previous.map { $0.width != canvas.width || $0.height != canvas.height } ?? true
        if full { wclear(kith_stdscr()) }
        // A cell's code points, as ncurses takes them (at most CCHARW_MAX, 5, and a 0).
        var wide: (wchar_t, wchar_t, wchar_t, wchar_t, wchar_t, wchar_t) = (0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &wide) { raw in
            let wide = raw.bindMemory(to: wchar_t.self)
            for y in 0..<canvas.height {
                for x in 0..<canvas.width {
                    let cell = canvas[x, y]
                    if cell.isContinuation { continue }
                    if !full, let p = previous, p[x, y] == cell { continue }
                    let style = styles[Int(cell.role.rawValue)]
                    var n = 0
                    for scalar in cell.char.unicodeScalars where n < 5 {
                        wide[n] = wchar_t(bitPattern: scalar.value)
                        n += 1
                    }
                    wide[n] = 0
                    // The bottom-right cell scrolls some terminals when written; ncurses handles it,
                    // but a write error there must not stop the frame.
                    _ = kith_put_wide(Int32(y), Int32(x), wide.baseAddress, style.attrs, style.pair)
                }
            }
        }
        if let cur = canvas.cursor {
            curs_set(1)
            wmove(kith_stdscr(), Int32(cur.y), Int32(cur.x))
        } else {
            curs_set(0)
        }
        wrefresh(kith_stdscr())
        previous = canvas
    }

    /// Gives the terminal back to the shell's mode for a child program (an editor).
    func suspend() {
        def_prog_mode()
        endwin()
    }

    /// Takes the terminal back after ``suspend()`` and repaints everything.
    func resume() {
        reset_prog_mode()
        previous = nil
        wrefresh(kith_stdscr())
    }

    /// Forgets the last frame so that the next draw repaints everything.
    func invalidate() { previous = nil }

    enum Input {
        case key(Key)
        case resize
        case mouse(x: Int, y: Int, kind: Int32)
        case timeout
        case unknown
    }

    func read() -> Input {
        var code: Int32 = 0
        let r = kith_get_key(&code)
        if r == ERR { return .timeout }
        if r == KEY_CODE_YES {
            switch code {
            case KEY_RESIZE: return .resize
            case KEY_MOUSE:
                var x: Int32 = 0, y: Int32 = 0, kind: Int32 = 0
                guard kith_read_mouse(&y, &x, &kind) == OK else { return .unknown }
                return .mouse(x: Int(x), y: Int(y), kind: kind)
            case KEY_UP: return .key(.up)
            case KEY_DOWN: return .key(.down)
            case KEY_LEFT: return .key(.left)
            case KEY_RIGHT: return .key(.right)
            case KEY_NPAGE: return .key(.pageDown)
            case KEY_PPAGE: return .key(.pageUp)
            case KEY_HOME: return .key(.home)
            case KEY_END: return .key(.end)
            case KEY_BTAB: return .key(.backTab)
            case KEY_BACKSPACE: return .key(.backspace)
            case KEY_DC: return .key(.delete)
            case KEY_ENTER: return .key(.enter)
            default: return .unknown
            }
        }
        switch code {
        case 9: return .key(.tab)
        case 10, 13: return .key(.enter)
        case 27: return .key(.escape)
        case 8, 127: return .key(.backspace)
        case 1...26: return .key(.ctrl(Character(Unicode.Scalar(UInt8(code) + 96))))
        default:
            guard let scalar = Unicode.Scalar(UInt32(bitPattern: code)) else { return .unknown }
            return .key(.char(Character(scalar)))
        }
    }
}
