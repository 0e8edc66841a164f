import Foundation
import Testing
import KithCore
@testable import KithUI

/// Every screen and form, at 80×24, 132×43 and 40×10 (the smallest usable size), compared as
/// text; and at 20×6 and 1×1 without a crash and with the state intact.
@Suite struct AllScreensTests {
    /// How to reach each screen from the dashboard.
    static let screens: [(String, [Key])] = [
        ("detail", [.enter]),
        ("help", [.char("?")]),
        ("review", [.char("w")]),
        ("review-prompt", [.char("w"), .char("d")]),
        ("review-summary", [.char("w"), .escape]),
        ("insights", [.char("i")]),
        ("form-edit-contact", [.char("e")]),
        ("form-log", [.char("L")]),
        ("form-follow-up", [.char("f")]),
        ("form-add-event", [.tab, .char("a")]),
        ("form-edit-event", [.tab, .char("e")]),
        ("form-who-i-met", [.tab, .char("p"), .char("m")]),
        ("confirm-delete", [.char("x")]),
        ("filter", [.char("/"), .char("a")]),
        ("past-events", [.tab, .char("p")]),
    ]

    @Test(arguments: screens.map(\.0))
    func screenAtThreeSizes(name: String) {
        let keys = Self.screens.first { $0.0 == name }!.1
        var s = demoState()
        for k in keys { _ = reduce(&s, .key(k)) }
        let before = s.screen
        for (w, h) in [(80, 24), (132, 43), (40, 10)] {
            _ = reduce(&s, .resize(width: w, height: h))
            expectSnapshot(render(s), "all-\(name)-\(w)x\(h)")
        }
        for (w, h) in [(20, 6), (1, 1), (0, 0)] {
            _ = reduce(&s, .resize(width: w, height: h))
            let c = render(s)
            #expect(c.width == w && c.height == h)
        }
        #expect(s.screen == before)
    }
}
