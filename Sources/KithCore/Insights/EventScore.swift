import Foundation

/// An upcoming event's score: how much it would widen the network, plus what past events like it
/// paid off. The parts are the reasons. See docs/insights.md.
public struct EventScore: Hashable, Sendable {
    public var score: Double
    public var reasons: [String]
}

extension Network {
    /// Weight of "widening": 10 × (1 − the event field's share of your contacts with a field).
    public static let widenWeight = 10.0
    /// Per person met at a past attended event of the same field or a shared tag who is still in touch.
    public static let payoffWeight = 2.0

    public func score(_ e: Event, today: Day) -> EventScore {
        var score = 0.0
        var reasons: [String] = []
        let withField = contacts.filter { !($0.field ?? "").isEmpty }
        if let f = e.field, !f.isEmpty {
            let key = Fold.key(f)
            if let mine = settings.myField, Fold.key(mine) == key {
                reasons.append("your own field: widens nothing (+0)")
            } else {
                let same = withField.filter { Fold.key($0.field!) == key }.count
                let share = withField.isEmpty ? 0 : Double(same) / Double(withField.count)
                let part = Self.widenWeight * (1 - share)
                score += part
                reasons.append("\(f) is \(Int((share * 100).rounded()))% of your network (+\(format(part)))")
            }
        } else {
            reasons.append("no field: cannot tell whom you would meet (+0)")
        }
        // Payoff of past attended events alike: same field or a shared tag.
        let tags = Set(e.tags.map(Fold.key))
        let fieldKey = e.field.map(Fold.key)
        var kept = 0, met = 0, alike = 0
        for past in events where past.id != e.id && past.status == .attended && past.date < today {
            let sameField = fieldKey != nil && past.field.map(Fold.key) == fieldKey
            let sharedTag = !tags.isDisjoint(with: past.tags.map(Fold.key))
            guard sameField || sharedTag else { continue }
            alike += 1
            let people = peopleMet(at: past)
            met += people.count
            kept += people.filter { contact($0).map { isInTouch($0, today: today) } ?? false }.count
        }
        if alike > 0 {
            let part = Self.payoffWeight * Double(kept)
            score += part
            reasons.append("\(kept) of \(met) met at \(alike) past event\(alike == 1 ? "" : "s") like it still in touch (+\(format(part)))")
        }
        return EventScore(score: score, reasons: reasons)
    }

    private func format(_ x: Double) -> String { String(format: "%.1f", x) }
}
