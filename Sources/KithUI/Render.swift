import KithCore

/// Renders the whole frame for a state. Immediate mode: called for every frame.
public func render(_ state: AppState) -> Canvas {
    var canvas = Canvas(width: state.width, height: state.height)
    guard state.width >= DashboardLayout.minWidth, state.height >= DashboardLayout.minHeight else {
        TooSmallView.render(into: &canvas, state: state)
        return canvas
    }
    switch state.screen {
    case .dashboard:
        DashboardView.render(state, into: &canvas)
    case .detail(let id):
        ContactDetailView.render(state, contact: id, into: &canvas)
    case .review:
        ReviewView.render(state, into: &canvas)
    case .form:
        FormView.render(state, into: &canvas)
    case .insights:
        InsightsView.render(state, into: &canvas)
    case .help(let under):
        HelpView.render(state, over: under, into: &canvas)
    }
    return canvas
}

enum TooSmallView {
    static func render(into canvas: inout Canvas, state: AppState) {
        let lines = ["terminal too small", "need \(DashboardLayout.minWidth)×\(DashboardLayout.minHeight)"]
        let top = max(0, (canvas.height - lines.count) / 2)
        for (i, line) in lines.enumerated() {
            let w = TextWidth.of(line)
            canvas.text(line, x: max(0, (canvas.width - w) / 2), y: top + i, role: i == 0 ? .error : .muted)
        }
    }
}

/// Shared list drawing: rows inside a box, the selected one highlighted.
enum ListDrawing {
    static func rowRole(selected: Bool, focused: Bool) -> StyleRole? {
        selected ? (focused ? .selection : .selectionUnfocused) : nil
    }

    /// "3d", "5w", "8mo", "2y": how long ago, compactly.
    static func ago(_ day: Day?, today: Day) -> String {
        guard let day else { return "never" }
        let d = today - day
        if d < 0 { return "in \(-d)d" }
        if d < 14 { return "\(d)d" }
        if d < 60 { return "\(d / 7)w" }
        if d < 730 { return "\(d / 30)mo" }
        return "\(d / 365)y"
    }

    static func marker(_ status: TouchStatus?) -> (Character, StyleRole) {
        switch status {
        case .overdue: return ("!", .overdue)
        case .due: return ("•", .due)
        case .dueSoon: return ("·", .dueSoon)
        case .ok, nil: return (" ", .normal)
        }
    }

    /// Thousands separators: 2,481.
    static func count(_ n: Int) -> String {
        let s = String(n)
        var out = ""
        for (i, ch) in s.enumerated() {
            if i > 0 && (s.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
