import KithCore

/// The three panes, the header and the status line.
enum DashboardView {
    static func render(_ state: AppState, into canvas: inout Canvas) {
        guard let layout = DashboardLayout.make(width: state.width, height: state.height) else { return }
        HeaderView.render(state, in: layout.header, into: &canvas)
        ContactsPane.render(state, in: layout.contacts, into: &canvas)
        EventsPane.render(state, in: layout.events, into: &canvas)
        NurturePane.render(state, in: layout.nurture, into: &canvas)
        StatusLine.render(state, in: layout.status, into: &canvas)
    }
}

enum HeaderView {
    static func render(_ state: AppState, in r: Rect, into canvas: inout Canvas) {
        canvas.fill(r, role: .header)
        let n = state.network
        let overdue = state.overdueCount
        let left = " kith · \(ListDrawing.count(n.contacts.count)) contacts · \(ListDrawing.count(state.fullQueueCount)) to nurture this week"
            + (overdue > 0 ? " · \(ListDrawing.count(overdue)) overdue" : "")
        let c = state.today.components
        let right = "\(state.today.short) \(c.year) "
        let rw = TextWidth.of(right)
        canvas.text(left, x: r.x, y: r.y, maxWidth: max(0, r.width - rw - 1), role: .header)
        if r.width > rw + 20 { canvas.text(right, x: r.maxX - rw, y: r.y, role: .header) }
    }
}

enum StatusLine {
    static func render(_ state: AppState, in r: Rect, into canvas: inout Canvas) {
        canvas.fill(r, role: .status)
        if let c = state.confirmation {
            canvas.text(" " + c.question, x: r.x, y: r.y, maxWidth: r.width, role: .error)
            return
        }
        if let pane = state.filterEditing {
            let prompt = " /" + (state.filters[pane] ?? "")
            let used = canvas.text(prompt, x: r.x, y: r.y, maxWidth: r.width - 1, role: .status)
            canvas.cursor = (min(r.x + used, r.maxX - 1), r.y)
            let hint = "  Enter keeps · Esc clears · field: tag: circle: status:"
            if r.width - used > 20 { canvas.text(hint, x: r.x + used, y: r.y, maxWidth: r.width - used, role: .status) }
            return
        }
        if let m = state.message {
            canvas.text(" " + m.text, x: r.x, y: r.y, maxWidth: r.width, role: m.isError ? .error : .status)
            return
        }
        let hints = " Tab pane · / filter · Enter open · a add · d done · w review · u undo · ? keys · q quit"
        canvas.text(hints, x: r.x, y: r.y, maxWidth: r.width, role: .status)
    }
}

/// "Contacts 12/2,481 /zoe": the count, and the filter when there is one.
func paneTitle(_ name: String, _ state: AppState, _ pane: Pane, shown: Int) -> String {
    guard let f = state.filters[pane], !f.isEmpty else { return "\(name) (\(ListDrawing.count(shown)))" }
    return "\(name) \(ListDrawing.count(shown))/\(ListDrawing.count(state.unfilteredCount(pane))) /\(f)"
}

/// Draws a pane's frame and its visible rows; `row` draws one row into the given rect.
enum PaneFrame {
    static func render(_ state: AppState, pane: Pane, title: String, in r: Rect, into canvas: inout Canvas,
                       empty: String, row: (Int, Rect, inout Canvas) -> Void) {
        let focused = state.focus == pane && state.screen == .dashboard
        canvas.box(r, title: title, focused: focused)
        let inner = r.inner
        guard inner.width > 0, inner.height > 0 else { return }
        let count = state.rowCount(pane)
        if count == 0 {
            canvas.text(empty, x: inner.x + 1, y: inner.y, maxWidth: inner.width - 1, role: .muted)
            return
        }
        let top = min(state.scroll[pane] ?? 0, max(0, count - 1))
        for i in 0..<min(inner.height, count - top) {
            let index = top + i
            let line = Rect(x: inner.x, y: inner.y + i, width: inner.width, height: 1)
            row(index, line, &canvas)
            if let role = ListDrawing.rowRole(selected: index == state.selected(pane), focused: focused) {
                canvas.restyle(line, role: role)
            }
        }
    }
}
