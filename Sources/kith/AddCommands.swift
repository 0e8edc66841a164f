import ArgumentParser
import Foundation
import KithCore

extension Circle: ExpressibleByArgument {}
extension InteractionKind: ExpressibleByArgument {}
extension EventStatus: ExpressibleByArgument {}

struct Add: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Add a contact or an event.",
        subcommands: [AddContact.self, AddEvent.self])
}

struct AddContact: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "contact", abstract: "Add a contact.")

    @OptionGroup var files: FileOptions
    @Argument(help: "Full name.") var name: String
    @Option var company: String?
    @Option var role: String?
    @Option(help: "Their field of work (sales, design, law …).") var field: String?
    @Option(help: "inner, close, wider or acquaintance.") var circle: Circle?
    @Option(name: .customLong("tag"), help: "A tag (repeatable).") var tags: [String] = []
    @Option(name: .customLong("email"), help: "An email address (repeatable).") var emails: [String] = []
    @Option(name: .customLong("phone"), help: "A phone number (repeatable).") var phones: [String] = []
    @Option(help: "YYYY-MM-DD, or --MM-DD without a year.") var birthday: String?
    @Option(help: "Days between touches, overriding the circle's default.") var cadence: Int?
    @Option(help: "What they could benefit from.") var needs: String?
    @Option(help: "What they offer.") var offers: String?
    @Option var note: String?

    func run() throws {
        let clock = try currentClock()
        let name = try nonEmpty(self.name, "the name")
        if let cadence, cadence <= 0 { throw CLIError("--cadence must be a positive number of days, not \(cadence)") }
        var bday: Birthday?
        if let birthday {
            guard let b = Birthday(text: birthday) else { throw CLIError("\"\(birthday)\" is not a birthday: use YYYY-MM-DD or --MM-DD") }
            bday = b
        }
        var doc = try files.open()
        let folded = Fold.key(name)
        let twin = doc.network.nameKeys.contains(folded)
        let c = Contact(name: name, company: company, role: role, field: doc.network.canonicalField(field), circle: circle, tags: tags,
                        emails: emails, phones: phones, birthday: bday, cadence: cadence, needs: needs, offers: offers,
                        notes: note, created: clock.today)
        try commit(.addContact(c), to: &doc, today: clock.today)
        print("Added \(name)" + (twin ? " (note: another contact has the same name)" : ""))
    }
}

struct AddEvent: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "event", abstract: "Add an event.")

    @OptionGroup var files: FileOptions
    @Argument(help: "Title.") var title: String
    @Option(parsing: .unconditional, help: "YYYY-MM-DD, today, tomorrow, +3d, -2w, a weekday …") var date: String
    @Option(help: "HH:MM (24-hour).") var time: String?
    @Option var location: String?
    @Option(help: "The field it gathers (shapes its diversity score).") var field: String?
    @Option(name: .customLong("tag"), help: "A tag (repeatable).") var tags: [String] = []
    @Option(help: "considering, going, attended or skipped.") var status: EventStatus = .considering

    func run() throws {
        let clock = try currentClock()
        let title = try nonEmpty(self.title, "the title")
        let day = try parseDay(date, today: clock.today)
        var minutes: Int?
        if let time {
            do { minutes = try DateInput.parseTime(time) } catch { throw CLIError("\(error)") }
        }
        var doc = try files.open()
        let e = Event(title: title, date: day, time: minutes, location: location, field: doc.network.canonicalField(field),
                      tags: tags, status: status)
        try commit(.addEvent(e), to: &doc, today: clock.today)
        print("Added \(title) on \(day.iso)")
    }
}
