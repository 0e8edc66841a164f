import KithCore

/// The weekly review: one item with its reasons, the contact's recent touches and needs.
enum ReviewView {
    static func render(_ state: AppState, into canvas: inout Canvas) {
        guard let r = state.review else { return }
        let frame = Rect(x: 0, y: 0, width: canvas.width, height: canvas.height - 1)
        let status = Rect(x: 0, y: canvas.height - 1, width: canvas.width, height: 1)
        canvas.fill(status, role: .status)
        if r.finished {
            canvas.box(frame, title: "Weekly review — finished", focused: true)
            canvas.text("Review finished: \(r.summary).", x: 2, y: 2, maxWidth: frame.width - 4, role: .accent)
            canvas.text("Every step is saved; u undoes the last one.", x: 2, y: 4, maxWidth: frame.width - 4, role: .muted)
            canvas.text(" Enter or Esc: back to the dashboard · u undo", x: 0, y: status.y, maxWidth: status.width, role: .status)
            return
        }
        guard let item = r.current else { return }
        canvas.box(frame, title: "Weekly review — \(r.index + 1)/\(r.items.count)", focused: true)
        let inner = frame.inner
        var y = inner.y
        let x = inner.x + 1
        let w = inner.width - 2
        func line(_ text: String, _ role: StyleRole = .normal, indent: Int = 0) {
            guard y < inner.maxY - (r.prompt == nil ? 0 : 2) else { return }
            canvas.text(text, x: x + indent, y: y, maxWidth: w - indent, role: role)
            y += 1
        }
        let (mark, role) = ListDrawing.marker(item.status)
        let who = item.kind == .followUp ? (item.contactName.map { "\($0): " } ?? "") + item.title : item.title
        line("\(mark) \(who)", role == .normal ? .header : role)
        line("\(item.kind.rawValue) · due \(item.due.short) · score \(NurtureLoad.format(item.score))", .muted)
        if let outcome = r.outcomes[r.index] { line("already \(outcome) in this review", .accent) }
        y += 1
        line("Why", .header)
        for reason in item.reasons { line("• " + reason, indent: 1) }
        if let id = item.contact, let c = state.network.contact(id) {
            y += 1
            if let needs = c.needs, !needs.isEmpty { line("They could use: \(needs)", .accent) }
            if let offers = c.offers, !offers.isEmpty { line("They offer: \(offers)", .muted) }
            let l = state.network.ledger(id)
            line("Give / take: gave \(l.gave) · received \(l.received) · mutual \(l.mutual)", l.received > l.gave ? .dueSoon : .normal)
            let touches = state.network.interactions(with: id)
            y += 1
            line(touches.isEmpty ? "No touches logged yet" : "Last touches", .header)
            for t in touches.prefix(5) {
                let ex = t.exchange == .none ? "" : " · \(t.exchange.rawValue)"
                line("\(t.date.iso)  \(t.kind.rawValue)\(ex)  \(t.note ?? "")", indent: 1)
            }
        }
        if let prompt = r.prompt { renderPrompt(prompt, state: state, in: inner, into: &canvas) }
        let hints = r.prompt == nil
            ? " d done · l log · s snooze a week · S snooze until · n next · b back · u undo · Esc end · ? keys"
            : " Enter saves · Esc cancels"
        if let m = state.message {
            canvas.text(" " + m.text, x: 0, y: status.y, maxWidth: status.width, role: m.isError ? .error : .status)
        } else {
            canvas.text(hints, x: 0, y: status.y, maxWidth: status.width, role: .status)
        }
    }

    static func renderPrompt(_ prompt: ReviewPrompt, state: AppState, in inner: Rect, into canvas: inout Canvas) {
        let y = inner.maxY - 2
        canvas.fill(Rect(x: inner.x, y: y, width: inner.width, height: 2), role: .normal)
        switch prompt {
        case .touch(let completes, let exchange, let note):
            let title = completes ? "Done — log a touch" : "Log a touch"
            var x = inner.x + 1
            x += canvas.text(title + " · who gave (Tab): ", x: x, y: y, maxWidth: inner.width - 2, role: .header)
            for e in [Exchange.none, .gave, .received, .mutual] {
                x += canvas.text(e.rawValue, x: x, y: y, role: e == exchange ? .selection : .muted) + 1
            }
            let label = "Note: "
            canvas.text(label, x: inner.x + 1, y: y + 1, role: .header)
            let nx = inner.x + 1 + label.count
            let used = canvas.text(note, x: nx, y: y + 1, maxWidth: inner.width - label.count - 3)
            canvas.cursor = (min(nx + used, inner.maxX - 1), y + 1)
        case .snoozeUntil(let text, let error):
            canvas.text("Snooze until (a date, +3d, friday …): ", x: inner.x + 1, y: y, maxWidth: inner.width - 2, role: .header)
            let label = "Day: "
            canvas.text(label, x: inner.x + 1, y: y + 1, role: .header)
            let nx = inner.x + 1 + label.count
            let used = canvas.text(text, x: nx, y: y + 1, maxWidth: 24)
            canvas.cursor = (min(nx + used, inner.maxX - 1), y + 1)
            if let error { canvas.text(error, x: nx + 26, y: y + 1, maxWidth: inner.maxX - nx - 27, role: .error) }
        }
    }
}
