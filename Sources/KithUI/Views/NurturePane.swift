import KithCore

/// The Nurture pane: this week's queue, ranked, with the top reason on each line.
enum NurturePane {
    static func render(_ state: AppState, in r: Rect, into canvas: inout Canvas) {
        let title = paneTitle("Nurture", state, .nurture, shown: state.queue.count)
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
        // Quality over quantity: say so on the pane's bottom edge when the cadences ask too much.
        if let load = state.nurtureLoad, load.isOverBudget, r.width > 12 {
            var text = " over budget: \(NurtureLoad.format(load.perWeek))/wk vs \(NurtureLoad.format(load.budget))"
            if let h = load.heaviest { text += ", \(h.rawValue) heaviest" }
            canvas.text(text + " ", x: r.x + 1, y: r.maxY - 1, maxWidth: r.width - 2, role: .dueSoon)
        }
    }
}
