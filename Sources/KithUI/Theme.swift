/// The eight basic terminal colors.
public enum TerminalColor: Int16, Sendable {
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How a role looks: colors when the terminal has them, attributes always, so selection and
/// status stay visible under `NO_COLOR` and on monochrome terminals.
public struct Style: Equatable, Sendable {
    public var foreground: TerminalColor?
    public var background: TerminalColor?
    public var bold = false, reverse = false, underline = false, dim = false

    public init(foreground: TerminalColor? = nil, background: TerminalColor? = nil, bold: Bool = false,
                reverse: Bool = false, underline: Bool = false, dim: Bool = false) {
        self.foreground = foreground; self.background = background
        self.bold = bold; self.reverse = reverse; self.underline = underline; self.dim = dim
    }
}

/// Roles → styles.
public struct Theme: Sendable {
    public var styles: [StyleRole: Style]

    public func style(_ role: StyleRole) -> Style { styles[role] ?? Style() }

    /// Colors by meaning.
    public static let standard = Theme(styles: [
        .border: Style(foreground: .blue),
        .borderFocused: Style(foreground: .cyan, bold: true),
        .title: Style(foreground: .blue),
        .titleFocused: Style(foreground: .cyan, bold: true),
        .header: Style(foreground: .black, background: .cyan),
        .selection: Style(reverse: true),
        .selectionUnfocused: Style(underline: true),
        .overdue: Style(foreground: .red, bold: true),
        .due: Style(foreground: .yellow, bold: true),
        .dueSoon: Style(foreground: .cyan),
        .muted: Style(dim: true),
        .accent: Style(foreground: .green),
        .status: Style(reverse: true),
        .error: Style(foreground: .white, background: .red, bold: true),
    ])

    /// Attributes only: for `NO_COLOR` and terminals without colors.
    public static let monochrome = Theme(styles: [
        .borderFocused: Style(bold: true),
        .titleFocused: Style(bold: true),
        .header: Style(reverse: true),
        .selection: Style(reverse: true),
        .selectionUnfocused: Style(underline: true),
        .overdue: Style(bold: true),
        .due: Style(bold: true),
        .dueSoon: Style(underline: true),
        .muted: Style(dim: true),
        .status: Style(reverse: true),
        .error: Style(bold: true, reverse: true),
    ])
}
