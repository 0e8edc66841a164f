import Foundation
import KithHarness
import Testing

@Suite(.serialized) struct EventsE2ETests {
    /// `eventDays` in the config file sets how far ahead the events pane looks (the demo's two
    /// upcoming events are 20 and 23 days away).
    @Test func theConfiguredHorizonSetsTheUpcomingEvents() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist"), config = dir.path("config.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        for (days, shown) in [(16, 0), (21, 1), (30, 2)] {
            try Data("<plist version=\"1.0\"><dict><key>eventDays</key><integer>\(days)</integer></dict></plist>".utf8)
                .write(to: URL(fileURLWithPath: config))
            let tmux = try TmuxSession(["--file", f], env: ["KITH_CONFIG": config])
            try tmux.waitFor("Upcoming events (\(shown))")
            try tmux.send("q")
            #expect(try tmux.exitStatus() == 0)
        }
    }

    @Test func markADemoEventAttendedAndRecordTwoPeopleMet() throws {
        let dir = try TempDir()
        let f = dir.path("network.plist")
        #expect(try kith(["demo"], file: f).status == 0)
        let tmux = try TmuxSession(["--file", f])
        try tmux.waitFor("Contacts (40)")
        try tmux.send("Tab", "p")
        try tmux.waitFor("Past events (")
        try tmux.send("m")
        try tmux.waitFor("Who I met at")
        try tmux.type("Pat Quinn")
        try tmux.send("Tab")
        try tmux.type("design")
        try tmux.send("Tab")
        try tmux.type("talked about onboarding")
        try tmux.send("Enter")
        try tmux.waitFor("Recorded: Pat Quinn")
        try tmux.type("Lee Park")
        try tmux.send("Enter")
        try tmux.waitFor("Recorded: Pat Quinn, Lee Park")
        try tmux.send("Escape")
        try tmux.waitFor("Recorded 2")
        try tmux.send("q")
        #expect(try tmux.exitStatus() == 0)

        for name in ["Pat Quinn", "Lee Park"] {
            let c = try json(kith(["show", name, "--json"], file: f).stdout) as? [String: Any] ?? [:]
            #expect(c["metAt"] is String, "\(name)")
            let follow = c["followUps"] as? [[String: Any]] ?? []
            #expect(follow.first?["due"] as? String == "2026-12-02", "\(name)")
        }
        let past = try json(kith(["events", "--past", "--json"], file: f).stdout) as? [[String: Any]] ?? []
        #expect(past.first?["status"] as? String == "attended")
        #expect((past.first?["met"] as? [String])?.count ?? 0 >= 2)
    }
}
