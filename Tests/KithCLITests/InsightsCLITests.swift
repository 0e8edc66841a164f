import Foundation
import KithHarness
import Testing

@Suite struct InsightsCLITests {
    @Test func eventsJSONHasTheDocumentedShape() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let r = try kith(["events", "--json"], file: f)
        #expect(r.status == 0)
        let events = try json(r.stdout) as? [[String: Any]] ?? []
        #expect(!events.isEmpty)
        for e in events {
            #expect((e["id"] as? String)?.count == 36)
            #expect(e["title"] is String)
            #expect((e["date"] as? String ?? "") >= "2026-11-30")
            #expect(e["field"] is String || e["field"] is NSNull)
            #expect(["considering", "going", "attended", "skipped"].contains(e["status"] as? String ?? ""))
            #expect(e["score"] is Double)
            #expect(!((e["reasons"] as? [String]) ?? []).isEmpty)
        }
        let past = try json(kith(["events", "--past", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(past.allSatisfy { ($0["date"] as? String ?? "9") < "2026-11-30" })
    }

    /// `kith events` lists in the events pane's order: events at one day and time by title,
    /// whatever order they were added in; past ones newest first, by time on a day too.
    @Test func eventsAtOneTimeAreListedByTitle() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        for (title, date, time) in [("Zeta Forum", "2026-12-02", "18:00"), ("Alpha Forum", "2026-12-02", "18:00"), ("Early Talk", "2026-12-02", "09:00"),
                                    ("Old Early", "2026-11-20", "08:00"), ("Old Late", "2026-11-20", "20:00")] {
            #expect(try kith(["add", "event", title, "--date", date, "--time", time], file: f).status == 0)
        }
        func titles(_ args: [String]) throws -> [String] {
            (try json(kith(["events", "--json"] + args, file: f).stdout) as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
        }
        #expect(try titles([]) == ["Early Talk", "Alpha Forum", "Zeta Forum"])
        #expect(try titles(["--past"]) == ["Old Late", "Old Early"])
    }

    @Test func statsJSONHasTheDocumentedShape() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let s = try json(kith(["stats", "--json"], file: f).stdout) as? [String: Any] ?? [:]
        #expect(s["contacts"] as? Int == 40)
        let fields = s["fields"] as? [String: Int] ?? [:]
        #expect(fields.values.reduce(0, +) == 40)
        let diversity = s["diversity"] as? [String: Any] ?? [:]
        let simpson = diversity["simpson"] as? Double ?? -1, outside = diversity["outsideOwnField"] as? Double ?? -1
        #expect(simpson > 0 && simpson < 1)
        #expect(outside > 0 && outside < 1)
        let gt = s["giveTake"] as? [String: Int] ?? [:]
        #expect(gt["gave"] != nil && gt["received"] != nil && gt["mutual"] != nil)
        let circles = s["circles"] as? [String: [String: Int]] ?? [:]
        #expect(Set(circles.keys) == ["inner", "close", "wider", "acquaintance"])
        #expect(circles.values.reduce(0) { $0 + ($1["total"] ?? 0) } == 40)
        #expect(circles.values.allSatisfy { ($0["onCadence"] ?? -1) <= ($0["total"] ?? -1) })
    }

    @Test func metAttendAndFieldSpellings() throws {
        let dir = try TempDir()
        let f = dir.path("n.plist")
        #expect(try kith(["add", "contact", "Ada", "--field", "design"], file: f).status == 0)
        #expect(try kith(["add", "event", "Design Days", "--date", "-3d", "--field", "DESIGN"], file: f).status == 0)
        let events = try json(kith(["events", "--past", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(events.first?["field"] as? String == "design") // the first spelling wins
        #expect(try kith(["met", "design days", "Pat Quinn", "--field", "Law", "--note", "printers"], file: f).status == 0)
        #expect(try kith(["met", "design", "Ada", "--follow-up", "none"], file: f).status == 0)
        let pat = try json(kith(["show", "pat", "--json"], file: f).stdout) as? [String: Any] ?? [:]
        #expect(pat["field"] as? String == "Law")
        #expect((pat["followUps"] as? [[String: Any]])?.first?["due"] as? String == "2026-12-02")
        #expect(((try json(kith(["show", "ada", "--json"], file: f).stdout) as? [String: Any])?["followUps"] as? [Any])?.isEmpty == true)
        let stats = try json(kith(["stats", "--json"], file: f).stdout) as? [String: Any] ?? [:]
        let payoff = stats["eventPayoff"] as? [[String: Any]] ?? []
        #expect(payoff.first?["met"] as? Int == 2)
        #expect(try kith(["attend", "design days", "--status", "skipped"], file: f).status == 0)
        for (args, message) in [(["met", "nothing", "X"], "no event matches"), (["attend", "design", "--status", "maybe"], "maybe"),
                                (["add", "event", "Y", "--date", "someday"], "is not a date"), (["met", "design", " "], "empty")] {
            let r = try kith(args, file: f)
            #expect(r.status != 0, "\(args)")
            #expect(r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }
}
