import KithCore

/// The events pane: the next days' events grouped by week, with date, time, title, field, status
/// and score; `p` shows past events instead.
enum EventsPane {
    static func render(_ state: AppState, in r: Rect, into canvas: inout Canvas) {
        let count = state.eventRows.filter { $0.event != nil }.count
        let title = paneTitle(state.showPastEvents ? "Past events" : "Upcoming events", state, .events, shown: count)
        let empty = state.showPastEvents ? "No past events" : "Nothing in the next \(state.eventHorizon) days · p: past"
        PaneFrame.render(state, pane: .events, title: title, in: r, into: &canvas, empty: empty) { index, line, canvas in
            switch state.eventRows[index] {
            case .week(let label):
                canvas.text(label, x: line.x + 1, y: line.y, maxWidth: line.width - 1, role: .header)
            case .event(let e, let score):
                drawEvent(e, score: score.score, today: state.today, in: line, into: &canvas)
            }
        }
    }

    /// One event row. The title keeps at least 12 columns; the rest go, as room allows, to the
    /// field, the time and the status in words (a glyph when tight) — date and score always show.
    static func drawEvent(_ e: Event, score: Double, today: Day, in line: Rect, into canvas: inout Canvas) {
        let wide = line.width >= 50
        let date = wide ? e.date.short : "\(e.date.weekdayName) \(Day.pad(e.date.components.day, 2))"
        let time = e.timeText ?? "     "
        let status = statusWord(e.status)
        let scoreText = Printf.double("%4.1f", score)
        var budget = line.width - 2 - TextWidth.of(date) - 1 - 12 - 1 - scoreText.count
        let showStatusWord = budget >= status.count + 1
        budget -= showStatusWord ? status.count + 1 : 2
        let fieldText = e.field ?? ""
        let fieldW = min(max(0, budget - 1), min(12, TextWidth.of(fieldText)))
        budget -= fieldW > 2 ? fieldW + 1 : 0
        let showTime = budget >= 6
        var x = line.x + 1
        x += canvas.text(date, x: x, y: line.y, role: e.date == today ? .accent : .normal) + 1
        if showTime { x += canvas.text(time, x: x, y: line.y, role: .muted) + 1 }
        var right: [(String, StyleRole)] = []
        if fieldW > 2 { right.append((TextWidth.padded(fieldText, to: fieldW), .muted)) }
        right.append((showStatusWord ? status : statusGlyph(e.status), e.status == .going ? .accent : .muted))
        right.append((scoreText, .accent))
        let rightW = right.reduce(0) { $0 + TextWidth.of($1.0) } + right.count - 1
        canvas.text(e.title, x: x, y: line.y, maxWidth: max(1, line.maxX - x - rightW - 2))
        var rx = line.maxX - rightW - 1
        for (text, role) in right {
            rx += canvas.text(text, x: rx, y: line.y, maxWidth: line.maxX - rx, role: role) + 1
        }
    }

    static func statusGlyph(_ s: EventStatus) -> String {
        switch s {
        case .considering: return "?"
        case .going: return "✓"
        case .attended: return "●"
        case .skipped: return "✗"
        }
    }

    static func statusWord(_ s: EventStatus) -> String {
        switch s {
        case .considering: return "maybe"
        case .going: return "going"
        case .attended: return "went"
        case .skipped: return "skipped"
        }
    }
}
