import ArgumentParser
import KithCore

struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write a sample network to try kith on.",
        discussion: "Dates are relative to today (or KITH_NOW); the same seed and day give the same file.")

    @OptionGroup var files: FileOptions

    @Option(help: "How many contacts (5 touches each on average, an event per 20, a follow-up per 5).")
    var contacts = 40

    @Option(help: "The random seed.")
    var seed: UInt64 = 1

    @Flag(help: "Replace an existing file (it is kept as FILE.bak).")
    var force = false

    func validate() throws {
        guard contacts >= 0, contacts <= 1_000_000 else { throw ValidationError("--contacts must be between 0 and 1000000") }
    }

    func run() throws {
        let clock = try currentClock()
        let network = KithCore.Demo.network(contacts: contacts, seed: seed, today: clock.today)
        do {
            try NetworkDocument.create(network, at: files.path, overwrite: force, today: clock.today, cache: .standard())
        } catch {
            throw CLIError("\(error)")
        }
        print("Wrote a sample network of \(network.contacts.count) contacts, \(network.interactions.count) interactions, \(network.events.count) events and \(network.followUps.count) follow-ups to \(files.path)")
    }
}
