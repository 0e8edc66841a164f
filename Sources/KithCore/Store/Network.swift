import Foundation
import Synchronization

/// The in-memory store: the whole network as values, with indexes kept in step by ``apply(_:)``.
///
/// Records keep their insertion order, so a saved file is deterministic and diffs cleanly.
public struct Network: Sendable, Equatable {
    /// A stamp that differs between any two states of any networks in this process (copies
    /// share it): caches derived from a network compare it instead of the network.
    public private(set) var revision = Network.nextRevision()
    /// The same, moved on only when the contacts change: what is derived from them alone (their
    /// order by name) survives a logged touch or the history's arrival.
    public private(set) var contactsRevision = Network.nextRevision()
    public private(set) var contacts = ContactList() {
        didSet { contactsRevision = Network.nextRevision(); knownNameOrder = nil }
    }
    /// ``nameOrder`` when made already for these contacts.
    var knownNameOrder: [Int]?
    public private(set) var interactions: [Interaction] = []
    public private(set) var events: [Event] = []
    public private(set) var followUps: [FollowUp] = []
    public private(set) var settings = Settings()

    private var contactIndex = PositionIndex()
    private var interactionIndex = PositionIndex()
    private var eventIndex = PositionIndex()
    private var followUpIndex = PositionIndex()
    /// What the interactions say of each contact, parallel to `contacts` (three dictionaries
    /// keyed by id took about 22 MB at 100,000 contacts; these arrays take about 9).
    private var facts: [ContactFacts] = []

    private struct ContactFacts: Sendable {
        var lastTouch: Day?
        var ledger = Ledger()
        /// Interaction positions, in insertion order.
        var touches: [Int32] = []

        /// Adds what one touch says: a later last touch, who gave.
        mutating func count(_ touch: Interaction) {
            if let last = lastTouch, last >= touch.date {} else { lastTouch = touch.date }
            ledger.add(touch.exchange)
        }
    }

    /// Where the contact with `id` sits in `contacts` (and in `facts` and `nameKeys`).
    func contactPosition(_ id: UUID) -> Int? { contactIndex.position(of: id, in: contacts) }
    /// Folded names, parallel to `contacts`, for matching and filtering; empty while the
    /// contacts are read from the cache's columns (``nameKey(at:)`` reads them there).
    public private(set) var nameKeys: [String] = []

    /// The folded name of the contact at `p`.
    public func nameKey(at p: Int) -> String { contacts.inColumns ? contacts.storedNameKey(at: p) : nameKeys[p] }

    public init() {}

    /// Builds a network from records as read from a file, checking that ids are unique.
    public init(contacts: [Contact], interactions: [Interaction], events: [Event], followUps: [FollowUp],
                settings: Settings) throws {
        try self.init(contacts: contacts, interactions: interactions, events: events, followUps: followUps, settings: settings,
                      nameKeys: [])
    }

    /// As above, with the contacts' name keys when the decoder made them (else empty).
    init(contacts: [Contact], interactions: [Interaction], events: [Event], followUps: [FollowUp],
         settings: Settings, nameKeys: [String]) throws {
        self.contacts = ContactList(contacts)
        self.interactions = interactions
        self.events = events
        self.followUps = followUps
        self.settings = settings
        try rebuildIndexes(nameKeys: nameKeys)
    }

    /// True for a network read without its interactions (the dashboard's first screen): last
    /// touches and ledgers come from the summaries the file stores. Such a network cannot be
    /// changed or saved until ``NetworkDocument/attachHistory(_:)`` completes it.
    public private(set) var historyPending = false

    /// A network without its interactions, from a file's records and stored summaries (by
    /// position, parallel to `contacts`) and, when the decoder made them, name keys.
    init(contacts: [Contact], events: [Event], followUps: [FollowUp], settings: Settings,
         summaries: [ContactSummary], nameKeys: [String] = []) throws {
        try self.init(contacts: contacts, interactions: [], events: events, followUps: followUps, settings: settings,
                      nameKeys: nameKeys)
        for (p, s) in summaries.enumerated() where p < facts.count {
            facts[p].lastTouch = s.lastTouch
            facts[p].ledger = s.ledger
        }
        historyPending = true
    }

    /// A network without its interactions whose contacts are read in place from the cache's
    /// columns, with the order by name and the id index the cache stored (checked to be an order
    /// and an index of as many contacts).
    init(columns: ContactColumns, nameOrder: [Int], contactIndex: PositionIndex, events: [Event], followUps: [FollowUp],
         settings: Settings) throws {
        contacts = ContactList(columns)
        self.events = events
        self.followUps = followUps
        self.settings = settings
        try rebuildIndexes(contactIndex: contactIndex) // (no facts: the columns hold each contact's summary)
        try adopt(nameOrder: nameOrder)
        historyPending = true
    }

    /// Completes a network read without its interactions. Only what depends on them is built;
    /// the contacts' indexes and name keys stay (rebuilding them doubled the memory the attach
    /// took at 100,000 contacts). Contacts read from the cache's columns become the `values`
    /// made from them (the same contacts: their revision and order by name stay).
    mutating func attach(interactions: [Interaction], contacts values: (contacts: [Contact], nameKeys: [String])? = nil) throws {
        precondition(historyPending, "interactions are attached once, to a network read without them")
        if contacts.inColumns {
            guard let values, values.contacts.count == contacts.count, values.nameKeys.count == contacts.count else {
                preconditionFailure("contacts read from columns are attached with their values")
            }
            let kept = (contactsRevision, knownNameOrder)
            contacts = ContactList(values.contacts)
            nameKeys = values.nameKeys
            (contactsRevision, knownNameOrder) = kept
        }
        let index = try PositionIndex(interactions, what: "interaction")
        self.interactions = interactions
        interactionIndex = index
        rebuildFacts()
        historyPending = false
        revision = Network.nextRevision()
    }

    public static func == (a: Network, b: Network) -> Bool {
        a.contacts == b.contacts && a.interactions == b.interactions && a.events == b.events
            && a.followUps == b.followUps && a.settings == b.settings
    }

    private static let revisions = Mutex<UInt64>(0)
    static func nextRevision() -> UInt64 { revisions.withLock { $0 += 1; return $0 } }

    private mutating func rebuildIndexes(nameKeys keys: [String] = [], contactIndex stored: PositionIndex? = nil) throws {
        revision = Network.nextRevision()
        contactIndex = try stored ?? PositionIndex(contacts, what: "contact")
        interactionIndex = try PositionIndex(interactions, what: "interaction")
        eventIndex = try PositionIndex(events, what: "event")
        followUpIndex = try PositionIndex(followUps, what: "follow-up")
        if !contacts.inColumns { nameKeys = keys.count == contacts.count ? keys : contacts.indices.map { Fold.key(contacts.name(at: $0)) } }
        rebuildFacts()
    }

    /// What the interactions say of each contact, from scratch. A change to the history rebuilds
    /// only this (and the interactions' index when positions moved), not the contacts' indexes
    /// and name keys: at 100,000 contacts that whole rebuild made editing a touch stall.
    private mutating func rebuildFacts() {
        guard !contacts.inColumns else { return }
        facts = Array(repeating: ContactFacts(), count: contacts.count)
        for (i, it) in interactions.enumerated() { noteTouch(it, at: i) }
    }

    /// The interaction at `i` changed in place (same id, same position): its position moves
    /// from the old contacts' touches to the new ones', and those contacts' facts are recounted
    /// from their own touches — a handful, rather than the whole history.
    private mutating func retouch(at i: Int, from old: [UUID], to new: [UUID]) {
        let position = Int32(i)
        var affected: [Int] = []
        for c in old {
            guard let p = contactPosition(c) else { continue }
            facts[p].touches.removeAll { $0 == position }
            affected.append(p)
        }
        for c in new {
            guard let p = contactPosition(c) else { continue }
            let at = facts[p].touches.firstIndex { $0 > position } ?? facts[p].touches.endIndex
            facts[p].touches.insert(position, at: at)
            affected.append(p)
        }
        for p in affected {
            facts[p].lastTouch = nil
            facts[p].ledger = Ledger()
            for t in facts[p].touches { facts[p].count(interactions[Int(t)]) }
        }
    }

    private mutating func noteTouch(_ it: Interaction, at i: Int) {
        for c in it.contacts {
            // A touch with someone not in the network (a hand-edited file) is kept, and `kith
            // check` reports it; it has nobody's facts to add to.
            guard let p = contactPosition(c) else { continue }
            facts[p].touches.append(Int32(i))
            facts[p].count(it)
        }
    }

    // MARK: - Queries

    public func contact(_ id: UUID) -> Contact? { contactPosition(id).map { contacts[$0] } }
    public func event(_ id: UUID) -> Event? { eventIndex.position(of: id, in: events).map { events[$0] } }
    public func followUp(_ id: UUID) -> FollowUp? { followUpIndex.position(of: id, in: followUps).map { followUps[$0] } }
    public func interaction(_ id: UUID) -> Interaction? { interactionIndex.position(of: id, in: interactions).map { interactions[$0] } }

    /// The last touch and ledger of the contact at `position`: what the file stores as its summary.
    public func summary(at position: Int) -> ContactSummary {
        if contacts.inColumns { return contacts.storedSummary(at: position) }
        return ContactSummary(lastTouch: facts[position].lastTouch, ledger: facts[position].ledger)
    }

    /// Every contact's summary, by position.
    var summaries: [ContactSummary] { contacts.indices.map(summary(at:)) }

    /// The newest touch with a contact, if any.
    public func lastTouch(_ contact: UUID) -> Day? { contactPosition(contact).flatMap { summary(at: $0).lastTouch } }

    /// Who gave in the touches with a contact.
    public func ledger(_ contact: UUID) -> Ledger { contactPosition(contact).map { summary(at: $0).ledger } ?? Ledger() }

    /// A contact's touches, newest first (same day: last logged first).
    public func interactions(with contact: UUID) -> [Interaction] {
        let list = (contactPosition(contact).flatMap { facts.isEmpty ? nil : facts[$0].touches } ?? []).map { interactions[Int($0)] }
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
    public func cadence(of c: Contact) -> Int? { cadence(own: c.cadence, circle: c.circle) }

    /// The same for the contact at `p`, read in place.
    func cadence(at p: Int) -> Int? { cadence(own: contacts.cadence(at: p), circle: contacts.circle(at: p)) }

    private func cadence(own: Int?, circle: Circle?) -> Int? { own ?? circle.flatMap { settings.cadence(for: $0) } }

    // MARK: - Changes

    /// Applies a change and returns the change that undoes it. Nothing changes when it throws.
    @discardableResult
    public mutating func apply(_ change: Change) throws -> Change {
        guard !historyPending else { throw ChangeError.historyNotLoaded }
        revision = Network.nextRevision()
        switch change {
        case .addContact(let c):
            guard contactPosition(c.id) == nil else { throw ChangeError.duplicateID("contact", c.id) }
            let order = knownNameOrder
            contactIndex.insert(c.id, at: contacts.count, in: contacts)
            contacts.append(c)
            facts.append(ContactFacts())
            nameKeys.append(Fold.key(c.name))
            knownNameOrder = order.map { placing(contacts.count - 1, in: $0) }
            return .deleteContact(c.id)
        case .updateContact(let c):
            guard let i = contactPosition(c.id) else { throw ChangeError.missing("contact", c.id) }
            let old = contacts[i], order = knownNameOrder
            contacts.replace(at: i, with: c)
            if old.name != c.name {
                nameKeys[i] = Fold.key(c.name)
                knownNameOrder = order.map { placing(i, in: $0.filter { $0 != i }) }
            } else {
                knownNameOrder = order
            }
            return .updateContact(old)
        case .deleteContact(let id):
            guard let i = contactPosition(id) else { throw ChangeError.missing("contact", id) }
            return deleteContact(at: i)
        case .addInteraction(let it):
            guard interactionIndex.position(of: it.id, in: interactions) == nil else { throw ChangeError.duplicateID("interaction", it.id) }
            for c in it.contacts where contactPosition(c) == nil { throw ChangeError.missing("contact", c) }
            interactionIndex.insert(it.id, at: interactions.count, in: interactions)
            interactions.append(it)
            noteTouch(it, at: interactions.count - 1)
            return .deleteInteraction(it.id)
        case .updateInteraction(let it):
            guard let i = interactionIndex.position(of: it.id, in: interactions) else { throw ChangeError.missing("interaction", it.id) }
            let old = interactions[i]
            interactions[i] = it
            retouch(at: i, from: old.contacts, to: it.contacts)
            return .updateInteraction(old)
        case .deleteInteraction(let id):
            guard let i = interactionIndex.position(of: id, in: interactions) else { throw ChangeError.missing("interaction", id) }
            // Its contacts recount their own touches, and the later positions move back in
            // place: at 500,000 interactions, indexing and counting them all again took about 80 ms.
            let old = interactions[i]
            retouch(at: i, from: old.contacts, to: [])
            removeInteractions(at: [i])
            return .addInteraction(old)
        case .addEvent(let e):
            guard eventIndex.position(of: e.id, in: events) == nil else { throw ChangeError.duplicateID("event", e.id) }
            eventIndex.insert(e.id, at: events.count, in: events)
            events.append(e)
            return .deleteEvent(e.id)
        case .updateEvent(let e):
            guard let i = eventIndex.position(of: e.id, in: events) else { throw ChangeError.missing("event", e.id) }
            let old = events[i]
            events[i] = e
            return .updateEvent(old)
        case .deleteEvent(let id):
            guard let i = eventIndex.position(of: id, in: events) else { throw ChangeError.missing("event", id) }
            let old = events[i]
            Self.remove([i], from: &events, index: &eventIndex)
            return .addEvent(old)
        case .addFollowUp(let f):
            guard followUpIndex.position(of: f.id, in: followUps) == nil else { throw ChangeError.duplicateID("follow-up", f.id) }
            if let c = f.contact, contactPosition(c) == nil { throw ChangeError.missing("contact", c) }
            if let e = f.event, eventIndex.position(of: e, in: events) == nil { throw ChangeError.missing("event", e) }
            followUpIndex.insert(f.id, at: followUps.count, in: followUps)
            followUps.append(f)
            return .deleteFollowUp(f.id)
        case .updateFollowUp(let f):
            guard let i = followUpIndex.position(of: f.id, in: followUps) else { throw ChangeError.missing("follow-up", f.id) }
            let old = followUps[i]
            followUps[i] = f
            return .updateFollowUp(old)
        case .deleteFollowUp(let id):
            guard let i = followUpIndex.position(of: id, in: followUps) else { throw ChangeError.missing("follow-up", id) }
            let old = followUps[i]
            Self.remove([i], from: &followUps, index: &followUpIndex)
            return .addFollowUp(old)
        case .setSettings(let s):
            let old = settings
            settings = s
            return .setSettings(old)
        case .batch(let changes):
            // When one change fails, those before it are undone. A batch that deletes keeps the
            // network as it was for that instead, since a deleted record would come back at the
            // end; keeping it makes the changes copy every array they touch (restoring a deleted
            // contact at 100,000 copied all 500,000 interactions: about 60 ms).
            let before = change.undoesInPlace ? nil : self
            var undo: [Change] = []
            do {
                for c in changes { undo.append(try apply(c)) }
            } catch {
                if let before {
                    self = before
                } else {
                    for u in undo.reversed() {
                        do { try apply(u) } catch { preconditionFailure("the undo of a change just applied failed: \(error)") }
                    }
                }
                throw error
            }
            return .batch(undo.reversed())
        }
    }

    /// Deletes a contact and everything that only concerns them; returns the restoring change.
    /// Their touches are found through their facts and the indexes move positions back in place
    /// (rebuilding every index made a delete take about 135 ms at 100,000 contacts).
    private mutating func deleteContact(at i: Int) -> Change {
        let c = contacts[i]
        var restore: [Change] = [.addContact(c)]
        var gone: [Int] = []
        for p in Set(facts[i].touches.map(Int.init)).sorted() {
            let it = interactions[p]
            if it.contacts.allSatisfy({ $0 == c.id }) {
                restore.append(.addInteraction(it))
                gone.append(p)
            } else {
                interactions[p].contacts.removeAll { $0 == c.id }
                restore.append(.updateInteraction(it))
            }
        }
        let goneFollowUps = followUps.indices.filter { followUps[$0].contact == c.id }
        restore += goneFollowUps.map { .addFollowUp(followUps[$0]) }
        Self.remove(goneFollowUps, from: &followUps, index: &followUpIndex)
        for (j, e) in events.enumerated() where e.met.contains(c.id) {
            restore.append(.updateEvent(e))
            events[j].met.removeAll { $0 == c.id }
        }
        let order = knownNameOrder
        contactIndex.remove(positions: [i], in: contacts)
        contacts.remove(at: i)
        facts.remove(at: i)
        nameKeys.remove(at: i)
        knownNameOrder = order.map { $0.compactMap { $0 == i ? nil : $0 > i ? $0 - 1 : $0 } }
        removeInteractions(at: gone)
        return .batch(restore)
    }

    /// Removes the interactions at `gone` (ascending positions) from the array and its index,
    /// and moves the later positions back in the contacts' touches; the caller has taken these
    /// touches out of every contact's facts.
    private mutating func removeInteractions(at gone: [Int]) {
        Self.remove(gone, from: &interactions, index: &interactionIndex)
        guard let first = gone.first, first < interactions.count else { return }
        for p in facts.indices where (facts[p].touches.last ?? -1) > first {
            for j in facts[p].touches.indices where facts[p].touches[j] > first {
                facts[p].touches[j] -= Int32(gone.countBelow(Int(facts[p].touches[j])))
            }
        }
    }

    /// Removes the records at `gone` (ascending positions) from `items` and from its index.
    private static func remove<T: Identifiable>(_ gone: [Int], from items: inout [T], index: inout PositionIndex) where T.ID == UUID {
        index.remove(positions: gone, in: items)
        items.remove(atAscending: gone)
    }
}
