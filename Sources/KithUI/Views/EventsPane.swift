import KithCore

/// The Upcoming events pane: the next days' events with date, time, title and status.
enum EventsPane {
    static func render(_ state: AppState, in r: Rect, into canvas: inout Canvas) {
        let title = "Upcoming events (\(state.upcoming.count))"
        PaneFrame.render(state, pane: .events, title: title, in: r, into: &canvas,
                         empty: "Nothing in the next \(state.eventHorizon) days") { index, line, canvas in
            let e = state.upcoming[index]
            var x = line.x + 1
            x += canvas.text(e.date.short, x: x, y: line.y, role: e.date == state.today ? .accent : .normal) + 1
            if line.width >= 40 {
                x += canvas.text(e.timeText ?? "     ", x: x, y: line.y, role: .muted) + 1
            }
            let status = e.status.rawValue
            let sw = line.width >= 36 ? TextWidth.of(status) + 1 : 0
            canvas.text(e.title, x: x, y: line.y, maxWidth: line.maxX - x - sw - 1)
            if sw > 0 {
                canvas.text(status, x: line.maxX - sw, y: line.y,
                            role: e.status == .going ? .accent : .muted)
            }
        }
    }
}
