import Foundation
import Testing
@testable import KithCore

@Suite struct NameMatchingTests {
    @Test func matchesFullNamesAndUniquePartsIgnoringCaseAndDiacritics() throws {
        let n = try Fixtures.network()
        #expect(try n.findContact("zoe").name == "Zoë Ångström")
        #expect(try n.findContact("ANGSTROM").name == "Zoë Ångström")
        #expect(try n.findContact("李").name == "李小龙")
        #expect(try n.findContact("renee").name == "Rene\u{301}e Dubois")
        #expect(try n.findContact("  sam patel ").name == "Sam Patel")
    }

    @Test func ambiguityListsTheCandidates() throws {
        var n = try Fixtures.network()
        try n.apply(.addContact(Contact(name: "Sam Porter", created: Fixtures.today)))
        #expect(throws: LookupError.ambiguous("sam", ["Sam Patel", "Sam Porter"])) { try n.findContact("sam") }
        // An exact full name wins over a part of another name.
        try n.apply(.addContact(Contact(name: "Sam", created: Fixtures.today)))
        #expect(try n.findContact("sam").name == "Sam")
        #expect(throws: LookupError.noContact("nobody")) { try n.findContact("nobody") }
        #expect(throws: LookupError.emptyName) { try n.findContact("  ") }
    }
}

@Suite struct StoreTests {
    @Test func anyTouchResetsTheCadenceAndFillsTheLedger() throws {
        var n = try Fixtures.network()
        let zoe = try n.findContact("zoe")
        #expect(n.touchState(of: zoe, today: Fixtures.today)?.status == .overdue)
        #expect(n.ledger(zoe.id).received == 2)
        try n.apply(.addInteraction(Interaction(contacts: [zoe.id], date: Fixtures.today, kind: .message, exchange: .gave)))
        #expect(n.lastTouch(zoe.id) == Fixtures.today)
        #expect(n.touchState(of: zoe, today: Fixtures.today)?.status == .ok)
        #expect(n.ledger(zoe.id).gave == 1)
        #expect(n.interactions(with: zoe.id).first?.date == Fixtures.today)
    }

    @Test func undoRestoresADeletedContactWithItsHistory() throws {
        var n = try Fixtures.network()
        let before = n
        let li = try n.findContact("李小龙")
        let undo = try n.apply(.deleteContact(li.id))
        #expect(n.contact(li.id) == nil)
        #expect(n.followUps.allSatisfy { $0.contact != li.id })
        #expect(n.interactions.allSatisfy { !$0.contacts.contains(li.id) })
        try n.apply(undo)
        #expect(n.contact(li.id) == li)
        #expect(Set(n.interactions) == Set(before.interactions))
        #expect(Set(n.followUps) == Set(before.followUps))
    }

    @Test func changesWithUnknownOrDuplicateIdsAreRefusedWithoutEffect() throws {
        var n = try Fixtures.network()
        let before = n
        #expect(throws: ChangeError.self) { try n.apply(.addContact(n.contacts[0])) }
        #expect(throws: ChangeError.self) {
            try n.apply(.addInteraction(Interaction(contacts: [Fixtures.uuid(999)], date: Fixtures.today)))
        }
        #expect(throws: ChangeError.self) {
            try n.apply(.batch([.addContact(Contact(name: "X", created: Fixtures.today)), .deleteFollowUp(Fixtures.uuid(999))]))
        }
        #expect(n == before)
    }
}

/// The store's id indexes and per-contact facts, which are kept in step by every change.
@Suite struct IndexTests {
    struct Item: Identifiable { var id: UUID }

    @Test func positionsAreFoundAsTheTableGrowsAndRepeatsAreRefused() throws {
        var items: [Item] = []
        var index = PositionIndex()
        for _ in 0..<5000 {
            let item = Item(id: UUID())
            let added = index.insert(item.id, at: items.count, in: items)
            #expect(added)
            items.append(item)
        }
        for (i, item) in items.enumerated() { #expect(index.position(of: item.id, in: items) == i) }
        #expect(index.position(of: UUID(), in: items) == nil)
        let again = index.insert(items[1234].id, at: items.count, in: items)
        #expect(!again)
        #expect(throws: ChangeError.duplicateID("thing", items[7].id)) { try PositionIndex(items + [items[7]], what: "thing") }
        #expect(PositionIndex().position(of: items[0].id, in: items) == nil)
    }

    @Test func lastTouchesAndLedgersFollowAddsAndDeletes() throws {
        var n = try Fixtures.network()
        let zoe = Fixtures.uuid(1), li = Fixtures.uuid(2)
        #expect(n.lastTouch(zoe) == Fixtures.today - 30)
        #expect(n.ledger(zoe).received == 2)
        // A touch shared by two; then the first contact goes, and the other keeps their facts.
        try n.apply(.addInteraction(Interaction(contacts: [zoe, li], date: Fixtures.today - 1, exchange: .gave)))
        #expect(n.lastTouch(li) == Fixtures.today - 1)
        #expect(n.ledger(li).gave == 2)
        try n.apply(.deleteContact(zoe))
        #expect(n.lastTouch(zoe) == nil && n.ledger(zoe) == Ledger())
        #expect(n.lastTouch(li) == Fixtures.today - 1)
        #expect(n.interactions(with: li).map(\.date) == [Fixtures.today - 1, Fixtures.today - 25])
        let ada = Contact(name: "Ada", created: Fixtures.today)
        try n.apply(.addContact(ada))
        #expect(n.lastTouch(ada.id) == nil && n.interactions(with: ada.id).isEmpty)
    }
}
