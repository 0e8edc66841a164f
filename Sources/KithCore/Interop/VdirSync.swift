import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Two-way sync between the network and a vdir (one `.vcf` per contact, and optionally one
/// `.ics` per event in a second folder): the layout khard, khal and vdirsyncer use.
///
/// Like vdirsyncer, it keeps a status of what both sides looked like after the last sync
/// (`DIR/.kith-sync-<hash of the network file's path>.json`), so it can tell a change from a
/// deletion on either side. A contact carries its interactions and follow-ups as `X-KITH-*`
/// properties; an event carries the follow-ups about it. See docs/sync.md.
public struct VdirSync {
    /// One side's item as last synced.
    struct Status: Codable, Equatable {
        var href: String
        var uid: String
        var dir: String
        var kith: String
    }

    struct StatusFile: Codable {
        var version = 1
        var network: String
        var contacts: [String: Status] = [:]
        var events: [String: Status] = [:]
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// What a sync did (or, with `dryRun`, would do).
    public struct Outcome: Sendable {
        public var toKith = ImportReport()
        public var written = 0, deletedFiles = 0, deletedInKith = 0
        public var lines: [String] = []
        public var conflicts: [String] = []
        public var problems: [String] = []

        public var summary: String {
            "network: \(toKith.added) added, \(toKith.updated) updated, \(deletedInKith) deleted; "
                + "folder: \(written) written, \(deletedFiles) deleted"
                + (conflicts.isEmpty ? "" : "; \(conflicts.count) conflict\(conflicts.count == 1 ? "" : "s") (both kept)")
                + (problems.isEmpty ? "" : "; \(problems.count) file\(problems.count == 1 ? "" : "s") skipped")
        }
    }

    let contactsDir: String
    let eventsDir: String?
    let networkPath: String

    public init(contactsDir: String, eventsDir: String?, networkPath: String) {
        self.contactsDir = contactsDir
        self.eventsDir = eventsDir
        self.networkPath = networkPath
    }

    static func hash(_ bytes: [UInt8]) -> String { ContentHash(bytes).description + "-" + String(bytes.count) }

    static func statusPath(dir: String, network: String) -> String {
        let abs = network.hasPrefix("/") ? network : FileManager.default.currentDirectoryPath + "/" + network
        return dir + "/.kith-sync-" + ContentHash(Array((abs as NSString).standardizingPath.utf8)).description + ".json"
    }

    /// A file name for a UID: the characters vdir tools expect, nothing that leaves the folder.
    static func href(for uid: String, ext: String) -> String {
        let safe = String(uid.unicodeScalars.map { s -> Character in
            (s.properties.isAlphabetic && s.isASCII) || ("0"..."9").contains(Character(s)) || s == "-" || s == "_" || s == "@" || s == "." ? Character(s) : "_"
        })
        let trimmed = safe.hasPrefix(".") ? "_" + safe.dropFirst() : safe
        return String(trimmed.prefix(200)) + "." + ext
    }

    /// The items of a vdir folder: `name → bytes`, hidden files and other extensions left alone.
    static func scan(_ dir: String, ext: String) throws -> [String: [UInt8]] {
        var isDir: ObjCBool = false
        // A missing folder is an empty one; the first write creates it.
        if !FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) { return [:] }
        guard isDir.boolValue else { throw Failure(description: "\(dir) is not a folder") }
        var out: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir) where !name.hasPrefix(".") && name.hasSuffix("." + ext) {
            if let (bytes, _) = try FileIO.read(dir + "/" + name) { out[name] = bytes }
        }
        return out
    }

    /// Syncs both ways. Network changes are returned for the caller to apply and save first;
    /// `commitFiles` then writes the folder side and the status.
    public func plan(_ network: Network, clock: Clock, force: Bool) throws -> Plan {
        let statusPath = Self.statusPath(dir: contactsDir, network: networkPath)
        var status = StatusFile(network: networkPath)
        if let (bytes, _) = try FileIO.read(statusPath) {
            do { status = try JSONDecoder().decode(StatusFile.self, from: Data(bytes)) } catch {
                throw Failure(description: "\(statusPath): the sync status cannot be read (\(error)); move it away to sync from scratch (both sides are then kept, nothing is deleted)")
            }
        }
        var plan = Plan(sync: self, statusPath: statusPath, status: status, clock: clock)
        var work = ContactImport(network)
        // Events first, so that contacts' "met at" finds them.
        if let eventsDir {
            try plan.side(kind: .events, dir: eventsDir, network: &work, force: force)
        }
        try plan.side(kind: .contacts, dir: contactsDir, network: &work, force: force)
        work.finish()
        plan.outcome.toKith = work.report
        plan.changes = work.changes + plan.deletions
        var final = work.network
        for d in plan.deletions { try final.apply(d) }
        // Events met lists may name contacts the folder did not carry.
        for e in final.events where e.met.contains(where: { final.contact($0) == nil }) {
            var fixed = e
            fixed.met = e.met.filter { final.contact($0) != nil }
            try final.apply(.updateEvent(fixed))
            plan.changes.append(.updateEvent(fixed))
        }
        plan.finalize(final)
        return plan
    }

    enum Kind { case contacts, events }

    /// The sync's decisions: changes for the network, files for the folders, the new status.
    public struct Plan {
        let sync: VdirSync
        let statusPath: String
        var status: StatusFile
        let clock: Clock
        public internal(set) var changes: [Change] = []
        var deletions: [Change] = []
        public internal(set) var outcome = Outcome()
        /// (folder, name, bytes or nil to delete)
        var files: [(dir: String, name: String, bytes: [UInt8]?)] = []
        /// Items whose kith side must be rendered after the changes: (kind, id, href, uid, dir hash or nil).
        var pendingStatus: [(kind: Kind, id: UUID, href: String, uid: String, dirHash: String?)] = []

        func render(_ kind: Kind, _ id: UUID, uid: String, in n: Network, followUps: [UUID: [FollowUp]], eventFollowUps: [UUID: [FollowUp]]) -> [UInt8]? {
            switch kind {
            case .contacts:
                guard let c = n.contact(id) else { return nil }
                var out: [UInt8] = []
                VCardMapping.write(c, in: n, followUps: followUps[id] ?? [], version: .v3, uid: uid, to: &out)
                return out
            case .events:
                guard let e = n.event(id) else { return nil }
                // DTSTAMP fixed per event, so that an unchanged event renders the same bytes.
                return ICalendar.eventFile(e, followUps: eventFollowUps[id] ?? [], clock: Clock(today: e.date, minuteOfDay: 0), uid: uid)
            }
        }

        static func groups(_ n: Network) -> (contacts: [UUID: [FollowUp]], events: [UUID: [FollowUp]]) {
            var events: [UUID: [FollowUp]] = [:]
            for f in n.followUps where f.contact == nil { if let e = f.event { events[e, default: []].append(f) } }
            return (VCardMapping.followUpsByContact(n), events)
        }

        mutating func side(kind: Kind, dir: String, network work: inout ContactImport, force: Bool) throws {
            let ext = kind == .contacts ? "vcf" : "ics"
            let found = try VdirSync.scan(dir, ext: ext)
            let n = work.network
            let (fuByContact, fuByEvent) = Self.groups(n)
            var known = kind == .contacts ? status.contacts : status.events
            // Folder side, by id.
            var dirItems: [UUID: (name: String, bytes: [UInt8], uid: String)] = [:]
            var cards: [UUID: CardContent] = [:]
            var events: [UUID: ICalendar.EventContent] = [:]
            for name in found.keys.sorted() {
                let bytes = found[name]!
                do {
                    let id: UUID, uid: String
                    switch kind {
                    case .contacts:
                        let parsed = VCardParser.parse(bytes)
                        guard let card = parsed.cards.first, parsed.cards.count == 1, parsed.bad.isEmpty else {
                            throw ContentLines.Failure(line: parsed.bad.first?.line ?? 1, reason: parsed.bad.first?.reason ?? "not exactly one card in the file")
                        }
                        var content = try VCardMapping.content(of: card, today: clock.today)
                        guard let u = content.uid, !u.isEmpty else { throw ContentLines.Failure(line: card.line, reason: "the card has no UID") }
                        content.warnings = content.warnings.map { name + ": " + $0 }
                        (id, uid) = (content.contact.id, u)
                        cards[id] = content
                    case .events:
                        let content = try ICalendar.event(from: bytes)
                        (id, uid) = (content.event.id, content.uid)
                        events[id] = content
                    }
                    if let other = dirItems[id] {
                        outcome.problems.append("\(dir)/\(name): the same UID as \(other.name); left alone")
                        cards[id] = nil; events[id] = nil
                        continue
                    }
                    dirItems[id] = (name, bytes, uid)
                } catch {
                    outcome.problems.append("\(dir)/\(name): \(error); left alone")
                }
            }
            let kithIDs = kind == .contacts ? n.contacts.indices.map(n.contacts.id(at:)) : n.events.map(\.id)
            let kithSet = Set(kithIDs)
            // vdirsyncer's rule: one side empty while the status says both had items means
            // "everything was deleted" — more likely a mistake, so it takes --force.
            let wouldEmptyKith = found.isEmpty && !kithSet.isEmpty && kithSet.contains { known[$0.uuidString] != nil }
            let wouldEmptyDir = kithSet.isEmpty && !dirItems.isEmpty && dirItems.keys.contains { known[$0.uuidString] != nil }
            if (wouldEmptyKith || wouldEmptyDir) && !force {
                let what = kind == .contacts ? "contacts" : "events"
                throw Failure(description: wouldEmptyKith
                    ? "\(dir) is empty, but the network's \(what) were synced with it before: syncing would delete them all from the network. If you emptied the folder on purpose, run again with --force."
                    : "the network has no \(what), but \(dir) holds \(dirItems.count) that were synced with it before: syncing would delete them all from the folder. If you mean that, run again with --force.")
            }
            var order: [UUID] = kithIDs
            order += dirItems.keys.filter { !kithSet.contains($0) }.sorted { $0.uuidString < $1.uuidString }
            order += known.keys.compactMap(UUID.init(uuidString:)).filter { !kithSet.contains($0) && dirItems[$0] == nil }
            for id in order {
                let key = id.uuidString
                let s = known[key]
                let d = dirItems[id]
                let uid = s?.uid ?? d?.uid ?? id.uuidString.lowercased()
                // A status file is only data: a name that would leave the folder is not used.
                let kept = s.map(\.href).flatMap { $0.contains("/") || $0.hasPrefix(".") || !$0.hasSuffix("." + ext) ? nil : $0 }
                let href = kept ?? d?.name ?? VdirSync.href(for: uid, ext: ext)
                let k = kithSet.contains(id) ? render(kind, id, uid: uid, in: n, followUps: fuByContact, eventFollowUps: fuByEvent) : nil
                let kHash = k.map(VdirSync.hash), dHash = d.map { VdirSync.hash($0.bytes) }
                let kChanged = k != nil && kHash != s?.kith
                let dChanged = d != nil && dHash != s?.dir
                let label = kind == .contacts ? (n.contact(id)?.name ?? cards[id]?.contact.name ?? key) : (n.event(id)?.title ?? events[id]?.event.title ?? key)
                switch (k, d) {
                case let (k?, d?):
                    if k == d.bytes || (!kChanged && !dChanged) || sameContent(kind, id, cards[id], events[id], in: n) {
                        known[key] = Status(href: d.name, uid: uid, dir: dHash!, kith: kHash!)
                    } else if dChanged && !kChanged {
                        take(kind, id, cards[id], events[id], origin: "\(dir)/\(d.name)", into: &work)
                        pendingStatus.append((kind, id, d.name, uid, dHash))
                        outcome.lines.append("← \(label)")
                    } else if kChanged && !dChanged {
                        write(dir, d.name, k, &known, key, uid)
                        outcome.lines.append("→ \(label)")
                    } else {
                        // Changed on both sides: keep the network's version under this UID, and
                        // the folder's as a second item, named so the user can merge by hand.
                        write(dir, d.name, k, &known, key, uid)
                        if var copy = cards[id] {
                            copy.contact.id = UUID(); copy.uid = nil
                            copy.contact.name += " (conflict \(clock.today.iso))"
                            copy.interactions = []; copy.followUps = []
                            work.take(copy, origin: "\(dir)/\(d.name)", matchByIDOnly: true) { _, _ in .add }
                        } else if var copy = events[id] {
                            copy.event.id = UUID(); copy.event.title += " (conflict \(clock.today.iso))"
                            work.takeEvent(copy.event, followUps: [], replace: false)
                        }
                        outcome.conflicts.append("\(label): changed in the network and in \(dir)/\(d.name); both kept — the folder's version is now \"\(label) (conflict \(clock.today.iso))\"")
                    }
                case let (k?, nil):
                    if s == nil || kChanged {
                        if s != nil { outcome.lines.append("→ \(label) (deleted in the folder but changed here: written again)") } else { outcome.lines.append("→ \(label)") }
                        write(dir, href, k, &known, key, uid)
                    } else {
                        deletions.append(kind == .contacts ? .deleteContact(id) : .deleteEvent(id))
                        outcome.deletedInKith += 1
                        outcome.lines.append("× \(label) (deleted in the folder)")
                        known[key] = nil
                    }
                case let (nil, d?):
                    if s == nil || dChanged {
                        take(kind, id, cards[id], events[id], origin: "\(dir)/\(d.name)", into: &work)
                        pendingStatus.append((kind, id, d.name, uid, dHash))
                        outcome.lines.append("← \(label)" + (s != nil ? " (deleted here but changed in the folder: brought back)" : ""))
                    } else {
                        files.append((dir, d.name, nil))
                        outcome.deletedFiles += 1
                        outcome.lines.append("× \(dir)/\(d.name) (\(label), deleted in the network)")
                        known[key] = nil
                    }
                case (nil, nil):
                    known[key] = nil
                }
            }
            if kind == .contacts { status.contacts = known } else { status.events = known }
        }

        /// True when the folder's item says what the network already holds (a sync interrupted
        /// after saving the network, or the same edit made on both sides).
        func sameContent(_ kind: Kind, _ id: UUID, _ card: CardContent?, _ event: ICalendar.EventContent?, in n: Network) -> Bool {
            if let card, let c = n.contact(id) {
                return ContactImport.merge(c, with: card) == c && card.hasKithFields
                    && Set(card.interactions.map(\.id)) == Set(n.interactions(with: id).map(\.id))
                    && card.interactions.allSatisfy { n.interaction($0.id) == $0 }
                    && Set(card.followUps) == Set(n.followUps(for: id))
            }
            if let event, let e = n.event(id) {
                return event.event == e && Set(event.followUps) == Set(n.followUps.filter { $0.event == id && $0.contact == nil })
            }
            return false
        }

        private mutating func take(_ kind: Kind, _ id: UUID, _ card: CardContent?, _ event: ICalendar.EventContent?, origin: String, into work: inout ContactImport) {
            if let card { work.take(card, origin: origin, replaceHistory: true, matchByIDOnly: true) { _, _ in .add } }
            if let event { work.takeEvent(event.event, followUps: event.followUps, replace: true) }
        }

        private mutating func write(_ dir: String, _ name: String, _ bytes: [UInt8], _ known: inout [String: Status], _ key: String, _ uid: String) {
            files.append((dir, name, bytes))
            outcome.written += 1
            let h = VdirSync.hash(bytes)
            known[key] = Status(href: name, uid: uid, dir: h, kith: h)
        }

        /// Records the network side of items taken from the folders, as rendered after the changes.
        mutating func finalize(_ n: Network) {
            let (fuByContact, fuByEvent) = Self.groups(n)
            for p in pendingStatus {
                guard let bytes = render(p.kind, p.id, uid: p.uid, in: n, followUps: fuByContact, eventFollowUps: fuByEvent), let dirHash = p.dirHash else { continue }
                let s = Status(href: p.href, uid: p.uid, dir: dirHash, kith: VdirSync.hash(bytes))
                if p.kind == .contacts { status.contacts[p.id.uuidString] = s } else { status.events[p.id.uuidString] = s }
            }
            pendingStatus = []
        }

        /// Writes and deletes the folders' files (each write atomic), then the status. Call
        /// after the network changes are saved: a crash in between is repaired by the next sync.
        public func commitFiles(progress: (Int, Int) -> Void = { _, _ in }) throws {
            for (i, f) in files.enumerated() {
                let path = f.dir + "/" + f.name
                if let bytes = f.bytes { try FileIO.writeAtomically(bytes, to: path, sweep: false) } else if unlink(path) != 0 && errno != ENOENT {
                    throw FileError.errno(path, "delete")
                }
                progress(i + 1, files.count)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try FileIO.writeAtomically(Array(try encoder.encode(status)), to: statusPath)
        }
    }
}

extension ContactImport {
    /// Adds or updates an event from a calendar vdir; with `replace`, the follow-ups about it
    /// (and no contact) become exactly `followUps`.
    public mutating func takeEvent(_ e: Event, followUps: [FollowUp], replace: Bool) {
        if let old = network.event(e.id) {
            if old != e {
                recordChange(.updateEvent(e))
                report.updated += 1
                report.lines.append("update event \(e.title)")
            }
        } else {
            recordChange(.addEvent(e))
            report.added += 1
            report.lines.append("add event \(e.title)")
        }
        var keep = Set<UUID>()
        for f in followUps {
            keep.insert(f.id)
            if let old = network.followUp(f.id) { if old != f { recordChange(.updateFollowUp(f)) } } else { recordChange(.addFollowUp(f)) }
        }
        if replace {
            for f in network.followUps where f.event == e.id && f.contact == nil && !keep.contains(f.id) { recordChange(.deleteFollowUp(f.id)) }
        }
    }
}
