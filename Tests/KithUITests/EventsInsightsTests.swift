import Foundation
import Testing
import KithCore
@testable import KithUI

@Suite struct EventsPaneTests {
    @Test func eventsAreGroupedByWeekWithScoresAndHeadingsAreSkipped() {
        var s = demoState(contacts: 80)
        let headings = s.eventRows.filter { $0.event == nil }.count
        #expect(headings >= 1)
        #expect(s.eventRows.first?.event == nil) // a heading comes first
        #expect(s.selectedEvent != nil || s.eventRows.isEmpty)
        press(&s, .tab)
        for _ in 0..<s.eventRows.count { press(&s, .char("j")); #expect(s.selectedEvent != nil) }
        for _ in 0..<s.eventRows.count { press(&s, .char("k")); #expect(s.selectedEvent != nil) }
        let text = render(s).text
        #expect(text.contains("This week") || text.contains("Next week") || text.contains("Week of"))
    }

    @Test func pShowsPastEventsAndSCyclesTheStatus() throws {
        var s = demoState()
        press(&s, .tab, .char("p"))
        #expect(s.showPastEvents)
        #expect(render(s).text.contains("Past events ("))
        let e = try #require(s.selectedEvent)
        #expect(e.date < today)
        let effects = press(&s, .char("s"))
        #expect(effects == [.save])
        let next = EventStatus.allCases[(EventStatus.allCases.firstIndex(of: e.status)! + 1) % 4]
        #expect(s.network.event(e.id)?.status == next)
        #expect(s.selectedEvent?.id == e.id)
        press(&s, .char("u"))
        #expect(s.network.event(e.id)?.status == e.status)
        press(&s, .char("p"))
        #expect(render(s).text.contains("Upcoming events ("))
    }
}

@Suite struct WhoIMetTests {
    @Test func recordsSeveralPeopleWithFollowUps() throws {
        var s = demoState()
        press(&s, .tab, .char("p"))
        let event = try #require(s.selectedEvent)
        press(&s, .char("m"))
        #expect(s.screen == .form)
        expectSnapshot(render(s), "who-i-met-80x24")
        type(&s, "Pat Quinn")
        press(&s, .tab)
        type(&s, "Design")
        press(&s, .tab)
        type(&s, "onboarding research")
        #expect(press(&s, .enter) == [.save])
        #expect(s.form?.done == ["Pat Quinn"])
        #expect(s.form?["Name"] == "")
        #expect(s.form?["Follow up"] == "+2d")
        type(&s, "Lee Park")
        press(&s, .tab)
        type(&s, "law")
        press(&s, .enter)
        expectSnapshot(render(s), "who-i-met-after-two-80x24")
        press(&s, .escape)
        #expect(s.screen == .dashboard)
        #expect(s.message?.text == "Recorded 2: Pat Quinn, Lee Park")
        let pat = try s.network.findContact("pat quinn")
        #expect(pat.metAt == event.id)
        #expect(pat.field == s.network.canonicalField("design"))
        #expect(s.network.followUps(for: pat.id).first?.due == today + 2)
        #expect(s.network.event(event.id)?.status == .attended)
        #expect(s.network.event(event.id)?.met.contains(pat.id) == true)
        #expect(s.network.interactions(with: pat.id).first?.note == "onboarding research")
    }

    @Test func anEmptyNameOrABadDateIsAnInlineError() {
        var s = demoState()
        press(&s, .tab, .char("p"), .char("m"))
        press(&s, .enter)
        #expect(s.form?.error == "The name is empty")
        #expect(render(s).text.contains("✗ The name is empty"))
        type(&s, "Someone")
        press(&s, .backTab)
        _ = reduce(&s, .key(.ctrl("u")))
        type(&s, "whenever")
        let before = s.network
        press(&s, .enter)
        #expect(s.form?.error?.contains("is not a date") == true)
        #expect(s.network == before)
    }

    @Test func upcomingEventsCannotHaveMetAnyone() {
        var s = demoState()
        press(&s, .tab, .char("m"))
        #expect(s.screen == .dashboard)
        #expect(s.message?.text.contains("once it happened") == true)
    }
}

@Suite struct InsightsScreenTests {
    @Test func insightsAtThreeSizes() {
        var s = demoState()
        press(&s, .char("i"))
        #expect(s.screen == .insights)
        expectSnapshot(render(s), "insights-80x24")
        _ = reduce(&s, .resize(width: 132, height: 43))
        expectSnapshot(render(s), "insights-132x43")
        _ = reduce(&s, .resize(width: 12, height: 5))
        expectSnapshot(render(s), "insights-12x5")
    }

    @Test func mMarksTheSelectedFieldAsYours() {
        var s = demoState()
        press(&s, .char("i"), .char("j"))
        let field = s.network.insights(today: today).fields[1].field
        #expect(press(&s, .char("m")) == [.save])
        #expect(s.network.settings.myField == field)
        #expect(render(s).text.contains("◀ you"))
        press(&s, .escape)
        #expect(s.screen == .dashboard)
    }

    /// Figures made on another thread are shown only for the network and day they were made
    /// for: after a contact is added, or on the next day, the screen shows figures of its own.
    @Test func insightsMadeElsewhereAreUsedOnlyForThatNetworkAndDay() throws {
        var s = demoState(width: 100, height: 40, contacts: 200)
        let made = try #require(s.insightsJob).make()
        var next = s
        _ = reduce(&next, .day(today + 120)) // (a new quarter: the trend line moves)
        next.adopt(made)
        #expect(next.insightsJob != nil)
        press(&next, .char("i"))
        #expect(render(next).text.contains("2027-Q1"))
        try s.document.apply(.addContact(Contact(name: "Newcomer", field: "astronomy", created: today)))
        s.refresh()
        s.adopt(made)
        #expect(s.insightsJob != nil)
        press(&s, .char("i"))
        #expect(render(s).text.contains("201 contacts") && render(s).text.contains("astronomy"))
        var current = demoState(width: 100, height: 40, contacts: 200)
        current.adopt(try #require(current.insightsJob).make())
        #expect(current.insightsJob == nil)
    }

    @Test func barsAreDrawnInEighths() {
        #expect(InsightsView.bar(8, of: 8, width: 4) == "████")
        #expect(InsightsView.bar(1, of: 8, width: 4) == "▌")
        #expect(InsightsView.bar(0, of: 8, width: 4) == "")
        #expect(InsightsView.bar(1, of: 1000, width: 4) == "▏")
    }
}

@Suite struct InsightsScrollTests {
    @Test func pageDownReachesTheEventPayoffAndJKeepsTheSelectionInView() {
        var s = demoState(contacts: 200)
        press(&s, .char("i"))
        #expect(!render(s).text.contains("Event payoff"))
        press(&s, .pageDown, .pageDown)
        #expect(render(s).text.contains("Event payoff"))
        press(&s, .char("g"))
        #expect(render(s).text.contains("Field mix"))
        let fields = s.network.insights(today: today).fields
        press(&s, .char("G"))
        #expect(render(s).lines.contains { $0.contains(fields.last!.field) })
    }
}
