import Foundation
import Testing
import KithCore
@testable import KithUI

func visibleNames(_ s: AppState) -> [String] { s.contactOrder.map { s.network.contacts[$0].name } }

@Suite struct FilterTests {
    @Test func slashFiltersAsYouTypeIgnoringCaseAndAccents() {
        var s = demoState()
        press(&s, .char("/"))
        type(&s, "z")
        #expect(visibleNames(s).allSatisfy { Fold.key($0).contains("z") || true })
        type(&s, "oe")
        #expect(visibleNames(s) == ["Zoë Ångström"])
        #expect(render(s).text.contains("Contacts 1/24 /zoe"))
        expectSnapshot(render(s), "filter-typing-80x24")
        press(&s, .enter)
        #expect(s.filterEditing == nil)
        #expect(visibleNames(s) == ["Zoë Ångström"])
        press(&s, .enter)
        #expect(s.screen == .detail(s.network.contacts[s.contactOrder[0]].id))
        press(&s, .escape, .char("/"), .escape)
        #expect(visibleNames(s).count == 24)
        press(&s, .char("/"))
        type(&s, "angstrom")
        #expect(visibleNames(s) == ["Zoë Ångström"])
    }

    @Test func qualifiersCombineWithWords() {
        var s = demoState()
        press(&s, .char("/"))
        type(&s, "field:sales")
        let sales = visibleNames(s)
        #expect(!sales.isEmpty)
        #expect(sales.allSatisfy { name in s.network.contacts.first { $0.name == name }?.field == "sales" })
        type(&s, " circle:inner")
        #expect(visibleNames(s).allSatisfy { name in s.network.contacts.first { $0.name == name }?.circle == .inner })
        _ = reduce(&s, .key(.ctrl("u")))
        type(&s, "status:overdue")
        #expect(visibleNames(s).allSatisfy { name in
            let c = s.network.contacts.first { $0.name == name }!
            return s.network.touchState(of: c, today: today)?.status == .overdue
        })
        _ = reduce(&s, .key(.ctrl("u")))
        type(&s, "nobody-is-called-this")
        #expect(visibleNames(s).isEmpty)
        #expect(render(s).text.contains("No match"))
    }

    /// The dashboard makes the contacts' search index off the input thread and hands it over; one
    /// made for other contacts (before a rename) is not used, and one made after a logged touch is
    /// (a touch leaves the contacts' revision as it is).
    @Test func aSearchIndexMadeElsewhereIsUsedOnlyForTheseContacts() throws {
        var s = demoState(contacts: 60)
        let before = SearchIndex(s.network)
        var c = s.network.contacts[0]
        c.name = "Quentin Quarrington"
        try s.document.apply(.updateContact(c))
        s.refresh()
        s.adopt(before) // made for the contacts before the rename: not used
        press(&s, .char("/"))
        type(&s, "quarr")
        #expect(visibleNames(s) == ["Quentin Quarrington"])
        press(&s, .ctrl("u"))
        try s.document.apply(.addInteraction(Interaction(contacts: [c.id], date: today)))
        s.refresh()
        s.adopt(SearchIndex(s.network))
        type(&s, "quarr")
        #expect(visibleNames(s) == ["Quentin Quarrington"])
    }

    /// The nurture queue's search index is made off the input thread too and handed over; one
    /// made for another queue (another day's, or before a touch was logged) is not used.
    @Test func aQueueIndexMadeElsewhereIsUsedOnlyForThatQueue() throws {
        func filtered(_ s: AppState) -> [String] {
            var s = s
            press(&s, .tab, .tab, .char("/"))
            type(&s, "an")
            return s.queue.map(\.id)
        }
        var s = demoState(contacts: 200)
        let yesterdays = try #require(s.queueIndexJob).make()
        _ = reduce(&s, .day(today + 9))
        let expected = filtered(s) // (its own index, made as the word is typed)
        #expect(!expected.isEmpty && expected.count < s.fullQueueCount)
        var other = s
        other.adopt(yesterdays) // another day's queue: not used
        #expect(other.queueIndexJob != nil)
        #expect(filtered(other) == expected)
        let made = try #require(s.queueIndexJob).make()
        s.adopt(made)
        #expect(s.queueIndexJob == nil)
        #expect(filtered(s) == expected)
        let due = try #require(s.queue.first { $0.kind == .keepInTouch && $0.contactName?.localizedCaseInsensitiveContains("an") == true })
        try s.document.apply(.addInteraction(Interaction(contacts: [try #require(due.contact)], date: today + 9, exchange: .gave)))
        s.refresh()
        s.adopt(made) // the queue before the touch: not used
        #expect(s.queueIndexJob != nil)
        let after = filtered(s)
        #expect(after.count == expected.count - 1 && !after.contains(due.id))
    }

    /// A change lets the week's queue go before it is applied (so that the network's arrays
    /// change in place): a refused one leaves the queue made again, as it was.
    @Test func aRefusedChangeLeavesTheQueueAsItWas() {
        var s = demoState(contacts: 60)
        press(&s, .tab, .tab)
        let before = s.queue.map(\.id)
        #expect(!before.isEmpty)
        #expect(s.commit(.deleteInteraction(UUID()), label: "nothing").isEmpty)
        #expect(s.message?.isError == true)
        #expect(s.queue.map(\.id) == before && s.fullQueueCount == before.count)
        #expect(render(s).text.contains("Nurture (\(before.count))"))
    }

    @Test func eachPaneHasItsOwnFilter() {
        var s = demoState()
        press(&s, .tab, .tab, .char("/"))
        type(&s, "birthday")
        #expect(s.queue.allSatisfy { $0.kind == .birthday })
        #expect(render(s).text.contains("Nurture \(s.queue.count)/\(s.fullQueueCount) /birthday"))
        #expect(s.filters[.contacts] == nil)
    }

    /// The nurture pane finds words through an index of its items' text, made on the first word
    /// typed and kept while the queue is: each keystroke shows what matching every item would.
    @Test func theNurtureFilterShowsWhatMatchingEachItemWould() {
        var s = demoState(contacts: 300)
        press(&s, .tab, .tab, .char("/"))
        let full = s.network.nurtureQueue(today: s.today)
        var typed = ""
        for text in ["e", "er", "ere", "ere status:over", "ere status:overdue circle:inner"] {
            type(&s, String(text.dropFirst(typed.count)))
            typed = text
            let q = SearchQuery(text)
            let expected = full.keeping { s.network.matches($0, q) }.map(\.id), shown = s.queue.map(\.id)
            let same = shown == expected // (bound first: a failure would print both lists)
            #expect(same, "\(text): \(shown.count) shown, \(expected.count) expected")
        }
        // After a change the queue is made again, and so is its index: the item marked done goes.
        press(&s, .ctrl("u"))
        type(&s, "e")
        press(&s, .enter)
        let done = s.queue[0].id
        press(&s, .char("d"))
        let q = SearchQuery("e"), now = s.network.nurtureQueue(today: s.today)
        let shown = s.queue.map(\.id)
        let same = !shown.contains(done) && shown == now.keeping { s.network.matches($0, q) }.map(\.id)
        #expect(same)
    }

    @Test func oCyclesTheSortAndSaysSo() {
        var s = demoState()
        press(&s, .char("o"))
        #expect(s.contactSort == .lastTouch)
        #expect(render(s).text.contains("· by last touch"))
        let last = s.contactOrder.map { s.network.lastTouch(s.network.contacts[$0].id)?.ordinal ?? Int.min }
        #expect(last == last.sorted(by: >))
        press(&s, .char("o"))
        #expect(s.contactSort == .due)
        let late = s.contactOrder.map { s.network.touchState(of: s.network.contacts[$0], today: today)?.daysLate ?? Int.min }
        #expect(late == late.sorted(by: >))
        // Equal keys keep the order by name.
        let rank = Dictionary(uniqueKeysWithValues: s.network.nameOrder.enumerated().map { ($1, $0) })
        let ties = zip(s.contactOrder, s.contactOrder.dropFirst()).filter { a, b in late[s.contactOrder.firstIndex(of: a)!] == late[s.contactOrder.firstIndex(of: b)!] }
        #expect(!ties.isEmpty)
        #expect(ties.allSatisfy { a, b in rank[a]! < rank[b]! })
        press(&s, .char("o"))
        #expect(s.contactSort == .name)
    }
}

@Suite struct FormTests {
    @Test func addAContactThroughTheForm() throws {
        var s = demoState()
        press(&s, .char("a"))
        #expect(s.screen == .form)
        expectSnapshot(render(s), "form-add-contact-80x24")
        expectSnapshot(render({ var t = s; _ = reduce(&t, .resize(width: 132, height: 43)); return t }()), "form-add-contact-132x43")
        expectSnapshot(render({ var t = s; _ = reduce(&t, .resize(width: 40, height: 10)); return t }()), "form-add-contact-40x10")
        type(&s, "Mina Sato")
        press(&s, .tab); type(&s, "Hooli")
        press(&s, .tab); type(&s, "CTO")
        press(&s, .tab); type(&s, "Engineering")
        press(&s, .tab); type(&s, "close")
        press(&s, .tab); type(&s, "speaker, mentor")
        let effects = press(&s, .enter)
        #expect(effects == [.save])
        #expect(s.screen == .dashboard)
        let c = try s.network.findContact("mina")
        #expect(c.company == "Hooli" && c.role == "CTO" && c.circle == .close && c.tags == ["speaker", "mentor"])
        #expect(c.field == "engineering") // the first spelling of an existing field
        #expect(s.selectedContact?.id == c.id)
    }

    @Test func validationIsInline() {
        var s = demoState()
        press(&s, .char("a"), .enter)
        #expect(s.form?.error == "The name is empty")
        type(&s, "X")
        for _ in 0..<4 { press(&s, .tab) }
        type(&s, "best")
        press(&s, .enter)
        #expect(s.form?.error?.contains("is not a circle") == true)
        #expect(s.form?.focus == 4)
        expectSnapshot(render(s), "form-error-80x24")
        _ = reduce(&s, .key(.ctrl("u")))
        for _ in 0..<4 { press(&s, .tab) }
        type(&s, "1990-02-30")
        press(&s, .enter)
        #expect(s.form?.error?.contains("not a birthday") == true)
        #expect(s.screen == .form)
    }

    @Test func aDuplicateNameWarnsOnceThenSaves() throws {
        var s = demoState()
        let before = s.network.contacts.count
        press(&s, .char("a"))
        type(&s, "zoë ångström")
        press(&s, .enter)
        #expect(s.form?.error?.contains("already exists") == true)
        #expect(s.network.contacts.count == before)
        press(&s, .enter)
        #expect(s.network.contacts.count == before + 1)
    }

    @Test func editLogAndFollowUpFromTheDashboardAndTheDetail() throws {
        var s = demoState()
        let c = s.selectedContact!
        press(&s, .char("e"))
        #expect(s.form?.title == "Edit \(c.name)")
        #expect(s.form?["Name"] == c.name)
        for _ in 0..<10 { press(&s, .tab) }
        _ = reduce(&s, .key(.ctrl("u")))
        type(&s, "a good accountant")
        press(&s, .enter)
        #expect(s.network.contact(c.id)?.needs == "a good accountant")

        press(&s, .enter) // detail
        press(&s, .char("L"))
        expectSnapshot(render(s), "form-log-80x24")
        press(&s, .tab, .tab)
        _ = reduce(&s, .key(.ctrl("u")))
        type(&s, "gave")
        press(&s, .tab)
        type(&s, "sent the article")
        press(&s, .enter)
        #expect(s.screen == .detail(c.id))
        let touch = s.network.interactions(with: c.id).first!
        #expect(touch.exchange == .gave && touch.note == "sent the article" && touch.date == today)

        press(&s, .char("f"))
        _ = reduce(&s, .key(.ctrl("u")))
        type(&s, "friday")
        press(&s, .tab)
        type(&s, "send the intro")
        press(&s, .enter)
        #expect(s.network.followUps(for: c.id).contains { $0.note == "send the intro" && $0.due.iso == "2026-12-04" })
        press(&s, .char("f"), .enter)
        #expect(s.form?.error == "The note is empty")
    }

    @Test func addAnEventInTheEventsPane() {
        var s = demoState()
        press(&s, .tab, .char("a"))
        #expect(s.form?.title == "Add an event")
        expectSnapshot(render(s), "form-add-event-80x24")
        type(&s, "Robotics Night")
        press(&s, .tab); type(&s, "someday")
        press(&s, .enter)
        #expect(s.form?.error?.contains("is not a date") == true)
        _ = reduce(&s, .key(.ctrl("u")))
        type(&s, "+5d")
        press(&s, .tab); type(&s, "19:00")
        press(&s, .enter)
        #expect(s.network.events.contains { $0.title == "Robotics Night" && $0.date == today + 5 && $0.time == 19 * 60 })
        #expect(render(s).text.contains("Robotics Night"))
    }

    @Test func resizeInAFormKeepsWhatWasTyped() {
        var s = demoState()
        press(&s, .char("a"))
        type(&s, "Half Typed")
        _ = reduce(&s, .resize(width: 20, height: 6))
        _ = reduce(&s, .resize(width: 80, height: 24))
        #expect(s.form?["Name"] == "Half Typed")
        #expect(render(s).text.contains("Half Typed"))
    }
}

@Suite struct DeleteUndoTests {
    @Test func xAsksNamingWhatGoesThenUndoBringsItBack() throws {
        var s = demoState()
        let c = s.selectedContact!
        let touches = s.network.interactions(with: c.id).count
        press(&s, .char("x"))
        #expect(s.confirmation?.question.contains("Delete \(c.name) with \(touches) interaction") == true)
        expectSnapshot(render(s), "confirm-delete-80x24")
        press(&s, .char("n"))
        #expect(s.network.contact(c.id) != nil)
        #expect(s.message?.text == "Not deleted")
        press(&s, .char("x"))
        #expect(press(&s, .char("y")) == [.save])
        #expect(s.network.contact(c.id) == nil)
        #expect(press(&s, .char("u")) == [.save])
        #expect(s.network.contact(c.id) == c)
        #expect(s.network.interactions(with: c.id).count == touches)
        press(&s, .ctrl("r"))
        #expect(s.network.contact(c.id) == nil)
    }

    @Test func deletingAnEventTakesItsFollowUps() throws {
        var s = demoState()
        press(&s, .tab)
        let e = try #require(s.selectedEvent)
        press(&s, .char("x"), .char("y"))
        #expect(s.network.event(e.id) == nil)
        press(&s, .char("u"))
        #expect(s.network.event(e.id) == e)
    }
}

@Suite struct NotesEditorTests {
    @Test func eAsksTheRuntimeForTheEditorAndSavesWhatComesBack() {
        var s = demoState()
        let c = s.selectedContact!
        #expect(press(&s, .char("E")) == [.editNotes(c.id)])
        #expect(s.finishEditingNotes(c.id, text: "new notes\n") == [.save])
        #expect(s.network.contact(c.id)?.notes == "new notes")
        #expect(s.finishEditingNotes(c.id, text: "new notes").isEmpty)
        #expect(s.finishEditingNotes(c.id, text: nil, error: "The editor failed").isEmpty)
        #expect(s.message?.isError == true)
    }
}

@Suite struct HelpCoverageTests {
    @Test func everyScreensHelpShowsEveryBindingAt80Columns() {
        for screen in [Keymap.Screen.dashboard, .detail, .review, .insights] {
            var s = demoState(height: 60)
            switch screen {
            case .detail: press(&s, .enter)
            case .review: press(&s, .char("w"))
            case .insights: press(&s, .char("i"))
            default: break
            }
            press(&s, .char("?"))
            let text = render(s).text
            for b in Keymap.standard.bindings[screen]! { #expect(text.contains(b.help), "\(screen): \(b.help)") }
        }
    }
}

@Suite struct KeymapConfigTests {
    @Test func theConfigFileCanRebindKeysAndHelpFollows() throws {
        let map = try Keymap.standard.rebinding(["quit": ["Q"], "startReview": ["r", "Ctrl-W"]])
        #expect(map.action(for: .char("Q"), on: .dashboard) == .quit)
        #expect(map.action(for: .char("q"), on: .dashboard) == nil)
        #expect(map.action(for: .ctrl("w"), on: .dashboard) == .startReview)
        var s = demoState(height: 60)
        s.keymap = map
        press(&s, .char("?"))
        #expect(render(s).text.contains("r / Ctrl-W"))
        // A key taken from another action leaves that action.
        let taken = try Keymap.standard.rebinding(["quit": ["d"]])
        #expect(taken.action(for: .char("d"), on: .dashboard) == .quit)
        #expect(throws: Keymap.BindingError.self) { try Keymap.standard.rebinding(["fly": ["f"]]) }
        #expect(throws: Keymap.BindingError.self) { try Keymap.standard.rebinding(["quit": ["Hyper-Q"]]) }
        #expect(Key(name: "PgDn") == .pageDown && Key(name: "shift-tab") == .backTab && Key(name: "Space") == .char(" "))
    }
}
