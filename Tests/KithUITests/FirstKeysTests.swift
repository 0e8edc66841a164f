import Foundation
import Testing
import KithCore
@testable import KithUI

/// The dashboard shows its first screen before the network's interactions are read; keys that
/// only move through that screen are answered at once, every other key waits for them.
@Suite struct FirstKeysTests {
    @Test func movingThroughTheFirstScreenNeedsNoHistory() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kith-first-keys-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/network.plist"
        try NetworkDocument.create(Demo.network(contacts: 24, seed: 1, today: today), at: path, overwrite: false, today: today)
        let (doc, deferred) = try NetworkDocument.openDeferringHistory(path) // as the dashboard opens it
        let history = try #require(deferred)
        var state = AppState(document: doc, today: today, width: 100, height: 30)
        #expect(state.network.historyPending)

        let moves: [Key] = [.char("j"), .down, .char("k"), .up, .tab, .backTab, .pageDown, .pageUp, .char("g"), .char("G"), .char("?")]
        let others: [Key] = [.enter, .char("d"), .char("/"), .char("a"), .char("e"), .char("L"), .char("x"), .char("u"),
                             .char("o"), .char("w"), .char("i"), .char("p"), .char("q"), .char("Z")]
        for k in moves { #expect(state.answersBeforeHistory(k), "\(k)") }
        for k in others { #expect(!state.answersBeforeHistory(k), "\(k)") }

        press(&state, .char("j"), .char("j"), .tab, .char("j"))
        let moved = render(state)
        press(&state, .char("?"))
        #expect(render(state).text.contains("Keys — Dashboard"))
        for k in [Key.char("j"), .escape, .char("q")] { #expect(state.answersBeforeHistory(k), "\(k) on the help") }
        press(&state, .escape)
        #expect(render(state) == moved)

        // The interactions arrive: the moves made before them stay.
        try state.document.attachHistory(try history.load())
        state.refresh()
        #expect(render(state) == moved)

        // In a filter, a form or the detail screen, nothing is answered early.
        press(&state, .char("/"))
        #expect(!state.answersBeforeHistory(.char("j")))
        press(&state, .escape, .escape, .char("a"))
        #expect(state.form != nil)
        #expect(!state.answersBeforeHistory(.tab))
        press(&state, .escape, .backTab, .enter) // the selected contact
        if case .detail = state.screen {} else { Issue.record("not on the detail screen: \(state.screen)") }
        #expect(!state.answersBeforeHistory(.char("j")))
    }
}
