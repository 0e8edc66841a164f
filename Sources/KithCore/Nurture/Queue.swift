import Foundation

/// What a nurture item asks of the user.
public enum NurtureKind: String, Sendable, CaseIterable {
    case followUp = "follow-up"
    case keepInTouch = "keep-in-touch"
    case birthday
    case event
}

/// The weights of the urgency score. Each part of an item's score is shown as a reason.
public struct NurtureWeights: Hashable, Sendable {
    /// Added once an item is overdue (a follow-up past its day, a cadence late by more than half).
    public var overdue = 100.0
    /// Per day late, up to ``lateCap`` days.
    public var perDayLate = 2.0
    public var lateCap = 60
    /// Per day still to go (subtracted).
    public var perDayAhead = 1.0
    public var inner = 8.0, close = 5.0, wider = 2.0, acquaintance = 0.0
    public var followUp = 4.0, birthday = 6.0, event = 3.0, keepInTouch = 0.0
    /// When you have received more than you gave.
    public var giveFirst = 3.0

    public init() {}

    func circle(_ c: Circle?) -> Double {
        switch c {
        case .inner: return inner
        case .close: return close
        case .wider: return wider
        case .acquaintance: return acquaintance
        case nil: return 0
        }
    }

    func kind(_ k: NurtureKind) -> Double {
        switch k {
        case .followUp: return followUp
        case .birthday: return birthday
        case .event: return event
        case .keepInTouch: return keepInTouch
        }
    }
}

/// One thing to do in the nurture queue, with the score's parts as reasons.
public struct NurtureItem: Identifiable, Hashable, Sendable {
    /// Stable across runs: the kind and the id of the record it is about. Made when asked for
    /// (a week's queue at 100,000 contacts holds about 18,000 items; few are ever shown).
    public var id: String { kind.idPrefix + "-" + subject.uuidString.lowercased() }
    public var kind: NurtureKind
    public var contact: UUID?
    public var contactName: String?
    public var title: String
    public var due: Day
    public var score: Double
    public var reasons: [String]
    /// Overdue, due, due soon: for colour.
    public var status: TouchStatus
    /// The follow-up, contact or event the item is about.
    public var subject: UUID
}

extension NurtureKind {
    /// The prefix of item ids of this kind.
    public var idPrefix: String {
        switch self {
        case .followUp: return "f"
        case .keepInTouch: return "k"
        case .birthday: return "b"
        case .event: return "e"
        }
    }
}

extension Network {
    /// The nurture queue as of `today`: everything due up to the end of this ISO week and
    /// everything overdue, highest score first (`all`: every open item, however far off).
    public func nurtureQueue(today: Day, all: Bool = false, weights: NurtureWeights = NurtureWeights()) -> [NurtureItem] {
        let horizon = all ? Day(ordinal: Int.max / 2) : today.endOfISOWeek
        var items: [NurtureItem] = []

        func item(_ kind: NurtureKind, subject: UUID, contact: Contact?, ledger: Ledger = Ledger(), title: String, due: Day,
                  status: TouchStatus, daysLate: Int, lateReason: String) -> NurtureItem {
            var score = 0.0
            var reasons: [String] = []
            if status == .overdue { score += weights.overdue }
            if daysLate > 0 {
                score += weights.perDayLate * Double(min(daysLate, weights.lateCap))
                reasons.append(lateReason)
            } else {
                score -= weights.perDayAhead * Double(-daysLate)
                reasons.append(lateReason)
            }
            if let c = contact, let circle = c.circle {
                score += weights.circle(circle)
                if circle != .acquaintance { reasons.append("\(circle.rawValue) circle") }
            }
            score += weights.kind(kind)
            if let c = contact {
                let l = ledger
                if l.received > l.gave {
                    score += weights.giveFirst
                    var r = "you took \(l.received), gave \(l.gave) — give first"
                    if let needs = c.needs, !needs.isEmpty { r += ": they need \(needs)" }
                    reasons.append(r)
                }
            }
            return NurtureItem(kind: kind, contact: contact?.id,
                               contactName: contact?.name, title: title, due: due, score: score, reasons: reasons,
                               status: status, subject: subject)
        }

        func when(_ late: Int, _ what: String, due: Day) -> String {
            if late > 0 { return "\(what) overdue \(late) d" }
            if late == 0 { return "\(what) due today" }
            return "\(what) due \(due.weekdayName)" + (late < -6 ? " \(due.iso)" : "")
        }

        for f in followUps where f.done == nil && f.due <= horizon {
            if let s = f.snoozedUntil, s > today { continue }
            let c = f.contact.flatMap { contact($0) }
            let late = today - f.due
            let status: TouchStatus = late > 0 ? .overdue : (late == 0 ? .due : .dueSoon)
            items.append(item(.followUp, subject: f.id, contact: c, ledger: c.map { ledger($0.id) } ?? Ledger(), title: f.note,
                              due: f.due, status: status, daysLate: late, lateReason: when(late, "follow-up", due: f.due)))
        }
        // By position, reading each contact in place: the facts are at hand without looking each
        // contact up by id, and only the contacts due are copied out.
        for p in contacts.indices {
            let facts = summary(at: p)
            let snoozed = contacts[p].snoozedUntil.map { $0 > today } ?? false
            if !snoozed, let t = touchState(of: contacts[p], lastTouch: facts.lastTouch, today: today), t.due <= horizon || t.status == .overdue {
                let c = contacts[p]
                items.append(item(.keepInTouch, subject: c.id, contact: c, ledger: facts.ledger, title: "get in touch with \(c.name)",
                                  due: t.due, status: t.status, daysLate: t.daysLate,
                                  lateReason: t.daysLate > 0 ? "overdue \(t.daysLate) d (every \(t.cadence) d)"
                                      : when(t.daysLate, "touch", due: t.due)))
            }
            if let b = contacts[p].birthday {
                let next = b.next(onOrAfter: today)
                if next - today <= 7 && (all || next <= max(horizon, today + 7)) {
                    let c = contacts[p]
                    items.append(item(.birthday, subject: c.id, contact: c, ledger: facts.ledger, title: "\(c.name)'s birthday",
                                      due: next, status: next == today ? .due : .dueSoon, daysLate: today - next,
                                      lateReason: next == today ? "birthday today" : "birthday \(next.weekdayName)"))
                }
            }
        }
        for e in events where (e.status == .going || e.status == .considering) && e.date >= today && e.date - today <= 7 {
            let verb = e.status == .going ? "prepare for" : "decide on"
            items.append(item(.event, subject: e.id, contact: nil, title: "\(verb) \(e.title)", due: e.date,
                              status: e.date == today ? .due : .dueSoon, daysLate: today - e.date,
                              lateReason: "event " + (e.date == today ? "today" : e.date.weekdayName)))
        }
        // Positions are sorted, not the items, and nearly every comparison ends at the score, the
        // day or the title, taken out beforehand: moving or comparing whole items copied a dozen
        // references each time (two thirds of the queue's time at 100,000 contacts).
        let scores = items.map { $0.score }, dues = items.map { $0.due }, titles = items.map { $0.title }
        let order = items.indices.sorted { a, b in
            if scores[a] != scores[b] { return scores[a] > scores[b] }
            if dues[a] != dues[b] { return dues[a] < dues[b] }
            if titles[a] != titles[b] { return titles[a] < titles[b] }
            return NurtureItem.ranks(items[a], items[b])
        }
        return order.map { items[$0] }
    }
}

extension NurtureItem {
    /// The queue's total order: score, then earlier due, then title, then id (compared as the
    /// kind's letter and the subject's bytes, which orders them as their text does).
    public static func ranks(_ a: NurtureItem, _ b: NurtureItem) -> Bool {
        if a.score != b.score { return a.score > b.score }
        if a.due != b.due { return a.due < b.due }
        if a.title != b.title { return a.title < b.title }
        if a.kind != b.kind { return a.kind.idPrefix < b.kind.idPrefix }
        return a.subject.orderKey < b.subject.orderKey
    }
}
