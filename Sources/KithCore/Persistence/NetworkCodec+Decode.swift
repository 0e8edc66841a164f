import Foundation

extension NetworkCodec {
    /// Decodes a network file's bytes into a network, upgrading an older format in memory.
    /// Binary property lists (`bplist00`) are accepted too.
    public static func decode(_ data: Data) throws -> Network {
        try network(from: decodeRecords(data))
    }

    /// Builds the network from decoded records: ids must be unique.
    /// Records whose interactions were only located give a network still waiting for them
    /// (``Network/historyPending``), with the stored summaries in their place.
    public static func network(from records: NetworkRecords) throws -> Network {
        do {
            if let columns = records.contactColumns {
                guard let order = records.nameOrder, let index = records.contactIndex else {
                    throw DecodeError.notAPlist("the cache holds no order by name or id index")
                }
                do {
                    return try Network(columns: columns, nameOrder: order, contactIndex: index, events: records.events,
                                       followUps: records.followUps, settings: records.settings)
                } catch is ChangeError { throw DecodeError.notAPlist("the cache's records are inconsistent") }
                catch { throw DecodeError.notAPlist("the stored order by name is not one") }
            }
            if records.deferredInteractions != nil {
                var n = try Network(contacts: records.contacts, events: records.events, followUps: records.followUps,
                                    settings: records.settings, summaries: records.summaries, nameKeys: records.nameKeys)
                if let order = records.nameOrder {
                    do { try n.adopt(nameOrder: order) } catch { throw DecodeError.notAPlist("the stored order by name is not one") }
                }
                return n
            }
            return try Network(contacts: records.contacts, interactions: records.interactions, events: records.events,
                               followUps: records.followUps, settings: records.settings, nameKeys: records.nameKeys)
        } catch let e as ChangeError {
            throw inconsistent(e)
        }
    }

    /// Records that decode but do not fit together (a repeated id, say).
    static func inconsistent(_ e: ChangeError) -> DecodeError {
        .notAPlist("the records are inconsistent: \(e) (`kith check` lists every problem)")
    }

    /// Decodes the records of a file's bytes (no copy).
    public static func decodeRecords(_ bytes: [UInt8]) throws -> NetworkRecords {
        if bytes.starts(with: Array("bplist00".utf8)) { return try decodeRecords(convertingBinary: Data(bytes)) }
        return try bytes.withUnsafeBufferPointer { try decodeRecords($0) }
    }

    /// Decodes the records of a file as written, without checking how they relate.
    public static func decodeRecords(_ data: Data) throws -> NetworkRecords {
        if data.starts(with: Array("bplist00".utf8)) { return try decodeRecords(convertingBinary: data) }
        return try data.withUnsafeBytes { raw in
            try decodeRecords(UnsafeBufferPointer(start: raw.baseAddress?.assumingMemoryBound(to: UInt8.self), count: raw.count))
        }
    }

    /// Decodes everything but the interactions, which are only located: what a first screen
    /// needs, in about half the time. Files before version 2 (no stored summaries) and binary
    /// ones are decoded whole.
    public static func decodeRecords(_ bytes: [UInt8], deferringHistory: Bool) throws -> NetworkRecords {
        if !deferringHistory || bytes.starts(with: Array("bplist00".utf8)) { return try decodeRecords(bytes) }
        return try bytes.withUnsafeBufferPointer { try decodeRecords($0, deferHistory: true) }
    }

    /// Decodes a file as opened by ``FileIO/map(_:)``, handing each page back once it is read.
    static func decodeRecords(_ file: FileBytes, deferringHistory: Bool) throws -> NetworkRecords {
        if file.buffer.starts(with: Array("bplist00".utf8)) { return try decodeRecords(convertingBinary: Data(file.buffer)) }
        return try decodeRecords(file.buffer, deferHistory: deferringHistory, file: file)
    }

    /// The interactions located by a deferred decode.
    public static func decodeInteractions(_ bytes: [UInt8], locatedBy records: NetworkRecords) throws -> [Interaction] {
        guard let range = records.deferredInteractions else { return records.interactions }
        return try bytes.withUnsafeBufferPointer { try decodeInteractions($0, at: range, toEnd: records.deferredToEnd) }
    }

    /// `toEnd`: the range runs to the end of the file, whose closing tags are read too.
    static func decodeInteractions(_ all: UnsafeBufferPointer<UInt8>, at range: Range<Int>, toEnd: Bool = false,
                                   file: FileBytes? = nil, split: Bool = true) throws -> [Interaction] {
        // Read over the whole file, so that offsets (and a helper's stretch) are the file's.
        var r = PlistReader(UnsafeBufferPointer(rebasing: all[..<range.upperBound]))
        r.pos = range.lowerBound
        var out: [Interaction] = []
        do {
            r.push("interactions")
            try r.array(splitting: split, file: file, endingNear: range.upperBound, into: &out, empty: [],
                        release: { (offset: Int) -> Void in file?.release(below: offset) },
                        decode: { r, part in part.append(try decodeInteraction(&r)) }, join: { $0.append(contentsOf: $1) })
            r.pop()
            if toEnd {
                try r.expectClose(.dict)
                try r.expectEnd()
            }
        } catch let e as PlistError {
            throw DecodeError.syntax(e)
        }
        return out
    }

    /// Decodes the records. A mapped `file` is told how far the reader has come, every thousand
    /// or so records, so that its pages can be handed back behind it; long arrays are read on two
    /// threads (``SplitArray``) unless `split` is false.
    /// `readContacts`, when given, reads the contacts' array in place of the decoder (it is
    /// handed the reader at the array and the file's format version), and the records hold no
    /// contacts.
    static func decodeRecords(_ bytes: UnsafeBufferPointer<UInt8>, deferHistory: Bool = false, file: FileBytes? = nil,
                              split: Bool = true,
                              readContacts: ((inout PlistReader, Int) throws -> Void)? = nil) throws -> NetworkRecords {
        let release = { (offset: Int) -> Void in file?.release(below: offset) }
        guard !bytes.isEmpty else { throw DecodeError.notAPlist("the file is empty") }
        var r = PlistReader(bytes)
        var records = NetworkRecords()
        do {
            try r.skipProlog()
            try r.expectOpen(.plist)
            // The version decides how the rest is read, so it is found before anything else
            // (kith writes it first; a converted file may have it anywhere at the top level).
            let version = try scanVersion(bytes)
            if version > formatVersion { throw DecodeError.tooNew(version) }
            records.version = version
            // What must have been read before the interactions for the reader to stop at them.
            var before: Set<String> = ["contacts", "events", "followUps", "settings"]
            // Where the contacts' array starts and ends, for the spans around it.
            var contactsBounds: (start: Int, end: Int)?
            try r.dict { r, key in
                before.remove(key.description)
                switch key {
                case "formatVersion": _ = try r.integer()
                case "contacts":
                    // (Taken over, not copied: a file that repeats the key has both lists read.)
                    if let readContacts {
                        try readContacts(&r, version)
                        return
                    }
                    let start = r.pos
                    defer { contactsBounds = (start, r.pos) }
                    var part = DecodedContacts(contacts: records.contacts, summaries: records.summaries, nameKeys: records.nameKeys,
                                               spans: records.contactSpans)
                    (records.contacts, records.summaries, records.nameKeys) = ([], [], [])
                    try r.array(splitting: split, file: file, into: &part, empty: DecodedContacts(), release: release, decode: { r, part in
                        let start = r.pending?.at ?? r.pos
                        let (c, summary) = try decodeContact(&r, version: version)
                        if let summary { part.summaries.append(summary) }
                        part.nameKeys.append(Fold.key(c.name))
                        part.contacts.append(c)
                        // (Only a first-screen read can give a cache its records.)
                        if deferHistory { part.spans.append(ByteSpan(element: UnsafeBufferPointer(rebasing: r.base[start..<r.pos]))) }
                    }, join: { $0.append($1) })
                    records.contacts = part.contacts
                    records.summaries = part.summaries
                    records.nameKeys = part.nameKeys
                    records.contactSpans = part.spans
                case "events": try r.array { r, _ in records.events.append(try decodeEvent(&r)) }
                case "followUps": try r.array { r, _ in records.followUps.append(try decodeFollowUp(&r)) }
                case "interactions":
                    if deferHistory && version >= 2 && before.isEmpty {
                        // Written last, as kith writes it: the rest of the file is the history.
                        records.deferredInteractions = r.pos..<bytes.count
                        records.deferredToEnd = true
                        if let (start, end) = contactsBounds {
                            records.aroundContacts = (ByteSpan(stretch: UnsafeBufferPointer(rebasing: bytes[..<start])),
                                                      ByteSpan(stretch: UnsafeBufferPointer(rebasing: bytes[end..<r.pos])))
                        }
                        throw StopBeforeHistory()
                    }
                    if deferHistory && version >= 2 {
                        let start = r.pos
                        if let range = try? r.skipArray() { records.deferredInteractions = range; release(range.upperBound); return }
                        r.pos = start // something unusual inside: read it whole
                        r.pending = nil
                    }
                    // Written last, as kith writes it, the array runs to the end of the file.
                    let end = before.isEmpty ? bytes.count : nil
                    try r.array(splitting: split, file: file, endingNear: end, into: &records.interactions, empty: [], release: release,
                                decode: { r, part in part.append(try decodeInteraction(&r)) }, join: { $0.append(contentsOf: $1) })
                case "settings": records.settings = try decodeSettings(&r)
                default: throw r.unknownKey(key)
                }
            }
            try r.expectEnd()
            return records
        } catch is StopBeforeHistory {
            return records
        } catch let e as PlistError {
            throw DecodeError.syntax(e)
        }
    }

    /// The contacts one thread decoded (see ``PlistReader/array(splitting:file:endingNear:into:empty:release:decode:join:)``).
    private struct DecodedContacts {
        var contacts: [Contact] = []
        var summaries: [ContactSummary] = []
        var nameKeys: [String] = []
        var spans: [ByteSpan] = []

        mutating func append(_ later: DecodedContacts) {
            contacts.append(contentsOf: later.contacts)
            summaries.append(contentsOf: later.summaries)
            nameKeys.append(contentsOf: later.nameKeys)
            spans.append(contentsOf: later.spans)
        }
    }

    /// How a deferring read stops at the interactions when nothing else is left to read.
    private struct StopBeforeHistory: Error {}

    /// Finds the top-level `formatVersion` without parsing the records.
    static func scanVersion(_ bytes: UnsafeBufferPointer<UInt8>) throws -> Int {
        let marker = Array("<key>formatVersion</key>".utf8)
        let open = Array("<integer>".utf8)
        func find(_ needle: [UInt8], from: Int) -> Int? {
            guard needle.count <= bytes.count else { return nil }
            var i = from
            while i + needle.count <= bytes.count {
                if bytes[i] == needle[0] {
                    var k = 1
                    while k < needle.count && bytes[i + k] == needle[k] { k += 1 }
                    if k == needle.count { return i }
                }
                i += 1
            }
            return nil
        }
        guard let at = find(marker, from: 0) else {
            throw DecodeError.syntax(PlistError(offset: 0, path: "", message: "formatVersion is missing: this is not a kith network file"))
        }
        var i = at + marker.count
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { i += 1 }
        guard let start = find(open, from: i), start == i else {
            throw DecodeError.syntax(PlistError(offset: i, path: "formatVersion", message: "expected <integer>"))
        }
        var j = start + open.count
        var v = 0
        var digits = 0
        while j < bytes.count, bytes[j] >= 48, bytes[j] <= 57, digits < 9 { v = v * 10 + Int(bytes[j] - 48); j += 1; digits += 1 }
        guard digits > 0, j < bytes.count, bytes[j] == UInt8(ascii: "<"), v >= 1 else {
            throw DecodeError.syntax(PlistError(offset: start, path: "formatVersion", message: "formatVersion must be a positive integer"))
        }
        return v
    }

    /// A binary plist (as `plutil -convert binary1` writes) goes through Foundation once and is
    /// then read like any other file. It is not on the main path: kith always saves XML.
    private static func decodeRecords(convertingBinary data: Data) throws -> NetworkRecords {
        let object: Any
        do {
            object = try PropertyListSerialization.propertyList(from: data, options: [], format: nil)
        } catch {
            throw DecodeError.notAPlist("it starts like a binary property list but cannot be read: \(error.localizedDescription)")
        }
        let xml: Data
        do {
            xml = try PropertyListSerialization.data(fromPropertyList: object, format: .xml, options: 0)
        } catch {
            throw DecodeError.notAPlist("its binary property list holds values kith cannot store")
        }
        return try decodeRecords(xml)
    }
}
