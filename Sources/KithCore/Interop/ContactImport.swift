import Foundation

/// What to do with a card that looks like an existing contact (same name) but shares no UID or
/// email with it, or whose UID and email point at two different contacts.
public enum ConflictChoice: String, Sendable, CaseIterable {
    case skip, add, update
}

/// Counts and messages of one import or sync.
public struct ImportReport: Sendable, Equatable {
    public var added = 0, updated = 0, unchanged = 0, skipped = 0
    /// Bad cards and values left out, each with its place ("cards.vcf: card 3 (line 41): …").
    public var problems: [String] = []
    /// What changes, one line per contact ("add Ada Lovelace", "update Zoë Ångström: emails, notes").
    public var lines: [String] = []
    public init() {}

    public var summary: String {
        "\(added) added, \(updated) updated, \(unchanged) unchanged, \(skipped) skipped"
            + (problems.isEmpty ? "" : ", \(problems.count) problem\(problems.count == 1 ? "" : "s")")
    }
}

/// Merges contacts read from cards (vCard, CSV, a vdir) into a network without duplicating:
/// a card matches a contact by UID, else by email; a card that only shares a name asks.
///
/// Fields a vCard carries replace the contact's; kith's own fields (field, circle, cadence,
/// needs, offers, …) are replaced only by a card that carries `X-KITH-*` properties, so a card
/// edited on a phone never erases them.
public struct ContactImport {
    /// The network with everything taken so far applied.
    public private(set) var network: Network
    /// The changes, in order: apply them as one ``Change/batch(_:)``.
    public private(set) var changes: [Change] = []
    public var report = ImportReport()

    private var byEmail: [String: UUID] = [:]
    /// Folded names → a contact with that name (a dictionary, so 100,000 cards stay linear).
    private var byName: [String: UUID] = [:]
    /// Contacts added or updated so far.
    private var changedContacts = Set<UUID>()
    /// History read from cards, applied at ``finish()`` once every contact is known.
    private var pending: [(contact: UUID, card: CardContent, replace: Bool)] = []

    public init(_ network: Network) {
        self.network = network
        for (i, c) in network.contacts.enumerated() {
            for e in c.emails { byEmail[e.lowercased()] = c.id }
            if byName[network.nameKeys[i]] == nil { byName[network.nameKeys[i]] = c.id }
        }
    }

    /// Takes one card. `replaceHistory` (used by sync) makes the card's interactions and
    /// follow-ups the contact's whole history; a plain import only adds and updates.
    /// `matchByIDOnly` (sync) matches by UID alone: a folder item is its own item.
    public mutating func take(_ card: CardContent, origin: String, replaceHistory: Bool = false, matchByIDOnly: Bool = false,
                              resolve: (Contact, CardContent) -> ConflictChoice) {
        for w in card.warnings { report.problems.append(origin + ": " + w) }
        let incoming = card.contact
        var target: Contact? = network.contact(incoming.id)
        var conflictWith: Contact?
        if target == nil && !matchByIDOnly {
            let owners = Set(incoming.emails.compactMap { byEmail[$0.lowercased()] })
            if owners.count == 1 { target = network.contact(owners.first!) } else if let o = owners.first { conflictWith = network.contact(o) }
        }
        if target == nil && conflictWith == nil && !matchByIDOnly {
            let key = Fold.key(incoming.name)
            if let id = byName[key], let c = network.contact(id), Fold.key(c.name) == key { conflictWith = c } // not renamed since
        }
        if let other = conflictWith {
            switch resolve(other, card) {
            case .skip:
                report.skipped += 1
                report.lines.append("skip \(incoming.name) (\(origin) card \(card.number)): looks like the existing \(other.name), with no UID or email in common")
                return
            case .update: target = other
            case .add: break
            }
        }
        if let existing = target {
            let merged = Self.merge(existing, with: card)
            if merged != existing {
                record(.updateContact(merged))
                changedContacts.insert(merged.id)
                report.updated += 1
                report.lines.append("update \(merged.name): " + Self.changedFields(existing, merged).joined(separator: ", "))
            } else {
                report.unchanged += 1
            }
            pending.append((existing.id, card, replaceHistory))
        } else {
            var new = incoming
            if network.contact(new.id) != nil { new.id = UUID() }
            record(.addContact(new))
            changedContacts.insert(new.id)
            report.added += 1
            report.lines.append("add \(new.name)")
            pending.append((new.id, card, replaceHistory))
        }
    }

    /// Applies the history the cards carried; call once after the last ``take``.
    public mutating func finish() {
        var touched = Set<UUID>()
        for (id, card, replace) in pending {
            let from = card.contact.id
            func map(_ u: UUID) -> UUID { u == from ? id : u }
            var keepInteractions = Set<UUID>(), keepFollowUps = Set<UUID>()
            for var it in card.interactions {
                it.contacts = Self.unique(it.contacts.map(map)).filter { network.contact($0) != nil }
                if !it.contacts.contains(id) { it.contacts.insert(id, at: 0) }
                keepInteractions.insert(it.id)
                if let old = network.interaction(it.id) {
                    if old != it { record(.updateInteraction(it)); touched.insert(id) }
                } else {
                    record(.addInteraction(it)); touched.insert(id)
                }
            }
            for var f in card.followUps {
                f.contact = id
                if let e = f.event, network.event(e) == nil { f.event = nil }
                keepFollowUps.insert(f.id)
                if let old = network.followUp(f.id) {
                    if old != f { record(.updateFollowUp(f)); touched.insert(id) }
                } else {
                    record(.addFollowUp(f)); touched.insert(id)
                }
            }
            if replace {
                for it in network.interactions(with: id) where !keepInteractions.contains(it.id) {
                    if it.contacts.count == 1 { record(.deleteInteraction(it.id)) } else {
                        var shared = it
                        shared.contacts.removeAll { $0 == id }
                        record(.updateInteraction(shared))
                    }
                    touched.insert(id)
                }
                for f in network.followUps(for: id) where !keepFollowUps.contains(f.id) {
                    record(.deleteFollowUp(f.id)); touched.insert(id)
                }
            }
            // A meeting place that is not (yet) an event here would be a dangling reference.
            if let c = network.contact(id), let e = c.metAt, network.event(e) == nil {
                var fixed = c
                fixed.metAt = nil
                record(.updateContact(fixed))
            }
        }
        pending = []
        // A contact whose only change was its history counts as updated.
        for id in touched.subtracting(changedContacts) {
            guard let c = network.contact(id) else { continue }
            changedContacts.insert(id)
            report.unchanged -= 1
            report.updated += 1
            report.lines.append("update \(c.name): history")
        }
    }

    mutating func recordChange(_ change: Change) { record(change) }

    private mutating func record(_ change: Change) {
        do {
            try network.apply(change)
        } catch {
            report.problems.append("\(error)")
            return
        }
        changes.append(change)
        switch change {
        case .addContact(let c), .updateContact(let c):
            for e in c.emails { byEmail[e.lowercased()] = c.id }
            let key = Fold.key(c.name)
            if byName[key] == nil { byName[key] = c.id }
        default: break
        }
    }

    private static func unique(_ ids: [UUID]) -> [UUID] {
        var seen = Set<UUID>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// The existing contact updated with what the card says (see the type's comment).
    static func merge(_ existing: Contact, with card: CardContent) -> Contact {
        let c = card.contact
        var m = existing
        m.name = c.name; m.company = c.company; m.role = c.role
        m.emails = c.emails; m.phones = c.phones; m.birthday = c.birthday
        m.notes = c.notes; m.tags = c.tags
        if card.hasKithFields {
            m.field = c.field; m.circle = c.circle; m.cadence = c.cadence; m.needs = c.needs
            m.offers = c.offers; m.howMet = c.howMet; m.metAt = c.metAt; m.created = c.created
            m.snoozedUntil = c.snoozedUntil
        }
        return m
    }

    static func changedFields(_ a: Contact, _ b: Contact) -> [String] {
        var out: [String] = []
        if a.name != b.name { out.append("name") }
        if a.company != b.company { out.append("company") }
        if a.role != b.role { out.append("role") }
        if a.field != b.field { out.append("field") }
        if a.circle != b.circle { out.append("circle") }
        if a.tags != b.tags { out.append("tags") }
        if a.emails != b.emails { out.append("emails") }
        if a.phones != b.phones { out.append("phones") }
        if a.birthday != b.birthday { out.append("birthday") }
        if a.cadence != b.cadence { out.append("cadence") }
        if a.needs != b.needs { out.append("needs") }
        if a.offers != b.offers { out.append("offers") }
        if a.notes != b.notes { out.append("notes") }
        if a.howMet != b.howMet || a.metAt != b.metAt { out.append("how met") }
        if a.created != b.created { out.append("created") }
        if a.snoozedUntil != b.snoozedUntil { out.append("snooze") }
        return out
    }
}
