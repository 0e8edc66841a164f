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
    /// Overdue, due, due soon: for colour.
    public var status: TouchStatus
    /// The follow-up, contact or event the item is about.
    public var subject: UUID
    /// What the reasons are made of.
    var why: Why

    /// Each part of the score, in words, most telling first. Made when asked for, like the id:
    /// the pane shows the first reason of the rows on screen only.
    public var reasons: [String] { why.reasons(kind, due: due) }

    /// The facts behind an item's score, kept as values until its reasons are asked for.
    struct Why: Hashable, Sendable {
        /// Days past due (negative: days still to go).
        var daysLate: Int
        /// The contact's cadence, for a keep-in-touch item.
        var cadence = 0
        /// The contact's circle.
        var circle: Circle?
        /// The touches with the contact in which you received, and gave: "give first" when more
        /// were received.
        var received = 0, gave = 0
        /// What the contact said they need.
        var needs: String?

        func reasons(_ kind: NurtureKind, due: Day) -> [String] {
            func when(_ what: String) -> String {
                if daysLate > 0 { return "\(what) overdue \(daysLate) d" }
                if daysLate == 0 { return "\(what) due today" }
                return "\(what) due \(due.weekdayName)" + (daysLate < -6 ? " \(due.iso)" : "")
            }
            var reasons: [String]
            switch kind {
            case .followUp: reasons = [when("follow-up")]
            case .keepInTouch: reasons = [daysLate > 0 ? "overdue \(daysLate) d (every \(cadence) d)" : when("touch")]
            case .birthday: reasons = [daysLate == 0 ? "birthday today" : "birthday \(due.weekdayName)"]
            case .event: reasons = ["event " + (daysLate == 0 ? "today" : due.weekdayName)]
            }
            if let circle, circle != .acquaintance { reasons.append("\(circle.rawValue) circle") }
            if received > gave {
                var r = "you took \(received), gave \(gave) — give first"
                if let needs, !needs.isEmpty { r += ": they need \(needs)" }
                reasons.append(r)
            }
            return reasons
        }
    }
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
    ///
    /// Built in steps, for speed at 100,000 contacts (about 18,000 items a week): what is due is
    /// found as plain values (no contact is copied), with what ranks it; the first few hundred
    /// are ranked at once and the rest when the queue is first read beyond them; an item, and
    /// its title, is made only when the queue is read there (``NurtureQueue``). Ranking all
    /// 18,000 was about half of the queue, making them all another third, and the pane shows a
    /// few dozen.
    public func nurtureQueue(today: Day, all: Bool = false, weights: NurtureWeights = NurtureWeights()) -> NurtureQueue {
        let horizon = all ? Day(ordinal: Int.max / 2) : today.endOfISOWeek
        var found: [NurtureQueue.Candidate] = []
        // What the sort compares first, side by side: the score, highest first, then the day.
        var ranks: [(score: Double, due: Int)] = []

        func add(_ c: NurtureQueue.Candidate) {
            var score = 0.0
            if c.status == .overdue { score += weights.overdue }
            if c.daysLate > 0 {
                score += weights.perDayLate * Double(min(c.daysLate, weights.lateCap))
            } else {
                score -= weights.perDayAhead * Double(-c.daysLate)
            }
            if let p = c.contact {
                score += weights.circle(contacts.circle(at: p))
                if c.ledger.received > c.ledger.gave { score += weights.giveFirst }
            }
            score += weights.kind(c.kind)
            found.append(c); ranks.append((score, c.due.ordinal))
        }

        for f in followUps where f.done == nil && f.due <= horizon {
            if let s = f.snoozedUntil, s > today { continue }
            let p = f.contact.flatMap { contactPosition($0) }
            let late = today - f.due
            add(.init(kind: .followUp, contact: p, subject: f.id, due: f.due,
                      status: late > 0 ? .overdue : (late == 0 ? .due : .dueSoon), daysLate: late,
                      ledger: p.map { summary(at: $0).ledger } ?? Ledger(), title: .text(f.note)))
        }
        // By position, reading each contact in place: the facts are at hand without looking each
        // contact up by id.
        for p in contacts.indices {
            let snoozed = contacts.snoozedUntil(at: p).map { $0 > today } ?? false
            let facts = summary(at: p)
            if !snoozed, let t = touchState(at: p, today: today), t.due <= horizon || t.status == .overdue {
                add(.init(kind: .keepInTouch, contact: p, subject: contacts.id(at: p), due: t.due, status: t.status,
                          daysLate: t.daysLate, cadence: t.cadence, ledger: facts.ledger, title: .name(p, head: "get in touch with ", tail: "")))
            }
            if let b = contacts.birthday(at: p) {
                let next = b.next(onOrAfter: today)
                if next - today <= 7 && (all || next <= max(horizon, today + 7)) {
                    add(.init(kind: .birthday, contact: p, subject: contacts.id(at: p), due: next,
                              status: next == today ? .due : .dueSoon, daysLate: today - next, ledger: facts.ledger,
                              title: .name(p, head: "", tail: "'s birthday")))
                }
            }
        }
        for e in events where (e.status == .going || e.status == .considering) && e.date >= today && e.date - today <= 7 {
            add(.init(kind: .event, contact: nil, subject: e.id, due: e.date,
                      status: e.date == today ? .due : .dueSoon, daysLate: today - e.date,
                      title: .text((e.status == .going ? "prepare for " : "decide on ") + e.title)))
        }

        return NurtureQueue(NurtureQueue.Ranking(network: self, found: found, ranks: ranks))
    }

    /// An item's title, whole.
    func title(_ t: NurtureQueue.Title) -> String {
        switch t {
        case .text(let s): return s
        case .name(let p, let head, let tail): return head + contacts.name(at: p) + tail
        }
    }

    /// The prefix an item's title is ranked by, taken from its parts without making it.
    func titlePrefix(_ t: NurtureQueue.Title) -> OrderPrefix<5>? {
        switch t {
        case .text(let s): return OrderPrefix(s)
        case .name(let p, let head, let tail): return contacts.withNameUTF8(at: p) { OrderPrefix(utf8: head.utf8, $0, tail.utf8) }
        }
    }

    /// The item for `c`; its reasons are made from its facts when asked for.
    func item(_ c: NurtureQueue.Candidate, score: Double) -> NurtureItem {
        var why = NurtureItem.Why(daysLate: c.daysLate, cadence: c.cadence)
        if let p = c.contact {
            why.circle = contacts.circle(at: p)
            if c.ledger.received > c.ledger.gave {
                why.received = c.ledger.received; why.gave = c.ledger.gave; why.needs = contacts.needs(at: p)
            }
        }
        return NurtureItem(kind: c.kind, contact: c.contact.map(contacts.id(at:)), contactName: c.contact.map(contacts.name(at:)),
                           title: title(c.title), due: c.due, score: score, status: c.status, subject: c.subject, why: why)
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
