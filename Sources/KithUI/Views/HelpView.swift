/// The keys of a screen, generated from the keymap so that help cannot drift from behaviour.
enum HelpView {
    static func render(_ state: AppState, over screen: Screen, into canvas: inout Canvas) {
        let r = Rect(x: 0, y: 0, width: canvas.width, height: canvas.height - 1)
        let name = screen.keymapScreen.rawValue.capitalized
        canvas.box(r, title: "Keys — \(name)", focused: true)
        let inner = r.inner
        let bindings = state.keymap.bindings[screen.keymapScreen] ?? []
        let rows = bindings.map { ($0.keys.map(\.description).joined(separator: " / "), $0.help) }
        let keyW = min(22, (rows.map { TextWidth.of($0.0) }.max() ?? 0) + 2)
        let top = min(state.pageScroll, max(0, rows.count - inner.height))
        for (i, row) in rows.dropFirst(top).prefix(inner.height).enumerated() {
            canvas.text(row.0, x: inner.x + 1, y: inner.y + i, maxWidth: keyW, role: .accent)
            canvas.text(row.1, x: inner.x + 1 + keyW, y: inner.y + i, maxWidth: inner.width - keyW - 2)
        }
        let status = Rect(x: 0, y: canvas.height - 1, width: canvas.width, height: 1)
        canvas.fill(status, role: .status)
        let more = rows.count > inner.height ? " · j/k scroll · \(top + 1)–\(min(rows.count, top + inner.height)) of \(rows.count)" : ""
        canvas.text(" Esc or ? closes the help" + more, x: 0, y: status.y, maxWidth: status.width, role: .status)
    }
}
