import ArgumentParser
import Foundation
import KithCore
import KithUI

/// Left-aligned columns that respect wide characters; control characters are made visible.
func table(_ rows: [[String]]) -> String {
    guard let first = rows.first else { return "" }
    // Each cell made safe and measured once; printable ASCII, most cells, is both as it stands
    // (walking every character instead was about 40% of `kith due` at 100,000 contacts).
    let cells = rows.map { $0.map { cell -> (text: String, width: Int) in
        if let n = TextWidth.printableASCIICount(cell) { return (cell, n) }
        let safe = String(cell.map(TextWidth.safe))
        return (safe, TextWidth.of(safe))
    } }
    var widths = Array(repeating: 0, count: first.count)
    for r in cells { for (i, cell) in r.enumerated() { widths[i] = max(widths[i], cell.width) } }
    return cells.map { r in
        var line = ""
        for (i, cell) in r.enumerated() {
            line += cell.text
            if i < r.count - 1 { line += String(repeating: " ", count: widths[i] - cell.width + 2) }
        }
        while line.hasSuffix(" ") { line.removeLast() }
        return line
    }.joined(separator: "\n")
}

enum ListKind: String, ExpressibleByArgument, CaseIterable {
    case contacts, events, followUps = "follow-ups"
}

struct List: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List contacts, events or follow-ups.")

    @OptionGroup var files: FileOptions
    @Argument(help: "contacts, events or follow-ups.") var what: ListKind
    @Option(help: "Only those matching every word (case and accents ignored); field: tag: circle: status: too.") var search: String?
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let clock = try currentClock()
        let n = try files.openFirstScreen() // (nothing listed reads an interaction)
        // The dashboard's filter: words and field: tag: circle: status: qualifiers.
        let query = SearchQuery(search ?? "")
        switch what {
        case .contacts:
            let list = n.nameOrder.map { n.contacts[$0] }
                .filter { query.isEmpty || n.matches($0, query, key: n.searchKey($0), today: clock.today) }
            if json { print(JSONExport.text(list.map { JSONExport.contact($0, in: n, today: clock.today) })); return }
            print(table([["NAME", "COMPANY", "FIELD", "CIRCLE", "LAST TOUCH", "STATUS"]] + list.map { c in
                [c.name, c.company ?? "", c.field ?? "", c.circle?.rawValue ?? "", n.lastTouch(c.id)?.iso ?? "never",
                 n.touchState(of: c, today: clock.today)?.status.rawValue ?? ""]
            }))
        case .events:
            let list = n.events.sorted { ($0.date, $0.time ?? -1) < ($1.date, $1.time ?? -1) }
                .filter { query.isEmpty || n.matches($0, query) }
            if json { print(JSONExport.text(list.map(JSONExport.event))); return }
            print(table([["DATE", "TIME", "TITLE", "FIELD", "STATUS", "LOCATION"]] + list.map { e in
                [e.date.iso, e.timeText ?? "", e.title, e.field ?? "", e.status.rawValue, e.location ?? ""]
            }))
        case .followUps:
            let list = n.followUps.sorted { ($0.done == nil ? 0 : 1, $0.due) < ($1.done == nil ? 0 : 1, $1.due) }
                .filter { f in query.isEmpty || query.wordsMatch(Fold.key(f.note + " " + (f.contact.flatMap { n.contact($0)?.name } ?? ""))) }
            if json { print(JSONExport.text(list.map { JSONExport.followUp($0, in: n) })); return }
            print(table([["DUE", "CONTACT", "NOTE", "STATE"]] + list.map { f in
                [f.due.iso, f.contact.flatMap { n.contact($0)?.name } ?? f.event.flatMap { n.event($0)?.title } ?? "",
                 f.note, f.done.map { "done \($0.iso)" } ?? f.snoozedUntil.map { "snoozed to \($0.iso)" } ?? "open"]
            }))
        }
    }
}

struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show a contact with their touches and follow-ups.")

    @OptionGroup var files: FileOptions
    @Argument(help: "The contact: full name or a unique part of it.") var name: String
    @Flag(help: "Print JSON.") var json = false

    func run() throws {
        let clock = try currentClock()
        let n = try files.open().network
        let c = try findContact(name, in: n)
        if json { print(JSONExport.text(JSONExport.contactDetail(c, in: n, today: clock.today))); return }
        var rows: [[String]] = [["Name", c.name]]
        func add(_ label: String, _ v: String?) { if let v, !v.isEmpty { rows.append([label, v]) } }
        add("Company", c.company); add("Role", c.role); add("Field", c.field); add("Circle", c.circle?.rawValue)
        if let t = n.touchState(of: c, today: clock.today) { add("Keep in touch", "\(t.status.rawValue), due \(t.due.iso) (every \(t.cadence) days)") }
        add("Last touch", n.lastTouch(c.id)?.iso ?? "never")
        add("Emails", c.emails.joined(separator: ", ")); add("Phones", c.phones.joined(separator: ", "))
        add("Birthday", c.birthday?.description); add("Tags", c.tags.joined(separator: ", "))
        add("Needs", c.needs); add("Offers", c.offers); add("How met", c.howMet); add("Notes", c.notes)
        let l = n.ledger(c.id)
        add("Give / take", "gave \(l.gave), received \(l.received), mutual \(l.mutual)")
        print(table(rows))
        let follow = n.followUps(for: c.id)
        if !follow.isEmpty {
            print("\nFollow-ups")
            print(table(follow.map { ["  " + $0.due.iso, $0.note, $0.done.map { "done \($0.iso)" } ?? "open"] }))
        }
        let touches = n.interactions(with: c.id)
        print("\nInteractions (\(touches.count), newest first)")
        if !touches.isEmpty {
            print(table(touches.map { ["  " + $0.date.iso, $0.kind.rawValue, $0.exchange.rawValue, $0.note ?? ""] }))
        }
    }
}
