import Foundation
@testable import KithCore

/// A small hand-built network with known answers.
enum Fixtures {
    static let today = Day(iso: "2026-11-30")! // a Monday

    static func uuid(_ n: Int) -> UUID {
        UUID(uuidString: String(format: "00000000-0000-4000-8000-%012d", n))!
    }

    static func network() throws -> Network {
        var n = Network()
        let zoe = Contact(id: uuid(1), name: "Zoë Ångström", company: "Northwind", field: "design", circle: .inner,
                          tags: ["speaker"], emails: ["zoe@example.com"], needs: "an intro to a designer",
                          created: today - 100)
        let li = Contact(id: uuid(2), name: "李小龙", field: "engineering", circle: .close, created: today - 50)
        let renee = Contact(id: uuid(3), name: "Rene\u{301}e Dubois", field: "law", circle: .wider, created: today - 10)
        let sam = Contact(id: uuid(4), name: "Sam Patel", company: "Smile Labs 🙂", field: "sales", circle: .acquaintance,
                          created: today - 400)
        for c in [zoe, li, renee, sam] { try n.apply(.addContact(c)) }
        // Zoë: last touched 30 days ago, inner (14 d): overdue by 16 > 7.
        try n.apply(.addInteraction(Interaction(id: uuid(101), contacts: [zoe.id], date: today - 30, kind: .call, note: "coffee", exchange: .received)))
        try n.apply(.addInteraction(Interaction(id: uuid(102), contacts: [zoe.id], date: today - 40, kind: .email, note: "asked for help", exchange: .received)))
        // 李小龙: touched 25 days ago, close (30 d): due in 5 days (due soon).
        try n.apply(.addInteraction(Interaction(id: uuid(103), contacts: [li.id], date: today - 25, kind: .meeting, exchange: .gave)))
        try n.apply(.addEvent(Event(id: uuid(201), title: "DesignOps Meetup", date: today + 3, time: 18 * 60 + 30,
                                    location: "Berlin", field: "design", status: .going)))
        try n.apply(.addEvent(Event(id: uuid(202), title: "Legal Tech Drinks", date: today + 12, field: "law")))
        try n.apply(.addEvent(Event(id: uuid(203), title: "Old Conference", date: today - 60, status: .attended, met: [renee.id])))
        try n.apply(.addFollowUp(FollowUp(id: uuid(301), contact: li.id, due: today - 2, note: "send the deck")))
        try n.apply(.addFollowUp(FollowUp(id: uuid(302), contact: renee.id, due: today + 4, note: "ask about the case")))
        return n
    }

    /// A generated network with every optional field set somewhere, including text that XML
    /// cannot carry as is, or must escape (`contacts[5]`).
    static func everyField() throws -> Network {
        var n = Demo.network(contacts: 200, seed: 7, today: Fixtures.today)
        var c = n.contacts[5]
        c.notes = "line 1\r\nline 2 <b>&amp;</b> \u{1B}]0;owned\u{07} \u{1B}[2J \u{202E}rtl 🙂"
        c.birthday = Birthday(text: "--02-29")
        c.cadence = 21
        c.howMet = "at the \"bar\" & 'grill'"
        c.metAt = n.events[0].id
        c.snoozedUntil = Fixtures.today + 9
        try n.apply(.updateContact(c))
        var s = n.settings
        s.cadences = [.inner: 10, .wider: 60]
        s.weeklyBudget = 12.5
        s.myField = "design"
        try n.apply(.setSettings(s))
        var f = n.followUps[0]
        f.done = Fixtures.today
        f.snoozedUntil = Fixtures.today + 3
        f.event = n.events[1].id
        try n.apply(.updateFollowUp(f))
        var e = n.events[2]
        e.met = [n.contacts[0].id, n.contacts[1].id]
        e.notes = "good crowd"
        try n.apply(.updateEvent(e))
        return n
    }
}
