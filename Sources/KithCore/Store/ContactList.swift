import Foundation

/// A network's contacts, by position: values, or — for a first screen read from the cache, until
/// its history arrives — the cache file's ``ContactColumns``, read in place.
///
/// Read through the accessors (`circle(at:)`, `name(at:)`, …), a column-backed list makes no
/// contact; its subscript makes one whole contact when asked (the rows a pane shows). A
/// column-backed list never changes: ``Network`` refuses changes until the history is attached,
/// and attaching it makes the contacts values (``NetworkDocument/DeferredHistory/load()`` makes
/// them off the input thread). Passing over every contact, read them by position too: iterating
/// copies each contact out.
public struct ContactList: RandomAccessCollection, Sendable, Equatable {
    private(set) var values: [Contact]
    private let columns: ContactColumns?

    init(_ values: [Contact] = []) { self.values = values; columns = nil }
    init(_ columns: ContactColumns) { values = []; self.columns = columns }

    /// Whether the contacts are read from the cache file's columns (the history is not attached yet).
    var inColumns: Bool { columns != nil }

    public var startIndex: Int { 0 }
    public var endIndex: Int { columns?.count ?? values.count }

    /// The contact at `p`; from columns, the whole contact is made (a damaged rest gives what
    /// the columns hold: the history's read then finds the damage and the file is read whole).
    public subscript(p: Int) -> Contact {
        _read {
            if let columns {
                let c = columns.shownContact(at: p)
                yield c
            } else {
                yield values[p]
            }
        }
    }

    public static func == (a: ContactList, b: ContactList) -> Bool {
        a.inColumns || b.inColumns ? a.elementsEqual(b) : a.values == b.values
    }

    // MARK: - What the first screen reads, without making the contact

    public func id(at p: Int) -> UUID { columns?.id(at: p) ?? values[p].id }
    public func name(at p: Int) -> String { columns?.name(at: p) ?? values[p].name }
    /// The UTF-8 of the name at `p`, read in place.
    func withNameUTF8<R>(at p: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let columns { return columns.withNameUTF8(at: p, body) }
        var name = values[p].name
        return name.withUTF8(body)
    }
    public func field(at p: Int) -> String? { if let columns { columns.field(at: p) } else { values[p].field } }
    public func needs(at p: Int) -> String? { if let columns { columns.needs(at: p) } else { values[p].needs } }
    public func circle(at p: Int) -> Circle? { if let columns { columns.circle(at: p) } else { values[p].circle } }
    public func cadence(at p: Int) -> Int? { if let columns { columns.cadence(at: p) } else { values[p].cadence } }
    public func birthday(at p: Int) -> Birthday? { if let columns { columns.birthday(at: p) } else { values[p].birthday } }
    public func snoozedUntil(at p: Int) -> Day? { if let columns { columns.snoozedUntil(at: p) } else { values[p].snoozedUntil } }
    public func created(at p: Int) -> Day { columns?.created(at: p) ?? values[p].created }
    public func metAt(at p: Int) -> UUID? { if let columns { columns.metAt(at: p) } else { values[p].metAt } }
    /// The name key the cache stored for the contact at `p` (columns only; ``Network/nameKey(at:)``).
    func storedNameKey(at p: Int) -> String { columns!.nameKey(at: p) }
    /// The last touch and ledger the cache stored for the contact at `p` (columns only;
    /// ``Network/summary(at:)``).
    func storedSummary(at p: Int) -> ContactSummary { columns!.summary(at: p) }

    /// How many contacts have each field, by its spelling (contacts without one are not counted).
    public func fieldSpellingCounts() -> [String: Int] {
        if let columns { return columns.fieldSpellingCounts() }
        var counts: [String: Int] = [:]
        for c in values { if let f = c.field { counts[f, default: 0] += 1 } }
        return counts
    }

    // MARK: - Changes (values only)

    mutating func append(_ c: Contact) { precondition(!inColumns); values.append(c) }
    mutating func replace(at p: Int, with c: Contact) { precondition(!inColumns); values[p] = c }
    mutating func remove(at p: Int) { precondition(!inColumns); values.remove(at: p) }
}
