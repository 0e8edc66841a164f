import Foundation

/// A filter as typed: words that must all occur (case and accents ignored), and qualifiers
/// `field:`, `tag:`, `circle:`, `status:` that must all hold. "zoe field:design status:overdue".
public struct SearchQuery: Equatable, Sendable {
    public var words: [String] = []
    public var fields: [String] = []
    public var tags: [String] = []
    public var circles: [String] = []
    public var statuses: [String] = []

    public init(_ text: String) {
        for raw in text.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
            let part = Fold.key(String(raw))
            if let colon = part.firstIndex(of: ":"), colon != part.startIndex {
                let name = part[..<colon], value = String(part[part.index(after: colon)...])
                guard !value.isEmpty else { continue }
                switch name {
                case "field": fields.append(value); continue
                case "tag": tags.append(value); continue
                case "circle": circles.append(value); continue
                case "status": statuses.append(value); continue
                default: break
                }
            }
            words.append(part)
        }
    }

    public var isEmpty: Bool { words.isEmpty && fields.isEmpty && tags.isEmpty && circles.isEmpty && statuses.isEmpty }

    /// Whether every word occurs in the folded text.
    public func wordsMatch(_ key: String) -> Bool {
        words.allSatisfy { key.contains($0) }
    }
}

extension Network {
    /// The folded text a contact is searched in: name, company, role, field, tags, notes, needs, offers.
    public func searchKey(_ c: Contact) -> String {
        Fold.key([c.name, c.company, c.role, c.field, c.tags.joined(separator: " "), c.notes, c.needs, c.offers]
            .compactMap { $0 }.joined(separator: "\u{1F}"))
    }

    /// Whether a contact passes a query; `key` is its ``searchKey(_:)`` (kept by callers that
    /// filter on every keystroke).
    public func matches(_ c: Contact, _ q: SearchQuery, key: String, today: Day) -> Bool {
        guard q.wordsMatch(key) else { return false }
        if !q.fields.isEmpty { guard let f = c.field.map(Fold.key), q.fields.allSatisfy({ f.hasPrefix($0) }) else { return false } }
        if !q.tags.isEmpty {
            let tags = c.tags.map(Fold.key)
            guard q.tags.allSatisfy({ t in tags.contains { $0.hasPrefix(t) } }) else { return false }
        }
        if !q.circles.isEmpty { guard let circle = c.circle?.rawValue, q.circles.allSatisfy({ circle.hasPrefix($0) }) else { return false } }
        if !q.statuses.isEmpty {
            guard let s = touchState(of: c, today: today)?.status.rawValue, q.statuses.allSatisfy({ s.hasPrefix($0) }) else { return false }
        }
        return true
    }

    /// Whether an event passes a query (words in title, location, field, tags, notes; `status:`
    /// is the event's status; `circle:` never matches an event).
    public func matches(_ e: Event, _ q: SearchQuery) -> Bool {
        let key = Fold.key([e.title, e.location, e.field, e.tags.joined(separator: " "), e.notes].compactMap { $0 }.joined(separator: "\u{1F}"))
        guard q.wordsMatch(key), q.circles.isEmpty else { return false }
        if !q.fields.isEmpty { guard let f = e.field.map(Fold.key), q.fields.allSatisfy({ f.hasPrefix($0) }) else { return false } }
        if !q.tags.isEmpty {
            let tags = e.tags.map(Fold.key)
            guard q.tags.allSatisfy({ t in tags.contains { $0.hasPrefix(t) } }) else { return false }
        }
        return q.statuses.allSatisfy { e.status.rawValue.hasPrefix($0) }
    }

    /// Whether a nurture item passes a query (words in its title, contact and reasons; `status:`
    /// is the item's status; the other qualifiers apply to its contact).
    /// The folded text a nurture item is searched in: its title, contact, kind and reasons.
    public func searchKey(_ item: NurtureItem) -> String {
        Fold.key(([item.title, item.contactName ?? "", item.kind.rawValue] + item.reasons).joined(separator: "\u{1F}"))
    }

    public func matches(_ item: NurtureItem, _ q: SearchQuery) -> Bool {
        guard q.words.isEmpty || q.wordsMatch(searchKey(item)), q.statuses.allSatisfy({ item.status.rawValue.hasPrefix($0) }) else { return false }
        if q.fields.isEmpty && q.tags.isEmpty && q.circles.isEmpty { return true }
        guard let c = item.contact.flatMap({ contact($0) }) else { return false }
        var rest = q
        rest.words = []
        rest.statuses = []
        return matches(c, rest, key: "", today: Day(ordinal: 0))
    }
}

/// glibc's memmem (a GNU extension the Glibc module does not export): a two-way string search.
@_silgen_name("memmem")
private func kith_memmem(_ haystack: UnsafeRawPointer, _ haystackLength: Int, _ needle: UnsafeRawPointer, _ needleLength: Int) -> UnsafeMutableRawPointer?

/// The folded search text of every row of a list (the contacts, the nurture queue) in one byte
/// buffer, so that a filter keystroke over 100,000 contacts is a `memmem` scan (a few ms) rather
/// than 100,000 Unicode-aware `String.contains` calls. Built once per revision of what it holds.
public struct SearchIndex: Sendable {
    public let revision: UInt64
    private var bytes: [UInt8] = []
    /// `starts[i]` is where row i's text begins; the last entry is the end.
    private var starts: [Int] = []

    /// The index of every contact's ``Network/searchKey(_:)-(Contact)``, for the contacts'
    /// revision (a logged touch leaves it as it is).
    public init(_ n: Network) {
        self.init(revision: n.contactsRevision, count: n.contacts.count) { n.searchKey(n.contacts[$0]) }
    }

    /// The index of `count` rows, the folded text of row `i` being `key(i)`.
    public init(revision: UInt64, count: Int, key: (Int) -> String) {
        self.revision = revision
        bytes.reserveCapacity(count * 96)
        starts.reserveCapacity(count + 1)
        for i in 0..<count {
            starts.append(bytes.count)
            bytes.append(contentsOf: key(i).utf8)
            bytes.append(0) // a word never spans two rows
        }
        starts.append(bytes.count)
    }

    /// For each row, whether its text holds every (folded) word.
    public func matching(_ words: [String]) -> [Bool] {
        var mask = [Bool](repeating: true, count: starts.count - 1)
        for word in words {
            var hit = [Bool](repeating: false, count: mask.count)
            let needle = Array(word.utf8)
            bytes.withUnsafeBufferPointer { hay in
                needle.withUnsafeBufferPointer { nd in
                    guard let base = hay.baseAddress, let wanted = nd.baseAddress, nd.count > 0 else { return }
                    var pos = 0, contact = 0
                    while pos < hay.count, let p = kith_memmem(base + pos, hay.count - pos, wanted, nd.count) {
                        let offset = base.distance(to: p.assumingMemoryBound(to: UInt8.self))
                        while starts[contact + 1] <= offset { contact += 1 }
                        hit[contact] = true
                        pos = starts[contact + 1]
                    }
                }
            }
            for i in mask.indices where !hit[i] { mask[i] = false }
        }
        return mask
    }
}
