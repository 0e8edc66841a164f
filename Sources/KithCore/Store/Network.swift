import Foundation
import Synchronization

/// Counts of who gave in the touches with one contact.
public struct Ledger: Hashable, Sendable {
    public var gave = 0, received = 0, mutual = 0, none = 0
    public init() {}
    public var total: Int { gave + received + mutual + none }

    mutating func add(_ e: Exchange, _ n: Int = 1) {
        switch e {
        case .gave: gave += n
        case .received: received += n
        case .mutual: mutual += n
        case .none: self.none += n
        }
    }
}

/// The in-memory store: the whole network as values, with indexes kept in step by ``apply(_:)``.
///
/// Records keep their insertion order, so a saved file is deterministic and diffs cleanly.
public struct Network: Sendable, Equatable {
    /// A stamp that differs between any two states of any networks in this process (copies
    /// share it): caches derived from a network compare it instead of the network.
    public private(set) var revision = Network.nextRevision()
    public private(set) var contacts: [Contact] = []
    public private(set) var interactions: [Interaction] = []
    public private(set) var events: [Event] = []
    public private(set) var followUps: [FollowUp] = []
    public private(set) var settings = Settings()

    private var contactIndex: [UUID: Int] = [:]
    private var interactionIndex: [UUID: Int] = [:]
    private var eventIndex: [UUID: Int] = [:]
    private var followUpIndex: [UUID: Int] = [:]
    /// Interaction positions per contact, in insertion order.
    private var touchesByContact: [UUID: [Int]] = [:]
    private var lastTouchByContact: [UUID: Day] = [:]
    private var ledgerByContact: [UUID: Ledger] = [:]
    /// Folded names, parallel to `contacts`, for matching and filtering.
    public private(set) var nameKeys: [String] = []

    public init() {}

    /// Builds a network from records as read from a file, checking that ids are unique.
    public init(contacts: [Contact], interactions: [Interaction], events: [Event], followUps: [FollowUp],
                settings: Settings) throws {
        self.contacts = contacts
        self.interactions = interactions
        self.events = events
        self.followUps = followUps
        self.settings = settings
        try rebuildIndexes()
    }

    /// True for a network read without its interactions (the dashboard's first screen): last
    /// touches and ledgers come from the summaries the file stores. Such a network cannot be
    /// changed or saved until ``NetworkDocument/attachHistory(_:)`` completes it.
    public private(set) var historyPending = false

    /// A network without its interactions, from a file's records and stored summaries.
    public init(contacts: [Contact], events: [Event], followUps: [FollowUp], settings: Settings,
                summaries: [UUID: ContactSummary]) throws {
        try self.init(contacts: contacts, interactions: [], events: events, followUps: followUps, settings: settings)
        for (id, s) in summaries where contactIndex[id] != nil {
            if let d = s.lastTouch { lastTouchByContact[id] = d }
            if s.ledger.total > 0 { ledgerByContact[id] = s.ledger }
        }
        historyPending = true
    }

    public static func == (a: Network, b: Network) -> Bool {
        a.contacts == b.contacts && a.interactions == b.interactions && a.events == b.events
            && a.followUps == b.followUps && a.settings == b.settings
    }

    private static let revisions = Mutex<UInt64>(0)
    static func nextRevision() -> UInt64 { revisions.withLock { $0 += 1; return $0 } }

    private mutating func rebuildIndexes() throws {
        revision = Network.nextRevision()
        func index<T: Identifiable>(_ items: [T], _ what: String) throws -> [UUID: Int] where T.ID == UUID {
            var idx = [UUID: Int](minimumCapacity: items.count)
            for (i, item) in items.enumerated() {
                if idx.updateValue(i, forKey: item.id) != nil { throw ChangeError.duplicateID(what, item.id) }
            }
            return idx
        }
        contactIndex = try index(contacts, "contact")
        interactionIndex = try index(interactions, "interaction")
        eventIndex = try index(events, "event")
        followUpIndex = try index(followUps, "follow-up")
        nameKeys = contacts.map { Fold.key($0.name) }
        touchesByContact = [:]
        lastTouchByContact = [:]
        ledgerByContact = [:]
        for (i, it) in interactions.enumerated() { noteTouch(it, at: i) }
    }

    private mutating func noteTouch(_ it: Interaction, at i: Int) {
        for c in it.contacts {
            touchesByContact[c, default: []].append(i)
            if let last = lastTouchByContact[c], last >= it.date {} else { lastTouchByContact[c] = it.date }
            ledgerByContact[c, default: Ledger()].add(it.exchange)
        }
    }

    // MARK: - Queries

    public func contact(_ id: UUID) -> Contact? { contactIndex[id].map { contacts[$0] } }
    public func event(_ id: UUID) -> Event? { eventIndex[id].map { events[$0] } }
    public func followUp(_ id: UUID) -> FollowUp? { followUpIndex[id].map { followUps[$0] } }
    public func interaction(_ id: UUID) -> Interaction? { interactionIndex[id].map { interactions[$0] } }

    /// The newest touch with a contact, if any.
    public func lastTouch(_ contact: UUID) -> Day? { lastTouchByContact[contact] }

    /// Who gave in the touches with a contact.
    public func ledger(_ contact: UUID) -> Ledger { ledgerByContact[contact] ?? Ledger() }

    /// A contact's touches, newest first (same day: last logged first).
    public func interactions(with contact: UUID) -> [Interaction] {
        let list = (touchesByContact[contact] ?? []).map { interactions[$0] }
        return list.enumerated().sorted { a, b in
            a.element.date != b.element.date ? a.element.date > b.element.date : a.offset > b.offset
        }.map(\.element)
    }

    /// Follow-ups about a contact, open ones first by due date.
    public func followUps(for contact: UUID) -> [FollowUp] {
        followUps.filter { $0.contact == contact }.sorted { a, b in
            (a.done == nil) != (b.done == nil) ? a.done == nil : a.due < b.due
        }
    }

    /// The cadence that applies to a contact: its own, else its circle's; nil for none.
    public func cadence(of c: Contact) -> Int? {
        if let own = c.cadence { return own }
        return c.circle.flatMap { settings.cadence(for: $0) }
    }

    // MARK: - Changes

    /// Applies a change and returns the change that undoes it. Nothing changes when it throws.
    @discardableResult
    public mutating func apply(_ change: Change) throws -> Change {
        guard !historyPending else { throw ChangeError.historyNotLoaded }
        revision = Network.nextRevision()
        switch change {
        case .addContact(let c):
            guard contactIndex[c.id] == nil else { throw ChangeError.duplicateID("contact", c.id) }
            contactIndex[c.id] = contacts.count
            contacts.append(c)
            nameKeys.append(Fold.key(c.name))
            return .deleteContact(c.id)
        case .updateContact(let c):
            guard let i = contactIndex[c.id] else { throw ChangeError.missing("contact", c.id) }
            let old = contacts[i]
            contacts[i] = c
            if old.name != c.name { nameKeys[i] = Fold.key(c.name) }
            return .updateContact(old)
        case .deleteContact(let id):
            guard let i = contactIndex[id] else { throw ChangeError.missing("contact", id) }
            return try deleteContact(at: i)
        case .addInteraction(let it):
            guard interactionIndex[it.id] == nil else { throw ChangeError.duplicateID("interaction", it.id) }
            for c in it.contacts where contactIndex[c] == nil { throw ChangeError.missing("contact", c) }
            interactionIndex[it.id] = interactions.count
            interactions.append(it)
            noteTouch(it, at: interactions.count - 1)
            return .deleteInteraction(it.id)
        case .updateInteraction(let it):
            guard let i = interactionIndex[it.id] else { throw ChangeError.missing("interaction", it.id) }
            let old = interactions[i]
            interactions[i] = it
            try rebuildIndexes()
            return .updateInteraction(old)
        case .deleteInteraction(let id):
            guard let i = interactionIndex[id] else { throw ChangeError.missing("interaction", id) }
            let old = interactions.remove(at: i)
            try rebuildIndexes()
            return .addInteraction(old)
        case .addEvent(let e):
            guard eventIndex[e.id] == nil else { throw ChangeError.duplicateID("event", e.id) }
            eventIndex[e.id] = events.count
            events.append(e)
            return .deleteEvent(e.id)
        case .updateEvent(let e):
            guard let i = eventIndex[e.id] else { throw ChangeError.missing("event", e.id) }
            let old = events[i]
            events[i] = e
            return .updateEvent(old)
        case .deleteEvent(let id):
            guard let i = eventIndex[id] else { throw ChangeError.missing("event", id) }
            let old = events.remove(at: i)
            try rebuildIndexes()
            return .addEvent(old)
        case .addFollowUp(let f):
            guard followUpIndex[f.id] == nil else { throw ChangeError.duplicateID("follow-up", f.id) }
            if let c = f.contact, contactIndex[c] == nil { throw ChangeError.missing("contact", c) }
            if let e = f.event, eventIndex[e] == nil { throw ChangeError.missing("event", e) }
            followUpIndex[f.id] = followUps.count
            followUps.append(f)
            return .deleteFollowUp(f.id)
        case .updateFollowUp(let f):
            guard let i = followUpIndex[f.id] else { throw ChangeError.missing("follow-up", f.id) }
            let old = followUps[i]
            followUps[i] = f
            return .updateFollowUp(old)
        case .deleteFollowUp(let id):
            guard let i = followUpIndex[id] else { throw ChangeError.missing("follow-up", id) }
            let old = followUps.remove(at: i)
            try rebuildIndexes()
            return .addFollowUp(old)
        case .setSettings(let s):
            let old = settings
            settings = s
            return .setSettings(old)
        case .batch(let changes):
            var undo: [Change] = []
            let before = self
            do {
                for c in changes { undo.append(try apply(c)) }
            } catch {
                self = before
                throw error
            }
            return .batch(undo.reversed())
        }
    }

    /// Deletes a contact and everything that only concerns them; returns the restoring change.
    private mutating func deleteContact(at i: Int) throws -> Change {
        let c = contacts[i]
        var restore: [Change] = [.addContact(c)]
        var keptInteractions: [Interaction] = []
        for it in interactions {
            guard it.contacts.contains(c.id) else { keptInteractions.append(it); continue }
            if it.contacts.count == 1 {
                restore.append(.addInteraction(it))
            } else {
                var shared = it
                shared.contacts.removeAll { $0 == c.id }
                keptInteractions.append(shared)
                restore.append(.updateInteraction(it))
            }
        }
        let (gone, keptFollowUps) = (followUps.filter { $0.contact == c.id }, followUps.filter { $0.contact != c.id })
        restore += gone.map { .addFollowUp($0) }
        for (j, e) in events.enumerated() where e.met.contains(c.id) {
            restore.append(.updateEvent(e))
            events[j].met.removeAll { $0 == c.id }
        }
        contacts.remove(at: i)
        interactions = keptInteractions
        followUps = keptFollowUps
        try rebuildIndexes()
        return .batch(restore)
    }
}
