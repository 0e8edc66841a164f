import Foundation
import Testing
@testable import KithCore

/// A hand-built network whose figures are worked out below (today is Mon 30 Nov 2026).
enum InsightsFixture {
    static let today = Day(iso: "2026-11-30")!
    static let a = Contact(id: Fixtures.uuid(1), name: "Ana Sales", field: "sales", circle: .inner, created: Day(iso: "2026-10-01")!)
    static let b = Contact(id: Fixtures.uuid(2), name: "Ben Loud", field: "SALES", circle: .close, created: Day(iso: "2026-11-01")!)
    static let c = Contact(id: Fixtures.uuid(3), name: "Cy Design", field: "design", circle: .close, needs: "a printer",
                           created: Day(iso: "2026-07-15")!)
    static let d = Contact(id: Fixtures.uuid(4), name: "Di Law", field: "law", circle: .wider, metAt: Fixtures.uuid(21),
                           created: Day(iso: "2026-02-10")!)
    static let e = Contact(id: Fixtures.uuid(5), name: "Ed None", circle: .acquaintance, created: Day(iso: "2025-12-01")!)

    static func network(myField: String? = "sales") throws -> Network {
        var n = Network()
        var s = Settings()
        s.myField = myField
        try n.apply(.setSettings(s))
        for c in [a, b, c, d, e] { try n.apply(.addContact(c)) }
        let touches: [(Contact, Int, Exchange)] = [(a, 5, .gave), (c, 100, .received), (c, 120, .received), (c, 200, .received),
                                                   (d, 10, .mutual), (b, 95, .received), (b, 20, .gave)]
        for (i, t) in touches.enumerated() {
            try n.apply(.addInteraction(Interaction(id: Fixtures.uuid(100 + i), contacts: [t.0.id], date: today - t.1, exchange: t.2)))
        }
        try n.apply(.addEvent(Event(id: Fixtures.uuid(21), title: "Design Days", date: today - 60, field: "design", status: .attended, met: [c.id])))
        try n.apply(.addEvent(Event(id: Fixtures.uuid(22), title: "Design Forum", date: today + 5, field: "Design", status: .considering)))
        try n.apply(.addEvent(Event(id: Fixtures.uuid(23), title: "Sales Kickoff", date: today + 6, field: "sales", status: .going)))
        try n.apply(.addEvent(Event(id: Fixtures.uuid(24), title: "Mystery", date: today + 7)))
        return n
    }
}

@Suite struct InsightsTests {
    let today = InsightsFixture.today

    @Test func fieldMixGroupsCaseInsensitivelyInTheFirstSpelling() throws {
        let s = try InsightsFixture.network().insights(today: today)
        #expect(s.contacts == 5)
        #expect(s.fields == [FieldCount(field: "sales", count: 2, isMine: true), FieldCount(field: "design", count: 1, isMine: false),
                             FieldCount(field: "law", count: 1, isMine: false)])
        #expect(s.withoutField == 1)
    }

    @Test func diversity() throws {
        let s = try InsightsFixture.network().insights(today: today)
        // 1 − (2/4)² − (1/4)² − (1/4)² = 1 − 0.25 − 0.0625 − 0.0625 = 0.625
        #expect(abs(s.simpson! - 0.625) < 1e-12)
        // design + law of 4 with a field
        #expect(s.outsideOwnField == 0.5)
        // Di (law) was added in Q1, Cy (design) in Q3; Ana and Ben are sales, Ed has no field.
        #expect(s.outsideByQuarter.map(\.quarter) == ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"])
        #expect(s.outsideByQuarter.map(\.count) == [1, 0, 1, 0])
    }

    @Test func giveTakeAndTheContactsYouMostlyTakeFrom() throws {
        let s = try InsightsFixture.network().insights(today: today)
        #expect(s.giveTakeAll.gave == 2 && s.giveTakeAll.received == 4 && s.giveTakeAll.mutual == 1)
        // Within 90 days: Ana gave (5 d), Di mutual (10 d), Ben gave (20 d).
        #expect(s.giveTake90.gave == 2 && s.giveTake90.received == 0 && s.giveTake90.mutual == 1)
        #expect(s.takers.map(\.contact.name) == ["Cy Design"]) // received 3 − gave 0 ≥ 2; Ben is 1 − 1
        #expect(s.takers.first?.contact.needs == "a printer")
    }

    @Test func circleHealth() throws {
        let s = try InsightsFixture.network().insights(today: today)
        let byCircle = Dictionary(uniqueKeysWithValues: s.circles.map { ($0.circle, ($0.total, $0.onCadence)) })
        #expect(byCircle[.inner]! == (1, 1))        // Ana: due in 9 days
        #expect(byCircle[.close]! == (2, 1))        // Ben due in 10; Cy 70 days late
        #expect(byCircle[.wider]! == (1, 1))        // Di touched 10 days ago
        #expect(byCircle[.acquaintance]! == (1, 1)) // no cadence: nothing due
    }

    @Test func eventPayoffCountsPeopleMetStillInTouch() throws {
        let s = try InsightsFixture.network().insights(today: today)
        #expect(s.payoff.count == 1)
        // Cy (in the met list) and Di (met there, per metAt); only Di was touched within cadence.
        #expect(Set(s.payoff[0].met) == [InsightsFixture.c.id, InsightsFixture.d.id])
        #expect(s.payoff[0].stillInTouch == 1)
    }

    @Test func eventScores() throws {
        let n = try InsightsFixture.network()
        let forum = n.score(n.event(Fixtures.uuid(22))!, today: today)
        // Widening: 10 × (1 − 1/4) = 7.5; payoff: 1 still in touch from Design Days × 2 = 2.
        #expect(forum.score == 9.5)
        #expect(forum.reasons == ["Design is 25% of your network (+7.5)", "1 of 2 met at 1 past event like it still in touch (+2.0)"])
        let kickoff = n.score(n.event(Fixtures.uuid(23))!, today: today)
        #expect(kickoff.score == 0)
        #expect(kickoff.reasons == ["your own field: widens nothing (+0)"])
        #expect(n.score(n.event(Fixtures.uuid(24))!, today: today).score == 0)
        // The rarer field outranks your own.
        #expect(forum.score > kickoff.score)
    }

    /// A field's share counts every spelling of it (case and accents ignored), against every
    /// contact that has a field.
    @Test func anEventsFieldShareCountsEverySpelling() throws {
        var n = Network()
        for f in ["Design", "design", "Désign", "sales", nil, ""] {
            try n.apply(.addContact(Contact(name: "C \(f ?? "none")", field: f, created: today)))
        }
        try n.apply(.addEvent(Event(title: "Crit night", date: today + 3, field: "DESIGN")))
        let fields = n.fieldCounts(today: today)
        #expect(fields.total == 4)
        #expect(fields.byKey == ["design": 3, "sales": 1])
        #expect(n.score(n.events[0], today: today).reasons == ["DESIGN is 75% of your network (+2.5)"])
    }

    /// Counts made earlier are kept for the same contacts (a touch logged) and counted again when
    /// a contact changes; the payoff is always today's.
    @Test func fieldCountsAreCountedAgainWhenTheContactsChange() throws {
        var n = Network()
        for f in ["design", "sales", "sales"] { try n.apply(.addContact(Contact(name: "C \(f)", field: f, created: today))) }
        let first = n.fieldCounts(today: today)
        try n.apply(.addInteraction(Interaction(contacts: [n.contacts[0].id], date: today)))
        let afterTouch = n.fieldCounts(today: today, reusing: first)
        #expect(afterTouch.byKey == ["design": 1, "sales": 2] && afterTouch.total == 3)
        var moved = n.contacts[0]
        moved.field = "law"
        try n.apply(.updateContact(moved))
        try n.apply(.addContact(Contact(name: "New", field: "Law", created: today)))
        let afterEdit = n.fieldCounts(today: today, reusing: afterTouch)
        #expect(afterEdit.byKey == ["law": 2, "sales": 2] && afterEdit.total == 4)
        let other = Network()
        #expect(other.fieldCounts(today: today, reusing: afterEdit).total == 0) // (another network's counts)
        // The payoff follows the day and the touches even when the counts are kept.
        var met = n
        let meetup = Event(title: "Meetup", date: today - 1, field: "law", status: .attended, met: [met.contacts[1].id])
        try met.apply(.addEvent(meetup))
        let withEvent = met.fieldCounts(today: today, reusing: afterEdit)
        #expect(withEvent.payoff.map(\.met.count) == [1])
        // Someone whose own record says they were met there counts too, once their record changes.
        var metThere = met.contacts[2]
        metThere.metAt = meetup.id
        try met.apply(.updateContact(metThere))
        #expect(met.fieldCounts(today: today, reusing: withEvent).payoff.map(\.met.count) == [2])
    }

    @Test func eventScoresLookOnlyAtPastEventsAlikeAndCountEachOnce() {
        // The scorer finds past events through field and tag indexes; a plain scan of every past
        // event must agree, for every upcoming event of a network with fields and tags in common.
        let n = Demo.network(contacts: 1500, seed: 9, today: today)
        let fields = n.fieldCounts(today: today)
        var checked = 0
        for e in n.events where e.date >= today {
            let fieldKey = e.field.map(Fold.key), tags = Set(e.tags.map(Fold.key))
            var kept = 0, met = 0, alike = 0
            for p in fields.payoffKeys where p.id != e.id && p.date < today
                && ((fieldKey != nil && p.field == fieldKey) || !tags.isDisjoint(with: p.tags)) {
                alike += 1; met += p.met; kept += p.kept
            }
            let score = n.score(e, today: today, fields: fields)
            let expected = alike == 0 ? nil
                : "\(kept) of \(met) met at \(alike) past event\(alike == 1 ? "" : "s") like it still in touch (+\(String(format: "%.1f", 2.0 * Double(kept))))"
            #expect(score.reasons.count == (expected == nil ? 1 : 2))
            if let expected { #expect(score.reasons.last == expected); checked += 1 }
        }
        #expect(checked > 5)
    }

    @Test func anEmptyNetworkOneFieldAndNoOwnField() throws {
        let empty = Network().insights(today: today)
        #expect(empty.contacts == 0 && empty.fields.isEmpty && empty.simpson == nil && empty.outsideOwnField == nil)
        #expect(empty.circles.allSatisfy { $0.total == 0 && $0.onCadence == 0 })
        #expect(empty.takers.isEmpty && empty.payoff.isEmpty)

        var one = Network()
        var s = Settings(); s.myField = "sales"
        try one.apply(.setSettings(s))
        for i in 0..<3 { try one.apply(.addContact(Contact(name: "S\(i)", field: "sales", created: today))) }
        let o = one.insights(today: today)
        #expect(o.simpson == 0)
        #expect(o.outsideOwnField == 0)

        let none = try InsightsFixture.network(myField: nil).insights(today: today)
        #expect(none.outsideOwnField == nil)
        #expect(none.fields.allSatisfy { !$0.isMine })
        // With no field of yours every field counts: Ana (1 Oct) and Ben (1 Nov) join Q4.
        #expect(none.outsideByQuarter.map(\.count) == [1, 0, 1, 2])
    }

    @Test func fieldsDifferingOnlyInCaseAreOneField() throws {
        let n = try InsightsFixture.network()
        #expect(n.canonicalField("DESIGN") == "design")
        #expect(n.canonicalField("  Law ") == "law")
        #expect(n.canonicalField("Robotics") == "Robotics")
        #expect(n.canonicalField("   ") == nil)
    }

    @Test func whoIMetAddsOrLinksAndFollowsUp() throws {
        var n = try InsightsFixture.network()
        let event = n.event(Fixtures.uuid(21))!
        try n.apply(try n.meet(name: "New Person", at: event, field: "DESIGN", note: "talked printers", followUp: today + 2, today: today))
        let p = try n.findContact("new person")
        #expect(p.field == "design")
        #expect(p.metAt == event.id)
        #expect(n.event(event.id)!.met.contains(p.id))
        #expect(n.interactions(with: p.id).first?.note == "talked printers")
        #expect(n.followUps(for: p.id).first?.due == today + 2)
        // An existing name is linked, not duplicated.
        let before = n.contacts.count
        try n.apply(try n.meet(name: "ana sales", at: event, field: nil, note: nil, followUp: nil, today: today))
        #expect(n.contacts.count == before)
        #expect(n.event(event.id)!.met.contains(InsightsFixture.a.id))
        #expect(throws: LookupError.emptyName) { try n.meet(name: " ", at: event, field: nil, note: nil, followUp: nil, today: today) }
    }

    /// Scores are worded through the C library's `strfromd`: the same text Foundation's gives.
    @Test func scoresAreWordedAsFoundationFormatsThem() {
        var rng = SeededGenerator(seed: 0x5C0E)
        let values = [0, -0.0, 0.05, 0.15, 0.25, 0.35, 2.45, -7.25, 9.95, 1e15, 1e300, -1e300, .infinity, -.infinity, .nan,
                      Double.leastNonzeroMagnitude, 10 * (1 - 3.0 / 7)] + (0..<500).map { _ in Double(Int64(bitPattern: rng.next())) / 1e15 }
        // (The last two take Foundation's way: flags are not read by kith's.)
        for spec in ["%.1f", "%4.1f", "%.2f", "%12.3f", "%05.1f", "%-6.1f"] {
            for x in values {
                let same = Printf.double(spec, x) == String(format: spec, x) // (bound first: a failure prints the value)
                #expect(same, "\(spec) of \(x)")
            }
        }
    }
}
