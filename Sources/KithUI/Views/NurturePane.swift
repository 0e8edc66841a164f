import KithCore

/// The Nurture pane: this week's queue, ranked, with the top reason on each line.
enum NurturePane {
    static func render(_ state: AppState, in r: Rect, into canvas: inout Canvas) {
        let title = "Nurture (\(state.queue.count))"
        PaneFrame.render(state, pane: .nurture, title: title, in: r, into: &canvas,
                         empty: "Nothing due this week") { index, line, canvas in
            let item = state.queue[index]
            let (mark, role) = ListDrawing.marker(item.status)
            canvas.text(String(mark), x: line.x, y: line.y, role: role)
            let who: String
            switch item.kind {
            case .followUp: who = (item.contactName.map { $0 + ": " } ?? "") + item.title
            case .keepInTouch: who = item.contactName ?? item.title
            case .birthday, .event: who = item.title
            }
            var x = line.x + 2
            x += canvas.text(who, x: x, y: line.y, maxWidth: max(1, (line.width - 2) * 3 / 5))
            if let reason = item.reasons.first, line.maxX - x > 6 {
                canvas.text("  " + reason, x: x, y: line.y, maxWidth: line.maxX - x, role: role == .normal ? .muted : role)
            }
        }
    }
}
