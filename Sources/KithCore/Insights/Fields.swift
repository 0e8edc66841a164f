import Foundation

extension Network {
    /// The spelling a field is kept in: an existing field that differs only in case (or accents)
    /// is the same field, in its first spelling ("Design" becomes "design" once "design" exists).
    public func canonicalField(_ raw: String?) -> String? {
        guard let raw else { return nil }
        let t = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return nil }
        let key = Fold.key(t)
        for p in contacts.indices { if let f = contacts.field(at: p), Fold.key(f) == key { return f } }
        for e in events { if let f = e.field, Fold.key(f) == key { return f } }
        if let mine = settings.myField, Fold.key(mine) == key { return mine }
        return t
    }
}

/// How many contacts work in each field, largest first.
public struct FieldCount: Hashable, Sendable {
    public var field: String
    public var count: Int
    public var isMine: Bool
}

/// The figures of the insights screen and `kith stats`. See docs/insights.md.
public struct Insights: Sendable {
    public var contacts: Int
    /// Contacts per field (case-insensitive, first spelling), most first; contacts without a field
    /// are not counted here.
    public var fields: [FieldCount]
    public var withoutField: Int
    /// Simpson's diversity index 1 − Σ pᵢ² over the fields of contacts with a field; nil with none.
    public var simpson: Double?
    /// Share of contacts with a field whose field is not yours; nil when your field is not set or
    /// no contact has a field.
    public var outsideOwnField: Double?
    /// Contacts added outside your field in each of the last 4 calendar quarters, oldest first.
    public var outsideByQuarter: [(quarter: String, count: Int)]
    public var giveTakeAll: Ledger
    public var giveTake90: Ledger
    /// Contacts you mostly take from (received − gave ≥ 2), most lopsided first.
    public var takers: [(contact: Contact, received: Int, gave: Int)]
    /// Per circle: contacts on cadence (ok or due soon; no cadence counts as on cadence) of all.
    public var circles: [(circle: Circle, total: Int, onCadence: Int)]
    /// Per past attended event, newest first: people met there and how many are still in touch.
    public var payoff: [EventPayoff]
}

/// What an attended event left: the people met there and how many are still in touch.
public struct EventPayoff: Hashable, Sendable {
    public var event: Event
    public var met: [UUID]
    public var stillInTouch: Int
}

extension Network {
    /// Whether the contact at position `p` is still in touch: touched within their cadence (90
    /// days without one).
    func isInTouch(at p: Int, today: Day) -> Bool {
        guard let last = summary(at: p).lastTouch else { return false }
        return today - last <= (cadence(at: p) ?? 90)
    }

    /// Everyone met at an event: its "met" list and contacts whose `metAt` is the event.
    public func peopleMet(at e: Event) -> [UUID] {
        peopleMet(at: e, metAt: contacts.indices.filter { contacts.metAt(at: $0) == e.id }.map(contacts.id(at:)))
    }

    private func peopleMet(at e: Event, metAt: [UUID]) -> [UUID] {
        var seen = Set<UUID>()
        var out: [UUID] = []
        for id in e.met where contactPosition(id) != nil && seen.insert(id).inserted { out.append(id) }
        for id in metAt where seen.insert(id).inserted { out.append(id) }
        return out
    }

    /// Every attended event up to `today`, newest first, with the people met there and how many
    /// are still in touch — in one pass over the contacts.
    func pastPayoff(today: Day) -> [EventPayoff] {
        var byEvent: [UUID: [UUID]] = [:]
        for p in contacts.indices { if let e = contacts.metAt(at: p) { byEvent[e, default: []].append(contacts.id(at: p)) } }
        return events.filter { $0.status == .attended && $0.date <= today }
            .sorted { $0.date > $1.date }
            .map { e in
                let met = peopleMet(at: e, metAt: byEvent[e.id] ?? [])
                return EventPayoff(event: e, met: met, stillInTouch: met.filter { contactPosition($0).map { isInTouch(at: $0, today: today) } ?? false }.count)
            }
    }

    public func insights(today: Day) -> Insights {
        let mine = settings.myField.map(Fold.key)
        var order: [String] = []
        var counts: [String: (spelling: String, n: Int)] = [:]
        var withoutField = 0
        // By position, reading each contact in place (copying each contact out, a dozen
        // references, was most of the insights).
        for p in contacts.indices {
            guard let f = contacts.field(at: p), !f.isEmpty else { withoutField += 1; continue }
            let k = Fold.key(f)
            if counts[k] == nil { order.append(k); counts[k] = (f, 0) }
            counts[k]!.n += 1
        }
        let fields = order.map { FieldCount(field: counts[$0]!.spelling, count: counts[$0]!.n, isMine: $0 == mine) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : Fold.key($0.field) < Fold.key($1.field) }
        let withField = fields.reduce(0) { $0 + $1.count }
        var simpson: Double?
        var outside: Double?
        if withField > 0 {
            simpson = 1 - fields.reduce(0.0) { $0 + pow(Double($1.count) / Double(withField), 2) }
            if mine != nil {
                outside = Double(fields.filter { !$0.isMine }.reduce(0) { $0 + $1.count }) / Double(withField)
            }
        }
        // The last 4 calendar quarters, oldest first, this one last.
        let (y, m, _) = today.components
        var quarters: [(String, Day, Day)] = []
        for back in (0..<4).reversed() {
            var q = (m - 1) / 3 - back, year = y
            while q < 0 { q += 4; year -= 1 }
            let start = Day(year: year, month: q * 3 + 1, day: 1)!
            let end = (q == 3 ? Day(year: year + 1, month: 1, day: 1)! : Day(year: year, month: q * 3 + 4, day: 1)!) - 1
            quarters.append(("\(year)-Q\(q + 1)", start, end))
        }
        let trend = quarters.map { q in
            (quarter: q.0, count: contacts.indices.reduce(0) { n, p in
                guard let f = contacts.field(at: p), !f.isEmpty, contacts.created(at: p) >= q.1, contacts.created(at: p) <= q.2 else { return n }
                return mine == nil || Fold.key(f) != mine ? n + 1 : n
            })
        }
        var all = Ledger(), recent = Ledger()
        for i in interactions {
            all.add(i.exchange)
            if today - i.date <= 90 && i.date <= today { recent.add(i.exchange) }
        }
        let takers = contacts.indices.compactMap { p -> (Contact, Int, Int)? in
            let l = summary(at: p).ledger
            return l.received - l.gave >= 2 ? (contacts[p], l.received, l.gave) : nil
        }.sorted { ($0.1 - $0.2, $1.0.name) > ($1.1 - $1.2, $0.0.name) }
        var circles = Circle.allCases.map { ($0, 0, 0) }
        for p in contacts.indices {
            guard let circle = contacts.circle(at: p) else { continue }
            circles[circle.rank].1 += 1
            guard let s = touchState(at: p, today: today)?.status else { circles[circle.rank].2 += 1; continue }
            if s == .ok || s == .dueSoon { circles[circle.rank].2 += 1 }
        }
        let payoff = pastPayoff(today: today)
        return Insights(contacts: contacts.count, fields: fields, withoutField: withoutField, simpson: simpson,
                        outsideOwnField: outside, outsideByQuarter: trend, giveTakeAll: all, giveTake90: recent,
                        takers: takers.map { (contact: $0.0, received: $0.1, gave: $0.2) },
                        circles: circles.map { (circle: $0.0, total: $0.1, onCadence: $0.2) }, payoff: payoff)
    }
}
