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
                var x = line.x + 1
                x += canvas.text(e.date.short, x: x, y: line.y, role: e.date == state.today ? .accent : .normal) + 1
                if line.width >= 44 {
                    x += canvas.text(e.timeText ?? "     ", x: x, y: line.y, role: .muted) + 1
                }
                // Right side: field, status, score, as room allows.
                var right: [(String, StyleRole)] = [(String(format: "%4.1f", score.score), .accent)]
                if line.width >= 36 { right.insert((statusWord(e.status), e.status == .going ? .accent : .muted), at: 0) }
                if line.width >= 56, let f = e.field { right.insert((f, .muted), at: 0) }
                let rightText = right.map(\.0).joined(separator: " ")
                let rw = TextWidth.of(rightText)
                canvas.text(e.title, x: x, y: line.y, maxWidth: max(1, line.maxX - x - rw - 2))
                var rx = line.maxX - rw - 1
                for (text, role) in right {
                    rx += canvas.text(text, x: rx, y: line.y, maxWidth: line.maxX - rx, role: role) + 1
                }
            }
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
