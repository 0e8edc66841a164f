import ArgumentParser
import KithCore

/// Who gave, as flags: --gave, --received, --mutual.
enum ExchangeFlag: String, EnumerableFlag {
    case gave, received, mutual

    static func help(for value: ExchangeFlag) -> ArgumentHelp? {
        switch value {
        case .gave: return "You gave (helped, introduced, shared)."
        case .received: return "You received."
        case .mutual: return "Both gave."
        }
    }
}

struct Log: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Log a touch with a contact; it resets their keep-in-touch cadence.")

    @OptionGroup var files: FileOptions
    @Argument(help: "The contact: full name or a unique part of it.") var name: String
    @Option var note: String?
    @Option(help: "call, meeting, email, message or event.") var kind: InteractionKind = .message
    @Flag var exchange: ExchangeFlag?
    @Option(parsing: .unconditional, help: "When (default today; -3d works too).") var date: String?

    func run() throws {
        let clock = try currentClock()
        var doc = try files.open()
        let c = try findContact(name, in: doc.network)
        let day = try date.map { try parseDay($0, today: clock.today) } ?? clock.today
        if day > clock.today { throw CLIError("\(day.iso) is in the future: log a touch once it happened, or add a follow-up") }
        let ex = exchange.map { Exchange(rawValue: $0.rawValue)! } ?? .none
        try commit(.addInteraction(Interaction(contacts: [c.id], date: day, kind: kind, note: note, exchange: ex)), to: &doc, today: clock.today)
        print("Logged a \(kind.rawValue) with \(c.name) on \(day.iso)")
    }
}

struct FollowUpCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "follow-up", abstract: "Promise a follow-up with a contact by a day.")

    @OptionGroup var files: FileOptions
    @Argument(help: "The contact: full name or a unique part of it.") var name: String
    @Option(parsing: .unconditional, help: "When it is due.") var due: String
    @Option(help: "What to do.") var note: String

    func run() throws {
        let clock = try currentClock()
        let note = try nonEmpty(self.note, "the note")
        var doc = try files.open()
        let c = try findContact(name, in: doc.network)
        let day = try parseDay(due, today: clock.today)
        try commit(.addFollowUp(FollowUp(contact: c.id, due: day, note: note)), to: &doc, today: clock.today)
        print("Follow-up with \(c.name) due \(day.iso): \(note)")
    }
}
