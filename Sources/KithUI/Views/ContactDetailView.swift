import Foundation
import KithCore

/// One contact: every field, the give/take ledger, follow-ups, then the touches, newest first.
enum ContactDetailView {
    static func lines(_ state: AppState, contact c: Contact) -> [(label: String, value: String, role: StyleRole)] {
        let n = state.network
        var out: [(String, String, StyleRole)] = []
        func field(_ label: String, _ value: String?, _ role: StyleRole = .normal) {
            if let value, !value.isEmpty { out.append((label, value, role)) }
        }
        field("Company", c.company)
        field("Role", c.role)
        field("Field", c.field)
        if let circle = c.circle {
            field("Circle", circle.rawValue + (n.cadence(of: c).map { " (every \($0) days)" } ?? " (no cadence)"))
        }
        if let t = n.touchState(of: c, today: state.today) {
            let role: StyleRole = t.status == .overdue ? .overdue : t.status == .due ? .due : t.status == .dueSoon ? .dueSoon : .normal
            field("Keep in touch", "\(t.status.rawValue), due \(t.due.short) \(t.due.components.year)", role)
        }
        field("Last touch", n.lastTouch(c.id).map { "\($0.iso) (\(ListDrawing.ago($0, today: state.today)) ago)" } ?? "never")
        field("Emails", c.emails.joined(separator: ", "))
        field("Phones", c.phones.joined(separator: ", "))
        field("Birthday", c.birthday?.description)
        field("Tags", c.tags.joined(separator: ", "))
        field("Needs", c.needs, .accent)
        field("Offers", c.offers)
        field("How met", c.howMet)
        if let e = c.metAt.flatMap({ n.event($0) }) { field("Met at", "\(e.title) (\(e.date.iso))") }
        let seenAt = n.events.filter { $0.met.contains(c.id) && $0.id != c.metAt }.sorted { $0.date > $1.date }
        if !seenAt.isEmpty { field("Also met at", seenAt.map { "\($0.title) (\($0.date.iso))" }.joined(separator: ", ")) }
        field("Notes", c.notes)
        field("Added", c.created.iso, .muted)
        let l = n.ledger(c.id)
        field("Give / take", "gave \(l.gave) · received \(l.received) · mutual \(l.mutual)",
              l.received > l.gave ? .dueSoon : .normal)
        let follow = n.followUps(for: c.id)
        out.append(("", "", .normal))
        out.append(("Follow-ups", follow.isEmpty ? "none" : "\(follow.count)", .header))
        for f in follow {
            let state = f.done.map { "done \($0.iso)" } ?? f.snoozedUntil.map { "snoozed until \($0.iso)" } ?? "due \(f.due.iso)"
            out.append(("", "\(state)  \(f.note)", f.done == nil ? .normal : .muted))
        }
        let touches = n.interactions(with: c.id)
        out.append(("", "", .normal))
        out.append(("Interactions", touches.isEmpty ? "none yet" : "\(touches.count), newest first", .header))
        for t in touches {
            let ex = t.exchange == .none ? "" : t.exchange.rawValue
            out.append(("", "\(t.date.iso)  \(pad(t.kind.rawValue, 8)) \(pad(ex, 9)) \(t.note ?? "")", .normal))
        }
        return out
    }

    static func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }

    static func render(_ state: AppState, contact id: UUID, into canvas: inout Canvas) {
        let r = Rect(x: 0, y: 0, width: canvas.width, height: canvas.height - 1)
        guard let c = state.network.contact(id) else {
            canvas.box(r, title: "Contact", focused: true)
            canvas.text("This contact no longer exists.", x: 2, y: 1, role: .error)
            return
        }
        canvas.box(r, title: c.name, focused: true)
        let inner = r.inner
        let rows = lines(state, contact: c)
        let top = min(state.pageScroll, max(0, rows.count - inner.height))
        let labelW = 15
        for (i, row) in rows.dropFirst(top).prefix(inner.height).enumerated() {
            let y = inner.y + i
            if !row.label.isEmpty {
                canvas.text(row.label, x: inner.x + 1, y: y, maxWidth: labelW - 1, role: row.role == StyleRole.header ? StyleRole.header : StyleRole.muted)
            }
            if row.role != StyleRole.header || !row.value.isEmpty {
                canvas.text(row.value, x: inner.x + 1 + labelW, y: y, maxWidth: inner.width - labelW - 2,
                            role: row.role == StyleRole.header ? StyleRole.muted : row.role)
            }
        }
        let status = Rect(x: 0, y: canvas.height - 1, width: canvas.width, height: 1)
        canvas.fill(status, role: .status)
        let more = rows.count > inner.height ? " · line \(top + 1)/\(rows.count)" : ""
        canvas.text(" j/k scroll · Esc back · ? keys" + more, x: 0, y: status.y, maxWidth: status.width, role: .status)
    }
}
