import Foundation
import Testing
import KithCore
@testable import KithUI

let today = Day(iso: "2026-11-30")!

/// A state on the demo network (deterministic for a seed and a day), not bound to a real file.
func demoState(width: Int = 80, height: Int = 24, contacts: Int = 24) -> AppState {
    let doc = NetworkDocument(path: "/nonexistent/kith-ui-test.plist",
                              network: Demo.network(contacts: contacts, seed: 1, today: today))
    return AppState(document: doc, today: today, width: width, height: height)
}

@discardableResult
func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
    var effects: [Effect] = []
    for k in keys { effects += reduce(&state, .key(k)) }
    return effects
}

@Suite struct DashboardScreenTests {
    @Test func dashboardAt80x24() {
        expectSnapshot(render(demoState()), "dashboard-80x24")
    }

    @Test func dashboardAt132x43() {
        expectSnapshot(render(demoState(width: 132, height: 43)), "dashboard-132x43")
    }

    /// A dashboard left open past midnight moves to the new day: it then shows what a launch on
    /// that day shows (what is due, the events ahead, every age), with the row it was on.
    @Test func aDashboardLeftOpenPastMidnightMovesToTheNewDay() {
        var state = demoState(width: 132, height: 43)
        press(&state, .char("j"), .char("j"))
        let before = render(state)
        #expect(reduce(&state, .day(today)).isEmpty)
        let unmoved = render(state) == before // (comparisons bound first: a failure would print whole grids)
        #expect(unmoved) // the same day: nothing moves

        let monday = today + 7
        _ = reduce(&state, .day(monday))
        var launched = AppState(document: state.document, today: monday, width: 132, height: 43)
        press(&launched, .char("j"), .char("j"))
        let rolled = render(state), asLaunched = rolled == render(launched), moved = rolled != before
        #expect(asLaunched)
        #expect(moved)
        #expect(rolled.text.contains("Mon 07 Dec 2026") && !rolled.text.contains("Mon 30 Nov 2026"))
    }

    /// Quality over quantity: when the cadences ask for more touches a week than the budget, the
    /// nurture pane says so on its bottom edge, and stops saying it once the budget allows them.
    /// (From 2,000 contacts the load is counted on the queue's thread.)
    @Test(arguments: [24, 2_100]) func theNurturePaneSaysWhenTheCadencesAskTooMuch(_ contacts: Int) throws {
        var state = demoState(width: 132, height: 43, contacts: contacts)
        let load = state.network.nurtureLoad()
        var settings = state.network.settings
        settings.weeklyBudget = (load.perWeek / 2).rounded(.down)
        #expect(state.commit(.setSettings(settings), label: "budget") == [.save])
        let over = render(state).text
        #expect(over.contains("over budget: \(NurtureLoad.format(load.perWeek))/wk vs \(NurtureLoad.format(settings.weeklyBudget))"))

        settings.weeklyBudget = load.perWeek.rounded(.up) + 1
        _ = state.commit(.setSettings(settings), label: "budget")
        #expect(!render(state).text.contains("over budget"))
    }

    /// The header groups every count's thousands, as the pane titles do.
    @Test func theHeaderGroupsThousands() throws {
        let state = demoState(width: 132, height: 43, contacts: 6_000)
        #expect(state.fullQueueCount >= 1_000)
        let header = render(state).text.split(separator: "\n")[0]
        #expect(header.contains("kith · 6,000 contacts · \(ListDrawing.count(state.fullQueueCount)) to nurture this week"))
        #expect(header.contains(",") && !header.contains("\(state.fullQueueCount) to nurture"))
    }

    @Test func dashboardAtItsSmallestUsableSize() {
        expectSnapshot(render(demoState(width: 40, height: 10)), "dashboard-40x10")
    }

    @Test func tooSmallDownToOneCell() {
        expectSnapshot(render(demoState(width: 20, height: 6)), "too-small-20x6")
        for (w, h) in [(1, 1), (0, 0), (2, 1), (39, 24), (80, 9), (1, 30)] {
            let c = render(demoState(width: w, height: h))
            #expect(c.width == w && c.height == h)
        }
    }

    @Test func threePanesInOrderWithFocusOnContacts() {
        let text = render(demoState()).text
        let first = text.split(separator: "\n")[1]
        #expect(first.contains("┏ Contacts (24)"))
        #expect(first.contains("┌ Upcoming events"))
        #expect(text.contains("┌ Nurture ("))
    }

    @Test func wideAndCombiningCharactersKeepColumnsAligned() {
        let canvas = render(demoState())
        for (i, line) in canvas.lines.enumerated() {
            #expect(TextWidth.of(line) == 80, "line \(i): \(line)")
        }
        let text = canvas.text
        #expect(text.contains("Zoë Ångström"))
        #expect(text.contains("李小龙"))
        #expect(text.contains("Rene\u{301}e Dubois"))
    }

    @Test func tabMovesFocusAndSelectionMoves() {
        var s = demoState()
        press(&s, .tab)
        #expect(s.focus == .events)
        press(&s, .tab)
        #expect(s.focus == .nurture)
        press(&s, .tab)
        #expect(s.focus == .contacts)
        press(&s, .backTab)
        #expect(s.focus == .nurture)
        press(&s, .tab, .char("j"), .down, .char("j"))
        #expect(s.selected(.contacts) == 3)
        press(&s, .char("k"))
        #expect(s.selected(.contacts) == 2)
        press(&s, .char("G"))
        #expect(s.selected(.contacts) == 23)
        press(&s, .char("g"))
        #expect(s.selected(.contacts) == 0)
        press(&s, .pageDown)
        #expect(s.selected(.contacts) == 20) // 24 rows − header − status − border
        press(&s, .pageDown)
        #expect(s.selected(.contacts) == 23)
        #expect(s.scroll[.contacts] == 4)
        press(&s, .pageUp)
        #expect(s.selected(.contacts) == 3)
    }

    @Test func selectedRowIsHighlightedOnlyInTheFocusedPane() {
        var s = demoState()
        press(&s, .char("j"))
        let canvas = render(s)
        // Row 2 of the screen is the second contact.
        #expect(canvas[5, 3].role == .selection)
        #expect(canvas[5, 2].role == .normal)
        press(&s, .tab)
        #expect(render(s)[5, 3].role == .selectionUnfocused)
    }

    @Test func enterOpensTheContactAndEscGoesBack() {
        var s = demoState()
        press(&s, .enter)
        guard case .detail = s.screen else { Issue.record("not in detail"); return }
        expectSnapshot(render(s), "detail-80x24")
        press(&s, .escape)
        #expect(s.screen == .dashboard)
        press(&s, .enter, .char("q"))
        #expect(s.screen == .dashboard)
    }

    @Test func detailListsInteractionsNewestFirst() throws {
        var s = demoState(height: 60)
        press(&s, .enter)
        let text = render(s).text
        let dates = text.split(separator: "\n").compactMap { line -> String? in
            let l = line.drop { $0 == "┃" || $0 == " " }
            return Day(iso: l.prefix(10)) != nil ? String(l.prefix(10)) : nil
        }
        #expect(dates.count >= 2)
        #expect(dates == dates.sorted(by: >))
    }

    @Test func dMarksTheNurtureItemDoneAndAsksForASave() throws {
        var s = demoState()
        let before = s.queue.count
        press(&s, .tab, .tab)
        let item = s.queue[0]
        let effects = press(&s, .char("d"))
        #expect(effects == [.save])
        #expect(s.queue.count == before - 1)
        #expect(!s.queue.contains { $0.id == item.id })
        #expect(s.document.unsaved.count == 1)
        #expect(s.message?.text.hasPrefix("Done:") == true)
        // On another pane, d explains itself instead of acting.
        press(&s, .tab)
        #expect(press(&s, .char("d")).isEmpty)
        #expect(s.message?.text.contains("Nurture") == true)
    }

    @Test func doneOnAFollowUpCompletesIt() throws {
        var s = demoState()
        press(&s, .tab, .tab)
        guard let index = s.queue.firstIndex(where: { $0.kind == .followUp }) else { Issue.record("no follow-up"); return }
        let id = s.queue[index].subject
        for _ in 0..<index { press(&s, .char("j")) }
        press(&s, .char("d"))
        #expect(s.network.followUp(id)?.done == today)
    }

    @Test func helpIsGeneratedFromTheKeymap() {
        var s = demoState(height: 60)
        press(&s, .char("?"))
        let text = render(s).text
        for b in Keymap.standard.bindings[.dashboard]! {
            #expect(text.contains(b.help), "\(b.help)")
        }
        _ = reduce(&s, .resize(width: 80, height: 24))
        expectSnapshot(render(s), "help-dashboard-80x24")
        press(&s, .char("G"))
        #expect(render(s).text.contains("quit"))
        press(&s, .escape)
        #expect(s.screen == .dashboard)
    }

    @Test func qQuits() {
        var s = demoState()
        #expect(press(&s, .char("q")) == [.quit])
    }

    @Test func resizeKeepsTheStateAndTheSelectionInView() {
        var s = demoState()
        press(&s, .char("G"))
        _ = reduce(&s, .resize(width: 20, height: 6))
        #expect(render(s).text.contains("too small"))
        _ = reduce(&s, .resize(width: 80, height: 24))
        #expect(s.selected(.contacts) == 23)
        let canvas = render(s)
        #expect(canvas.lines[21].contains(s.network.contacts[s.contactOrder[23]].name))
    }

    @Test func emptyNetworkShowsAHint() {
        let s = AppState(document: NetworkDocument(path: "/nonexistent/x.plist"), today: today)
        let text = render(s).text
        #expect(text.contains("No contacts yet"))
        #expect(text.contains("kith demo"))
    }

    @Test func controlCharactersFromAContactAreShownAsPlaceholders() throws {
        var n = Network()
        try n.apply(.addContact(Contact(name: "Evil\u{1B}]0;owned\u{07}\u{1B}[2J\u{1B}[31mRed\u{202E}x", created: today)))
        var s = AppState(document: NetworkDocument(path: "/nonexistent/x.plist", network: n), today: today, width: 132, height: 30)
        #expect(render(s).text.contains("Evil␛]0;owned␇␛[2J"))
        press(&s, .enter)
        let canvas = render(s)
        #expect(canvas.text.contains("Evil␛]0;owned␇␛[2J␛[31mRed\u{FFFD}x"))
        for cell in canvas.cells {
            #expect(cell.char.unicodeScalars.allSatisfy { $0.value >= 0x20 && !(0x7F...0x9F).contains($0.value) && $0.value != 0x202E })
        }
    }
}

@Suite struct ContactOrderTests {
    /// The order by name is kept while only touches change (it is not sorted again), and made
    /// again as soon as a contact changes; with enough contacts that the queue is built on a
    /// second thread.
    @Test func theNameOrderFollowsTheContactsNotTheTouches() throws {
        var s = demoState(height: 43, contacts: 2_500)
        let names = { (s: AppState) in s.contactOrder.prefix(3).map { s.network.contacts[$0].name } }
        let before = names(s)
        let last = s.network.contacts[s.contactOrder.last!]
        try s.document.apply(.addInteraction(Interaction(contacts: [last.id], date: today, exchange: .gave)))
        s.refresh()
        #expect(names(s) == before)
        #expect(s.queue == s.network.nurtureQueue(today: today))
        var renamed = last
        renamed.name = "Aaron Aardvark"
        try s.document.apply(.updateContact(renamed))
        s.refresh()
        #expect(names(s).first == "Aaron Aardvark")
        #expect(s.queue == s.network.nurtureQueue(today: today))
    }
}
