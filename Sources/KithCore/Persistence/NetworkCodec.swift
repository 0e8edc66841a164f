import Foundation

/// Reads and writes the network file: an XML property list with `formatVersion` first.
///
/// See docs/file-format.md. Every record is a dict with sorted keys; absent and empty values are
/// left out; calendar days are `YYYY-MM-DD` strings (a day has no time zone).
public enum NetworkCodec {
    /// The format this kith writes.
    /// The format this kith writes. Version 2 added each contact's derived `lastTouch` and
    /// `ledger`, so that a first screen can be built without reading the interactions.
    public static let formatVersion = 2

    public enum DecodeError: Error, CustomStringConvertible {
        case syntax(PlistError)
        case tooNew(Int)
        case notAPlist(String)

        public var description: String {
            switch self {
            case .syntax(let e): return e.description
            case .tooNew(let v):
                return "it has formatVersion \(v), but this kith reads up to \(NetworkCodec.formatVersion): a newer kith wrote it; upgrade kith to open it"
            case .notAPlist(let why): return why
            }
        }
    }

    // MARK: - Encoding

    public static func encode(_ n: Network) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + n.contacts.count * 900 + n.interactions.count * 400)
        encode(n) { out.append(contentsOf: $0) }
        return out
    }

    /// Encodes `n`, handing the bytes to `write` 256 KB at a time: the save writes them to
    /// the file as they come (300 MB at 100,000 contacts is never held in memory at once).
    /// `atHistory` is called once everything before the interactions (up to and including
    /// their key) has been handed to `write`: the part a first-screen read reads.
    public static func encode(_ n: Network, to write: (UnsafeBufferPointer<UInt8>) throws -> Void,
                              atHistory: () -> Void = {}) rethrows {
        try encode(n, to: write, atHistory: atHistory, spans: nil)
    }

    /// What the first-screen cache remembers of a file's bytes (``ByteSpan``): each contact's
    /// element, and the bytes before the contacts' array (up to the end of its key) and after it
    /// (up to the end of the interactions' key).
    struct FileSpans {
        var contacts: [ByteSpan] = []
        var around: (before: ByteSpan, after: ByteSpan)?
    }

    /// As ``encode(_:to:atHistory:)``; `spans`, when given, is handed the file's spans once the
    /// part before the history is written.
    static func encode(_ n: Network, to write: (UnsafeBufferPointer<UInt8>) throws -> Void,
                       atHistory: () -> Void = {}, spans: ((FileSpans) -> Void)?) rethrows {
        // Writing a network whose interactions are not loaded would drop them all.
        precondition(!n.historyPending, "a network without its interactions is never written")
        let chunk = 1 << 18
        var w = PlistWriter(capacity: chunk + chunk / 4)
        w.openDict()
        w.key("formatVersion"); w.integer(formatVersion)
        w.key("contacts")
        // (Nothing was handed over yet; each span ends before the newline after it.)
        var written = FileSpans()
        let before = spans == nil ? nil : w.stretch(0..<w.buffered - 1)
        if spans != nil { written.contacts.reserveCapacity(n.contacts.count) }
        w.openArray()
        for (i, c) in n.contacts.enumerated() {
            let s = n.summary(at: i), start = w.buffered
            encode(c, lastTouch: s.lastTouch, ledger: s.ledger, &w)
            if spans != nil { written.contacts.append(w.span(from: start)) }
            try w.flush(ifOver: chunk, write)
        }
        w.closeArray()
        if spans != nil { w.startHashing(from: w.buffered - 1) }
        w.key("events"); w.openArray()
        for e in n.events { encode(e, &w); try w.flush(ifOver: chunk, write) }
        w.closeArray()
        w.key("followUps"); w.openArray()
        for f in n.followUps { encode(f, &w); try w.flush(ifOver: chunk, write) }
        w.closeArray()
        w.key("settings"); encode(n.settings, &w)
        // The history goes last: a first screen is read from everything before it.
        w.key("interactions")
        if let spans, let before {
            written.around = (before, w.stopHashing(at: w.buffered - 1))
            spans(written)
        }
        try w.flush(ifOver: 0, write)
        atHistory()
        w.openArray()
        for i in n.interactions { encode(i, &w); try w.flush(ifOver: chunk, write) }
        w.closeArray()
        w.closeDict()
        try w.finish(write)
    }

    private static func id(_ u: UUID) -> String { u.uuidString }

    private static func encode(_ c: Contact, lastTouch: Day?, ledger: Ledger, _ w: inout PlistWriter) {
        w.openDict()
        w.optional("birthday", c.birthday?.description)
        if let cad = c.cadence { w.key("cadence"); w.integer(cad) }
        w.optional("circle", c.circle?.rawValue)
        w.optional("company", c.company)
        w.key("created"); w.day(c.created)
        w.strings("emails", c.emails)
        w.optional("field", c.field)
        w.optional("howMet", c.howMet)
        w.key("id"); w.uuid(c.id)
        if let lastTouch { w.key("lastTouch"); w.day(lastTouch) }
        if ledger.total > 0 {
            w.key("ledger"); w.openDict()
            w.key("gave"); w.integer(ledger.gave)
            w.key("mutual"); w.integer(ledger.mutual)
            w.key("none"); w.integer(ledger.none)
            w.key("received"); w.integer(ledger.received)
            w.closeDict()
        }
        w.optional("metAt", c.metAt.map(id))
        w.key("name"); w.string(c.name)
        w.optional("needs", c.needs)
        w.optional("notes", c.notes)
        w.optional("offers", c.offers)
        w.strings("phones", c.phones)
        w.optional("role", c.role)
        w.optional("snoozedUntil", c.snoozedUntil?.iso)
        w.strings("tags", c.tags)
        w.closeDict()
    }

    private static func encode(_ e: Event, _ w: inout PlistWriter) {
        w.openDict()
        w.key("date"); w.day(e.date)
        w.optional("field", e.field)
        w.key("id"); w.uuid(e.id)
        w.optional("location", e.location)
        w.strings("met", e.met.map(id))
        w.optional("notes", e.notes)
        w.key("status"); w.string(e.status.rawValue)
        w.strings("tags", e.tags)
        w.optional("time", e.timeText)
        w.key("title"); w.string(e.title)
        w.closeDict()
    }

    private static func encode(_ f: FollowUp, _ w: inout PlistWriter) {
        w.openDict()
        w.optional("contact", f.contact.map(id))
        w.optional("done", f.done?.iso)
        w.key("due"); w.day(f.due)
        w.optional("event", f.event.map(id))
        w.key("id"); w.uuid(f.id)
        w.key("note"); w.string(f.note)
        w.optional("snoozedUntil", f.snoozedUntil?.iso)
        w.closeDict()
    }

    private static func encode(_ i: Interaction, _ w: inout PlistWriter) {
        w.openDict()
        if !i.contacts.isEmpty {
            w.key("contacts"); w.openArray()
            for c in i.contacts { w.uuid(c) }
            w.closeArray()
        }
        w.key("date"); w.day(i.date)
        w.key("exchange"); w.string(i.exchange.rawValue)
        w.key("id"); w.uuid(i.id)
        w.key("kind"); w.string(i.kind.rawValue)
        w.optional("note", i.note)
        w.closeDict()
    }

    private static func encode(_ s: Settings, _ w: inout PlistWriter) {
        w.openDict()
        if !s.cadences.isEmpty {
            w.key("cadences"); w.openDict()
            for c in Circle.allCases.sorted(by: { $0.rawValue < $1.rawValue }) {
                if let v = s.cadences[c] { w.key(text: c.rawValue); w.integer(v) }
            }
            w.closeDict()
        }
        w.optional("myField", s.myField)
        w.key("weeklyBudget"); w.real(s.weeklyBudget)
        w.closeDict()
    }
}
