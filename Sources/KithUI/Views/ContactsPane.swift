import KithCore

/// The Contacts pane: name, field and how long since the last touch, with a due marker.
enum ContactsPane {
    static func render(_ state: AppState, in r: Rect, into canvas: inout Canvas) {
        let n = state.network
        var title = paneTitle("Contacts", state, .contacts, shown: state.contactOrder.count)
        if state.contactSort != .name { title += " · by \(state.contactSort.rawValue)" }
        PaneFrame.render(state, pane: .contacts, title: title, in: r, into: &canvas,
                         empty: n.contacts.isEmpty ? "No contacts yet · a adds one" : "No match · Esc clears the filter") { index, line, canvas in
            let c = n.contacts[state.contactOrder[index]]
            let status = n.touchState(of: c, today: state.today)?.status
            let (mark, markRole) = ListDrawing.marker(status)
            let last = ListDrawing.ago(n.lastTouch(c.id), today: state.today)
            let lastW = 6
            let fieldW = line.width >= 34 ? min(12, line.width / 4) : 0
            let nameW = line.width - 2 - lastW - (fieldW > 0 ? fieldW + 1 : 0)
            canvas.text(String(mark), x: line.x, y: line.y, role: markRole)
            canvas.text(c.name, x: line.x + 2, y: line.y, maxWidth: nameW)
            if fieldW > 0 {
                canvas.text(c.field ?? "", x: line.x + 2 + nameW + 1, y: line.y, maxWidth: fieldW, role: .muted)
            }
            let lw = TextWidth.of(last)
            canvas.text(last, x: line.maxX - lw - 1, y: line.y, maxWidth: lastW, role: .muted)
        }
    }
}
