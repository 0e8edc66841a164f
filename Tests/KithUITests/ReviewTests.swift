import Foundation
import Testing
import KithCore
@testable import KithUI

func type(_ state: inout AppState, _ text: String) {
    for c in text { _ = reduce(&state, .key(.char(c))) }
}

@Suite struct ReviewScreenTests {
    @Test func wStartsTheReviewOnTheFirstItem() {
        var s = demoState()
        let count = s.queue.count
        press(&s, .char("w"))
        #expect(s.screen == .review)
        let text = render(s).text
        #expect(text.contains("Weekly review — 1/\(count)"))
        #expect(text.contains("Why"))
        expectSnapshot(render(s), "review-80x24")
        expectSnapshot(render({ var t = s; _ = reduce(&t, .resize(width: 132, height: 43)); return t }()), "review-132x43")
        expectSnapshot(render({ var t = s; _ = reduce(&t, .resize(width: 30, height: 8)); return t }()), "review-30x8")
    }

    @Test func doneAsksWhoGaveAndANoteThenLogsTheTouch() throws {
        var s = demoState()
        press(&s, .char("w"))
        let item = s.review!.current!
        #expect(item.kind == .keepInTouch)
        press(&s, .char("d"))
        expectSnapshot(render(s), "review-done-prompt-80x24")
        press(&s, .tab, .tab) // none → gave → received
        type(&s, "coffee!")
        _ = reduce(&s, .key(.backspace))
        let effects = press(&s, .enter)
        #expect(effects == [.save])
        let touch = s.network.interactions(with: item.subject).first!
        #expect(touch.date == today)
        #expect(touch.exchange == .received)
        #expect(touch.note == "coffee")
        #expect(s.review?.index == 1)
        #expect(render(s).text.contains("2/\(s.review!.items.count)"))
    }

    @Test func enterAcceptsTheDefaults() {
        var s = demoState()
        press(&s, .char("w"), .char("d"), .enter)
        let item = s.review!.items[0]
        let touch = s.network.interactions(with: item.subject).first!
        #expect(touch.exchange == .none)
        #expect(touch.note == nil)
    }

    @Test func snoozeNextBackAndTheSummary() throws {
        var s = demoState()
        press(&s, .char("w"))
        let total = s.review!.items.count
        let first = s.review!.items[0]
        press(&s, .char("s"))
        #expect(s.network.contact(first.subject)?.snoozedUntil == today + 7)
        #expect(!s.queue.contains { $0.id == first.id })
        press(&s, .char("n"))
        #expect(s.review?.index == 2)
        press(&s, .char("b"))
        #expect(s.review?.index == 1)
        press(&s, .escape)
        #expect(s.review?.finished == true)
        let text = render(s).text
        #expect(text.contains("Review finished: 0 done, 0 logged, 1 snoozed, \(total - 1) skipped."))
        expectSnapshot(render(s), "review-summary-80x24")
        press(&s, .enter)
        #expect(s.screen == .dashboard)
    }

    @Test func snoozeUntilATypedDayValidatesInline() {
        var s = demoState()
        press(&s, .char("w"), .char("S"))
        type(&s, "someday")
        press(&s, .enter)
        #expect(render(s).text.contains("is not a date"))
        for _ in 0..<7 { _ = reduce(&s, .key(.backspace)) }
        type(&s, "yesterday")
        press(&s, .enter)
        #expect(s.message?.text.contains("pick a day after today") == true)
        press(&s, .char("S"))
        type(&s, "+10d")
        press(&s, .enter)
        let first = s.review!.items[0]
        #expect(s.network.contact(first.subject)?.snoozedUntil == today + 10)
        #expect(s.review?.outcomes[0] == .snoozed)
    }

    @Test func undoInTheReviewRevertsTheStepAndReturnsToIt() {
        var s = demoState()
        press(&s, .char("w"))
        let first = s.review!.items[0]
        let before = s.network
        press(&s, .char("d"), .enter)
        #expect(s.network != before)
        let effects = press(&s, .char("u"))
        #expect(effects == [.save])
        #expect(s.network == before)
        #expect(s.review?.index == 0)
        #expect(s.review?.outcomes[0] == nil)
        #expect(s.queue.contains { $0.id == first.id })
        // And redo from the dashboard puts it back.
        press(&s, .escape, .enter)
        press(&s, .ctrl("r"))
        #expect(s.network.lastTouch(first.subject) == today)
    }

    @Test func escInAPromptCancelsWithoutChanging() {
        var s = demoState()
        press(&s, .char("w"), .char("d"))
        type(&s, "half a note")
        let before = s.network
        press(&s, .escape)
        #expect(s.review?.prompt == nil)
        #expect(s.network == before)
        #expect(s.screen == .review)
    }

    @Test func helpShowsTheReviewKeys() {
        var s = demoState()
        press(&s, .char("w"), .char("?"))
        let text = render(s).text
        #expect(text.contains("Keys — Review"))
        #expect(text.contains("snooze until a day you type"))
        press(&s, .escape)
        #expect(s.screen == .review)
    }

    @Test func anEmptyWeekSaysSo() {
        let s0 = AppState(document: NetworkDocument(path: "/nonexistent/x.plist"), today: today)
        var s = s0
        press(&s, .char("w"))
        #expect(s.screen == .dashboard)
        #expect(s.message?.text == "Nothing to review this week")
    }
}
