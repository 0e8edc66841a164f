import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A network bound to its file: load, change, save — without ever losing someone else's change.
///
/// Changes are applied in memory first and remembered until saved. A save takes the lock next to
/// the file, and when the file changed on disk since kith read it (same metadata is trusted,
/// otherwise the content hash decides), it reads the new file and replays the unsaved changes on
/// top, then writes atomically, keeping the previous version (see ``Backups``).
public struct NetworkDocument: Sendable {
    public let path: String
    public private(set) var network: Network
    /// Changes applied in memory and not yet written.
    public private(set) var unsaved: [Change] = []
    /// The format version of the file as read (older ones are upgraded in memory).
    public private(set) var loadedVersion = NetworkCodec.formatVersion
    private(set) var disk: DiskStamp?
    /// Where kith keeps the dashboard's first-screen cache of this file: each save refreshes it.
    public var firstScreenCache: FirstScreenCache?

    /// Why a file could not be opened; the file is never touched.
    public struct LoadError: Error, CustomStringConvertible {
        public var path: String
        public var reason: String
        public var description: String {
            var s = "kith cannot read \(path): \(reason). The file was left untouched."
            let kept = Backups.list(path)
            if !kept.isEmpty {
                s += " Kept versions: " + kept.prefix(3).map(\.path).joined(separator: ", ")
                    + "; `kith restore --list --file \(path)` lists them and `kith restore DATE` brings one back."
            }
            return s
        }
    }

    /// Whether the file existed when read (a missing file opens as an empty network).
    public var existsOnDisk: Bool { disk != nil }

    public init(path: String, network: Network = Network()) {
        self.path = path
        self.network = network
    }

    /// Opens the file at `path`; a missing file gives an empty network, created on first save.
    public static func open(_ path: String) throws -> NetworkDocument {
        var doc = NetworkDocument(path: path)
        if let (network, stamp, version) = try read(path) {
            doc.network = network
            doc.disk = stamp
            doc.loadedVersion = version
        }
        return doc
    }

    /// Reads, upgrades and checks a file; nil when it does not exist.
    private static func read(_ path: String) throws -> (Network, DiskStamp, Int)? {
        try read(path, deferringHistory: false).map { ($0.0, $0.1, $0.2) }
    }

    /// Reads a file; with `deferringHistory`, a version-2 file's interactions are only located,
    /// and handed back to be read off the input thread (``DeferredHistory``). With a `cache`,
    /// the rest comes from its file when that matches (see ``FirstScreenCache``).
    private static func read(_ path: String, deferringHistory: Bool, cache: FirstScreenCache? = nil) throws -> (Network, DiskStamp, Int, DeferredHistory?)? {
        let file: FileBytes?
        do { file = try FileIO.map(path) } catch let e as FileError { throw LoadError(path: path, reason: e.message) }
        guard let file else { return nil }
        // A file changed outside kith since the cache was written has the cache brought up to
        // date, in memory, when most of its contacts are still as the cache recorded them.
        var refreshed: FirstScreenCache.Refreshed?
        if deferringHistory, let cache,
           let (records, stamp) = cache.load(for: path, matching: file.stat) ?? {
               refreshed = cache.refresh(for: path, from: file)
               return refreshed.map { ($0.records, $0.stamp) }
           }(),
           let range = records.deferredInteractions, let network = try? NetworkCodec.network(from: records) {
            // (A refreshed first screen was checked against the file as it was made.)
            let history = DeferredHistory(path: path, file: file, range: range, toEnd: true, cache: cache,
                                          check: refreshed == nil ? stamp.fingerprint : nil, columns: records.contactColumns,
                                          refreshed: refreshed.map { ($0.spans, $0.around) })
            return (network, stamp, records.version, history)
        }
        do {
            var records = try NetworkCodec.decodeRecords(file, deferringHistory: deferringHistory)
            let version = records.version
            Migrations.upgrade(&records)
            // The decoder fingerprinted what it passed; a first-screen read that stopped at the
            // history fingerprints up to there, and the history's read does the rest. Until the
            // history is attached, such a fingerprint covers only the first part; nothing
            // compares it then (no save and no reload check before the attach).
            let split = records.deferredToEnd ? records.deferredInteractions?.lowerBound : nil
            let stamp = DiskStamp(file.stat, fingerprint: file.fingerprint(upTo: split ?? file.buffer.count))
            // What the cache will hold once the history has been read too (the file is then
            // known to be whole and consistent).
            let keep = cache != nil && version == NetworkCodec.formatVersion && records.deferredToEnd ? (records, stamp) : nil
            let history = records.deferredInteractions.map {
                DeferredHistory(path: path, file: file, range: $0, toEnd: records.deferredToEnd, cache: cache, toCache: keep)
            }
            return (try NetworkCodec.network(from: records), stamp, version, history)
        } catch let e as NetworkCodec.DecodeError {
            throw LoadError(path: path, reason: e.description)
        }
    }

    /// The interactions of a file opened with ``openDeferringHistory(_:)``, still to be read.
    public struct DeferredHistory: Sendable {
        let path: String
        let file: FileBytes
        let range: Range<Int>
        let toEnd: Bool
        var cache: FirstScreenCache?
        /// Set when the first screen came from the cache: the fingerprint of the file's first part
        /// it was made from, which the file must still have.
        var check: FileFingerprint?
        /// Set when the first screen was read from the file: what to write to the cache.
        var toCache: (records: NetworkRecords, stamp: DiskStamp)?
        /// Set when the first screen's contacts are read in place from the cache: they are made
        /// values here, with the history.
        var columns: ContactColumns?
        /// Set when the first screen came from a cache brought up to date with the file: the
        /// file's spans, to write the cache with once the history is attached.
        var refreshed: (spans: [ByteSpan], around: (before: ByteSpan, after: ByteSpan))?

        /// Whether the first screen is the file's, checked without reading the history: a first
        /// screen from the cache, by the fingerprint of the file's first part (a cache that fails
        /// it is removed); one read from the file, or from a cache brought up to date with it, is.
        /// For a command that reports on the first screen's records alone (`kith due`).
        public func firstScreenMatchesFile() -> Bool {
            guard let check, file.fingerprint(upTo: check.count, cuts: check.cuts) != check else { return true }
            cache?.remove(for: path)
            return false
        }

        /// Reads them (off the input thread: about half of a whole load).
        public func load() throws -> History {
            guard firstScreenMatchesFile() else { throw LoadError(path: path, reason: "its first-screen cache no longer matches it") }
            do {
                // One thread: this runs while the first screen is being drawn and shown, and a second
                // decoding thread takes CPU the terminal needs (10k launch to first screen, median
                // of 9 in tmux: 46.6 ms with two threads here, 43.7 with one).
                let interactions = try NetworkCodec.decodeInteractions(file.buffer, at: range, toEnd: toEnd, file: file, split: false)
                let contacts: (contacts: [Contact], nameKeys: [String])?
                do { contacts = try columns?.materialize() } catch {
                    cache?.remove(for: path)
                    throw LoadError(path: path, reason: "its first-screen cache is damaged")
                }
                // The first read fingerprinted the file up to the history; this completes it.
                return History(interactions: interactions, contacts: contacts, fingerprint: toEnd ? file.fingerprint() : nil)
            } catch let e as NetworkCodec.DecodeError {
                throw LoadError(path: path, reason: e.description)
            }
        }

        /// Whether ``writeCache()`` has something to write: the first screen was read from the
        /// file, or from a cache brought up to date with it.
        public var writesCache: Bool { cache != nil && (toCache != nil || refreshed != nil) }

        /// Writes the first screen's records to the cache, once the history has been read and
        /// attached (so the file is known to be whole). Off the input thread; failures are ignored.
        /// `nameOrder`: the order by name the dashboard already made of these records' contacts
        /// (else the cache sorts them again).
        /// A cache brought up to date is written from `attached`: the network with this history
        /// attached, before any change.
        public func writeCache(nameOrder: [Int]? = nil, attached: Network? = nil) {
            if let cache, let refreshed, let network = attached, !network.historyPending {
                var records = NetworkRecords(firstScreenOf: network, history: range)
                (records.contactSpans, records.aroundContacts) = refreshed
                // Hashed here, off the first screen's way, from the file as mapped.
                let firstPart = FileFingerprint(UnsafeBufferPointer(rebasing: file.buffer[..<range.lowerBound]))
                cache.save(records, stamp: DiskStamp(file.stat, fingerprint: firstPart), for: path)
            }
            guard let cache, let toCache else { return }
            var records = toCache.records
            if let nameOrder, nameOrder.count == records.contacts.count { records.nameOrder = nameOrder }
            cache.save(records, stamp: toCache.stamp, for: path)
        }
    }

    /// A deferred history, read: the interactions, and the file's whole fingerprint when the
    /// first read could only hash its first part.
    public struct History: Sendable {
        public let interactions: [Interaction]
        /// The contacts as values, when the first screen read them from the cache's columns.
        let contacts: (contacts: [Contact], nameKeys: [String])?
        let fingerprint: FileFingerprint?
    }

    /// Opens a file for the dashboard: everything the first screen needs now, the interactions
    /// later (nil when they were read at once). Until ``attachHistory(_:)``, the network cannot
    /// be changed or saved.
    /// With a `cache`, the first screen comes from its file when that matches, and is written
    /// to it otherwise (``DeferredHistory/writeCache()``) and by every save.
    public static func openDeferringHistory(_ path: String, cache: FirstScreenCache? = nil) throws -> (NetworkDocument, DeferredHistory?) {
        var doc = NetworkDocument(path: path)
        doc.firstScreenCache = cache
        guard let (network, stamp, version, history) = try read(path, deferringHistory: true, cache: cache) else { return (doc, nil) }
        doc.network = network
        doc.disk = stamp
        doc.loadedVersion = version
        return (doc, history)
    }

    /// Completes a network opened with ``openDeferringHistory(_:)`` with its interactions.
    public mutating func attachHistory(_ history: History) throws {
        precondition(network.historyPending && unsaved.isEmpty, "history is attached once, before any change")
        do {
            try network.attach(interactions: history.interactions, contacts: history.contacts)
        } catch let e as ChangeError {
            throw LoadError(path: path, reason: NetworkCodec.inconsistent(e).description)
        }
        if let f = history.fingerprint { disk?.fingerprint = f }
    }

    /// Writes a whole network as a new file (`kith demo`), under the lock, atomically, and its
    /// first-screen `cache` when given (so that the first launch on it reads no XML, as after any
    /// other subcommand's save). Refuses to replace an existing file unless `overwrite` is set
    /// (it is kept as a backup).
    public static func create(_ network: Network, at path: String, overwrite: Bool, today: Day, cache: FirstScreenCache? = nil) throws {
        let written: Written
        do {
            let lock = try FileIO.lock(path)
            defer { close(lock) }
            if !overwrite, FileIO.status(path) != nil {
                throw FileError(path, "already exists; pass --force to replace it (the old file is kept as \(path).bak)")
            }
            written = try writeFile(network, to: path, beforeReplace: { Backups.preserve(path, today: today) }, spans: cache != nil)
        }
        if let cache { written.saveCache(cache, of: network, for: path) }
    }

    /// Applies a change in memory; it is written by the next ``save(today:)``. Returns its undo.
    @discardableResult
    public mutating func apply(_ change: Change) throws -> Change {
        let undo = try network.apply(change)
        unsaved.append(change)
        return undo
    }

    /// The network's ``Network/nameOrder``, kept in it, so that the next save's first-screen
    /// cache carries it without sorting again.
    public mutating func rememberNameOrder() -> [Int] { network.rememberNameOrder() }

    /// What a save found on disk.
    public enum SaveOutcome: Equatable, Sendable {
        case nothingToSave
        case saved
        /// Saved after merging changes someone else had written meanwhile.
        case savedAfterMerge
    }

    /// Writes the unsaved changes, merging with any change made to the file by someone else.
    /// `today` names the daily backup. On failure nothing is lost: the changes stay unsaved.
    @discardableResult
    public mutating func save(today: Day) throws -> SaveOutcome {
        guard let pending = prepareSave(today: today) else { return .nothingToSave }
        return try finishSave(NetworkDocument.write(pending))
    }

    /// A save taken from the document at one moment: what the dashboard hands to a background
    /// thread so that no keystroke waits for the disk.
    public struct PendingSave: Sendable {
        let path: String
        let network: Network
        let changes: [Change]
        let disk: DiskStamp?
        let loadedVersion: Int
        let today: Day
        let cache: FirstScreenCache?
    }

    /// What a background write did.
    public struct WriteResult: Sendable {
        /// How many of the unsaved changes the write saved (those made since stay unsaved).
        let changes: Int
        let disk: DiskStamp
        /// The network as written, when the file had changed on disk and was merged.
        let merged: Network?
        let mergedVersion: Int?
    }

    /// The save of everything unsaved now; nil when there is nothing to save.
    public func prepareSave(today: Day) -> PendingSave? {
        guard !unsaved.isEmpty, !network.historyPending else { return nil }
        return PendingSave(path: path, network: network, changes: unsaved, disk: disk, loadedVersion: loadedVersion, today: today,
                           cache: firstScreenCache)
    }

    /// Writes a prepared save under the lock: re-reads and replays when the file changed on disk
    /// since the snapshot's read, writes atomically, keeps the backups. Safe on any thread; it
    /// touches no document.
    public static func write(_ p: PendingSave) throws -> WriteResult {
        let (result, network, written) = try writeLocked(p)
        // Once the lock is let go: another writer need not wait for the cache.
        if let cache = p.cache { written.saveCache(cache, of: network, for: p.path) }
        return result
    }

    /// A network file as just written: its stamp (fingerprinted whole), the fingerprint of its
    /// part up to the interactions, and its contacts' elements (when asked for).
    private struct Written {
        var disk: DiskStamp
        var firstPart: FileFingerprint?
        var spans: NetworkCodec.FileSpans

        /// Writes the first-screen cache of the file, from the network it was written from.
        func saveCache(_ cache: FirstScreenCache, of network: Network, for path: String) {
            guard let firstPart else { return }
            var stamp = disk
            stamp.fingerprint = firstPart
            var records = NetworkRecords(firstScreenOf: network, history: firstPart.count..<Int(stamp.size))
            (records.contactSpans, records.aroundContacts) = (spans.contacts, spans.around)
            cache.save(records, stamp: stamp, for: path)
        }
    }

    /// Writes `network` to `path` atomically (the caller holds the lock), with `beforeReplace`
    /// run before the new file takes the old one's place.
    private static func writeFile(_ network: Network, to path: String, beforeReplace: () -> Void, spans wanted: Bool) throws -> Written {
        var fingerprint = FileFingerprint.Accumulator()
        var firstPart: FileFingerprint?
        var spans = NetworkCodec.FileSpans()
        let st = try FileIO.writeAtomically(to: path, beforeReplace: beforeReplace, contents: { write in
            try NetworkCodec.encode(network, to: { bytes in
                fingerprint.add(bytes)
                try write(bytes)
            }, atHistory: { firstPart = fingerprint.finish() }, spans: wanted ? { spans = $0 } : nil)
        })
        return Written(disk: DiskStamp(st, fingerprint: fingerprint.finish()), firstPart: firstPart, spans: spans)
    }

    /// The write itself, under the lock; also the network written, as written.
    private static func writeLocked(_ p: PendingSave) throws -> (WriteResult, Network, Written) {
        let lock = try FileIO.lock(p.path)
        defer { close(lock) }
        var network = p.network
        var version = p.loadedVersion
        var merged = false
        if try changed(p.path, since: p.disk) {
            var fresh = Network()
            if let (n, _, v) = try read(p.path) {
                fresh = n
                version = v
            }
            for change in p.changes { _ = try? fresh.apply(change) } // a change whose record someone deleted is dropped
            network = fresh
            merged = true
        }
        let upgradedFrom = version < NetworkCodec.formatVersion ? version : nil
        let path = p.path
        let written = try writeFile(network, to: path, beforeReplace: {
            if let v = upgradedFrom, FileIO.status(path + ".v\(v).bak") == nil { _ = link(path, path + ".v\(v).bak") }
            Backups.preserve(path, today: p.today)
        }, spans: p.cache != nil)
        let result = WriteResult(changes: p.changes.count, disk: written.disk, merged: merged ? network : nil, mergedVersion: merged ? version : nil)
        return (result, network, written)
    }

    /// Records a finished write: its changes are saved; changes made since it was prepared stay
    /// unsaved (and are replayed on top of a merged network). It needs no ``PendingSave``: the
    /// dashboard lets the save's thread hold that alone, so that the network as it was, when a
    /// change made meanwhile copied it, is freed there (at 100,000 contacts, about 10 ms).
    @discardableResult
    public mutating func finishSave(_ result: WriteResult) -> SaveOutcome {
        let later = Array(unsaved.dropFirst(result.changes))
        disk = result.disk
        loadedVersion = NetworkCodec.formatVersion
        unsaved = later
        guard let merged = result.merged else { return .saved }
        var n = merged
        for change in later { _ = try? n.apply(change) }
        network = n
        return .savedAfterMerge
    }

    /// Whether the file on disk differs from what this document last read or wrote.
    public func changedOnDisk() throws -> Bool { try NetworkDocument.changed(path, since: disk) }

    private static func changed(_ path: String, since disk: DiskStamp?) throws -> Bool {
        guard let st = FileIO.status(path) else { return disk != nil }
        guard let disk else { return true }
        if disk.sameMetadata(st) { return false }
        guard let file = try FileIO.map(path) else { return true }
        return file.fingerprint(cuts: disk.fingerprint.cuts) != disk.fingerprint
    }

    /// Re-reads the file when someone else changed it, keeping unsaved changes on top.
    /// Returns whether anything was reloaded.
    @discardableResult
    public mutating func reloadIfChanged() throws -> Bool {
        guard !network.historyPending, try changedOnDisk() else { return false }
        guard let (fresh, stamp, version) = try NetworkDocument.read(path) else { return false }
        var n = fresh
        for change in unsaved { _ = try? n.apply(change) }
        network = n
        disk = stamp
        loadedVersion = version
        return true
    }
}
