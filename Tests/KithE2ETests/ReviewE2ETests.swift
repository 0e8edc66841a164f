import Foundation
import KithHarness
import Testing

@Suite(.serialized) struct ReviewE2ETests {
    @Test func weeklyReviewDoneThenSnoozeIsInTheFile() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let queue = try json(kith(["due", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(queue.count >= 2)
        let first = queue[0], second = queue[1]
        #expect(first["kind"] as? String == "keep-in-touch")

        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Nurture (")
        try tmux.send("w")
        try tmux.waitFor("Weekly review — 1/\(queue.count)")
        try tmux.send("d")
        try tmux.waitFor("who gave (Tab)")
        try tmux.send("Tab")
        try tmux.type("met for lunch")
        try tmux.send("Enter")
        try tmux.waitFor("Weekly review — 2/\(queue.count)")
        try tmux.send("s")
        try tmux.waitFor("Weekly review — 3/\(queue.count)")
        try tmux.send("Escape")
        try tmux.waitFor("Review finished: 1 done, 0 logged, 1 snoozed")
        try tmux.send("Enter")
        try tmux.waitFor("Contacts (40)")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)

        let who = first["contact"] as! String
        let show = try json(kith(["show", who, "--json"], file: f).stdout) as? [String: Any]
        let touch = (show?["interactions"] as? [[String: Any]])?.first
        #expect(touch?["date"] as? String == "2026-11-30")
        #expect(touch?["exchange"] as? String == "gave")
        #expect(touch?["note"] as? String == "met for lunch")
        let plist = try String(contentsOfFile: f, encoding: .utf8)
        #expect(plist.contains("<key>snoozedUntil</key>\n\t\t\t<string>2026-12-07</string>"))
        let after = try json(kith(["due", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(!after.contains { $0["id"] as? String == second["id"] as? String })
    }
}
