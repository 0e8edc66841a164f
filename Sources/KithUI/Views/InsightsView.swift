import Foundation
import KithCore

/// The insights screen: field mix as bars, diversity, give/take, circle health, event payoff.
enum InsightsView {
    static let blocks: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// A bar `value / max` of `width` columns, in eighths of a block.
    static func bar(_ value: Int, of max: Int, width: Int) -> String {
        guard max > 0, width > 0 else { return "" }
        let eighths = Int((Double(value) / Double(max) * Double(width * 8)).rounded())
        var s = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { s.append(blocks[eighths % 8 - 1]) }
        if s.isEmpty && value > 0 { s = "▏" }
        return s
    }

    static func pct(_ x: Double?) -> String { x.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }

    static func render(_ state: AppState, into canvas: inout Canvas) {
        let n = state.network
        let s = state.insights
        let frame = Rect(x: 0, y: 0, width: canvas.width, height: canvas.height - 1)
        canvas.box(frame, title: "Insights", focused: true)
        let inner = frame.inner
        var lines: [(text: String, role: StyleRole, field: Int?)] = []
        lines.append(("Field mix — \(s.contacts) contacts" + (n.settings.myField.map { ", yours: \($0)" } ?? ", your field is not set: select one and press m"), .header, nil))
        let nameW = min(16, (s.fields.map { TextWidth.of($0.field) }.max() ?? 4) + 1)
        let maxCount = s.fields.first?.count ?? 0
        let barW = max(4, inner.width - nameW - 16)
        for (i, f) in s.fields.enumerated() {
            let name = TextWidth.padded(f.field, to: nameW)
            let count = String(f.count).leftPadded(5)
            lines.append(("\(name)\(count) \(bar(f.count, of: maxCount, width: barW))" + (f.isMine ? " ◀ you" : ""), f.isMine ? .accent : .normal, i))
        }
        if s.withoutField > 0 { lines.append((TextWidth.padded("(no field)", to: nameW) + String(s.withoutField).leftPadded(5), .muted, nil)) }
        lines.append(("", .normal, nil))
        lines.append(("Diversity", .header, nil))
        lines.append(("Simpson index \(s.simpson.map { String(format: "%.2f", $0) } ?? "—") (0 = one field, near 1 = many)", .normal, nil))
        lines.append(("Outside your field \(pct(s.outsideOwnField))", .normal, nil))
        lines.append(("Added outside your field: " + s.outsideByQuarter.map { "\($0.quarter) \($0.count)" }.joined(separator: " · "), .normal, nil))
        lines.append(("", .normal, nil))
        lines.append(("Give / take", .header, nil))
        let a = s.giveTakeAll, r = s.giveTake90
        lines.append(("Last 90 days: gave \(r.gave) · received \(r.received) · mutual \(r.mutual)", r.received > r.gave ? .dueSoon : .normal, nil))
        lines.append(("All time:     gave \(a.gave) · received \(a.received) · mutual \(a.mutual)", .normal, nil))
        for t in s.takers {
            lines.append(("You mostly take from \(t.contact.name) (received \(t.received), gave \(t.gave))" + (t.contact.needs.map { " — they need \($0)" } ?? ""), .dueSoon, nil))
        }
        lines.append(("", .normal, nil))
        lines.append(("Circles on cadence", .header, nil))
        for c in s.circles where c.total > 0 {
            lines.append(("\(TextWidth.padded(c.circle.rawValue, to: 13))\(c.onCadence)/\(c.total)  \(bar(c.onCadence, of: c.total, width: 20))",
                          c.onCadence < c.total ? .dueSoon : .normal, nil))
        }
        lines.append(("", .normal, nil))
        lines.append(("Event payoff", .header, nil))
        if s.payoff.isEmpty { lines.append(("No attended events yet: m on an event records who you met", .muted, nil)) }
        for p in s.payoff {
            lines.append(("\(p.event.date.iso)  \(p.event.title): met \(p.met.count), still in touch \(p.stillInTouch)", .normal, nil))
        }

        let top = min(state.pageScroll, max(0, lines.count - inner.height))
        for (i, line) in lines.dropFirst(top).prefix(inner.height).enumerated() {
            let y = inner.y + i
            canvas.text(line.text, x: inner.x + 1, y: y, maxWidth: inner.width - 2, role: line.role)
            if line.field == state.insightsField { canvas.restyle(Rect(x: inner.x, y: y, width: inner.width, height: 1), role: .selection) }
        }
        let status = Rect(x: 0, y: canvas.height - 1, width: canvas.width, height: 1)
        canvas.fill(status, role: .status)
        let text = state.message.map { " " + $0.text } ?? " j/k select a field · m mark it as yours · Esc back · ? keys"
        canvas.text(text, x: 0, y: status.y, maxWidth: status.width, role: .status)
    }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
