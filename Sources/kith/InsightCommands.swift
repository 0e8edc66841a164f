import ArgumentParser
import Foundation
import KithCore

struct Events: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Upcoming events, scored: how much each would widen your network, and what events like it paid off.")

    @OptionGroup var files: FileOptions
    @Option(help: "How many days ahead.") var days = 30
    @Flag(help: "Past events instead, newest first.") var past = false
    @Flag(help: "Print JSON.") var json = false

    func validate() throws {
        guard days > 0 else { throw ValidationError("--days must be positive") }
    }

    func run() throws {
        let clock = try currentClock()
        // (Scores read no interaction: each contact carries its last touch.)
        let n = try files.openFirstScreen()
        let scored = n.scoredEvents(today: clock.today, days: days, past: past)
        if json { print(JSONExport.text(scored.map(JSONExport.scoredEvent))); return }
        if scored.isEmpty { print(past ? "No past events." : "No events in the next \(days) days."); return }
        print(table([["DATE", "TIME", "TITLE", "FIELD", "STATUS", "SCORE", "WHY"]] + scored.map { e, s in
            [e.date.iso, e.timeText ?? "", e.title, e.field ?? "", e.status.rawValue, String(format: "%.1f", s.score), s.reasons.joined(separator: "; ")]
        }))
    }
}

struct EventStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "attend", abstract: "Set an event's status (default: attended).")

    @OptionGroup var files: FileOptions
    @Argument(help: "The event: its title, a unique part of it, or its id.") var event: String
    @Option(help: "considering, going, attended or skipped.") var status: EventStatus = .attended

    func run() throws {
        var doc = try files.open()
        let e: Event
        do { e = try doc.network.findEvent(event) } catch { throw CLIError("\(error)") }
        var changed = e
        changed.status = status
        try commit(.updateEvent(changed), to: &doc)
        print("\(e.title) (\(e.date.iso)): \(status.rawValue)")
    }
}

struct Met: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "met",
        abstract: "Record someone you met at an event.",
        discussion: "Adds the contact (or links an existing one with the same name), logs the meeting as a touch, marks the event attended, and adds a follow-up (default in 2 days; --follow-up none for none).")

    @OptionGroup var files: FileOptions
    @Argument(help: "The event: its title, a unique part of it, or its id.") var event: String
    @Argument(help: "Who you met: a full name.") var name: String
    @Option(help: "Their field.") var field: String?
    @Option(help: "A one-line note.") var note: String?
    @Option(name: .customLong("follow-up"), parsing: .unconditional, help: "When to follow up, or none.") var followUp = "+2d"

    func run() throws {
        let clock = try currentClock()
        var doc = try files.open()
        do {
            let e = try doc.network.findEvent(event)
            let due = followUp.lowercased() == "none" ? nil : try DateInput.parse(followUp, today: clock.today)
            try commit(try doc.network.meet(name: name, at: e, field: field, note: note, followUp: due, today: clock.today),
                       to: &doc, today: clock.today)
            print("Met \(name.trimmingCharacters(in: .whitespaces)) at \(e.title)" + (due.map { "; follow up by \($0.iso)" } ?? ""))
        } catch { throw CLIError("\(error)") }
    }
}

struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "How varied, balanced and healthy your network is (see docs/insights.md).")

    @OptionGroup var files: FileOptions
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let clock = try currentClock()
        let n = try files.open().network
        let s = n.insights(today: clock.today)
        if json { print(JSONExport.text(JSONExport.insights(s, myField: n.settings.myField))); return }
        func pct(_ x: Double?) -> String { x.map { String(format: "%.0f%%", $0 * 100) } ?? "—" }
        print("\(s.contacts) contacts; your field: \(n.settings.myField ?? "not set (kith config set me.field FIELD)")\n")
        print("Fields")
        print(table(s.fields.map { ["  " + $0.field + ($0.isMine ? " (yours)" : ""), String($0.count)] }
                    + (s.withoutField > 0 ? [["  (no field)", String(s.withoutField)]] : [])))
        print("\nDiversity: Simpson \(s.simpson.map { String(format: "%.2f", $0) } ?? "—"), outside your field \(pct(s.outsideOwnField))")
        print("Added outside your field: " + s.outsideByQuarter.map { "\($0.quarter) \($0.count)" }.joined(separator: ", "))
        let a = s.giveTakeAll, r = s.giveTake90
        print("\nGive / take: all time gave \(a.gave), received \(a.received), mutual \(a.mutual); last 90 days gave \(r.gave), received \(r.received), mutual \(r.mutual)")
        for t in s.takers { print("  you mostly take from \(t.contact.name): received \(t.received), gave \(t.gave)" + (t.contact.needs.map { " — they need \($0)" } ?? "")) }
        print("\nCircles on cadence")
        print(table(s.circles.map { ["  " + $0.circle.rawValue, "\($0.onCadence)/\($0.total)"] }))
        if !s.payoff.isEmpty {
            print("\nEvent payoff")
            print(table(s.payoff.map { ["  " + $0.event.date.iso, $0.event.title, "met \($0.met.count)", "in touch \($0.stillInTouch)"] }))
        }
    }
}
