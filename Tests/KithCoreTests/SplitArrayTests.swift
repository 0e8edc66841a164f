import Foundation
import KithHarness
import Testing
@testable import KithCore

/// Long arrays are decoded on two threads (``SplitArray``): the records, the errors and the
/// fingerprint must be those of one reader reading the file from start to end.
@Suite struct SplitArrayTests {
    /// A network whose contacts and interactions each take well over ``SplitArray/minimumBytes``.
    static let network = Demo.network(contacts: 2500, seed: 5, today: Fixtures.today)
    static let bytes = NetworkCodec.encode(network)
    static let twoCores = Processors.online > 1

    /// Compared without printing both sides (they are thousands of records long).
    static func same<T: Equatable>(_ a: T, _ b: T) -> Bool { a == b }

    /// Decodes `bytes` with or without the helper thread.
    static func records(_ bytes: [UInt8], split: Bool) throws -> NetworkRecords {
        try bytes.withUnsafeBufferPointer { try NetworkCodec.decodeRecords($0, split: split) }
    }

    /// How many stretches a mapped read of `bytes` fingerprinted apart: two more for each array a
    /// helper read and the reader took in.
    static func cuts(_ bytes: [UInt8]) throws -> [Int] {
        let dir = try TempDir()
        let path = dir.path("network.plist")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = try #require(try FileIO.map(path))
        _ = try NetworkCodec.decodeRecords(file, deferringHistory: false)
        let fingerprint = file.fingerprint()
        // Hashed again with the same cuts, the file is unchanged.
        let again = try #require(try FileIO.map(path))
        #expect(again.fingerprint(cuts: fingerprint.cuts) == fingerprint)
        return fingerprint.cuts
    }

    /// Where the helper starts and the contacts end are found by a scan 16 places at a time:
    /// it must find what a byte-by-byte search finds, among many near misses, at either end.
    @Test func theScanFindsWhatASearchByteByByteFinds() {
        var random = SystemRandomNumberGenerator()
        let alphabet = Array("\n\t</ay>d".utf8)
        func naive(_ needle: [UInt8], _ hay: [UInt8]) -> Int? {
            hay.count < needle.count ? nil : (0...(hay.count - needle.count)).first { Array(hay[$0..<($0 + needle.count)]) == needle }
        }
        for round in 0..<300 {
            var hay = (0..<Int.random(in: 0..<200, using: &random)).map { _ in alphabet.randomElement(using: &random)! }
            let needle: StaticString = round % 3 == 0 ? "\n\t</array>" : round % 3 == 1 ? "\n\t\t<dict>" : "ay"
            let bytes = Array(UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount))
            if round % 2 == 0 { hay.insert(contentsOf: bytes, at: Int.random(in: 0...hay.count, using: &random)) }
            let found = hay.withUnsafeBufferPointer { SplitArray<Int>.find(needle, in: $0, from: 0, to: $0.count) }
            #expect(found == naive(bytes, hay), "\(hay)")
        }
        let lines = String(repeating: "\n\t\t</dict>\n\t\t<dict>\n\t\t\t<key>id</key>", count: 500) + "\n\t</array>"
        #expect(Array(lines.utf8).withUnsafeBufferPointer { SplitArray<Int>.find("\n\t</array>", in: $0, from: 0, to: $0.count) } == lines.utf8.count - 10)
    }

    @Test func bothHalvesTogetherAreWhatOneReaderReads() throws {
        let one = try Self.records(Self.bytes, split: false), two = try Self.records(Self.bytes, split: true)
        #expect(Self.same(two.contacts, one.contacts), "two.contacts differs")
        #expect(Self.same(two.interactions, one.interactions), "two.interactions differs")
        #expect(Self.same(two.summaries, one.summaries), "two.summaries differs")
        #expect(Self.same(two.nameKeys, one.nameKeys), "two.nameKeys differs")
        #expect(Self.same(try NetworkCodec.network(from: two), Self.network), "the network differs")
        guard Self.twoCores else { return }
        // Both the contacts and the interactions were split, and each helper's part was taken.
        #expect(try Self.cuts(Self.bytes).count == 4)
    }

    @Test func aGuessInsideACommentIsDroppedAndReadByOneReader() throws {
        // A comment at the first element past the middle of the contacts holds a whole contact,
        // then an empty comment: read from its `<dict>`, it is a valid element followed by the
        // real ones. Its padding puts that `<dict>` past the (new) middle, so the search lands
        // there first; the reader, skipping the comment, arrives elsewhere and must drop it.
        let text = String(decoding: Self.bytes, as: UTF8.self)
        let stray = String(decoding: NetworkCodec.encode(try Network(contacts: [Contact(name: "Stray", created: Fixtures.today)],
                                                                     interactions: [], events: [], followUps: [], settings: Settings())),
                           as: UTF8.self)
        let element = stray[try #require(stray.range(of: "\n\t\t<dict>"))
                            .lowerBound..<(try #require(stray.range(of: "\n\t\t</dict>")).upperBound)]
        let comment = "\n\t\t<!-- kept by hand" + String(repeating: ".", count: element.utf8.count + 64) + element + "<!-- -->"
        let open = try #require(text.utf8.firstRange(of: "<key>contacts</key>\n\t<array>".utf8)).upperBound
        let close = try #require(text.utf8[open...].firstRange(of: "\n\t</array>".utf8)).lowerBound
        let middle = text.utf8.index(open, offsetBy: text.utf8.distance(from: open, to: close) / 2)
        let at = try #require(text.utf8[middle...].firstRange(of: "\n\t\t<dict>".utf8)).lowerBound
        let edited = Array(text.utf8[..<at]) + Array(comment.utf8) + Array(text.utf8[at...])

        let one = try Self.records(edited, split: false), two = try Self.records(edited, split: true)
        #expect(Self.same(one.contacts, Array(Self.network.contacts)), "one.contacts differs")
        #expect(Self.same(two.contacts, one.contacts), "two.contacts differs")
        #expect(Self.same(two.nameKeys, one.nameKeys), "two.nameKeys differs")
        guard Self.twoCores else { return }
        // Only the interactions' helper was taken in.
        #expect(try Self.cuts(edited).count == 2)
    }

    @Test func anErrorInTheSecondHalfIsReportedAsOneReaderReportsIt() throws {
        // The 2,400th contact (in the helper's half) loses its name.
        var text = String(decoding: Self.bytes, as: UTF8.self)
        let target = Self.network.contacts[2400].id.uuidString
        let at = try #require(text.range(of: "<string>\(target)</string>"))
        let name = try #require(text.range(of: "<key>name</key>", range: at.upperBound..<text.endIndex))
        text.replaceSubrange(name, with: "<key>nome</key>")
        let bytes = Array(text.utf8)

        func message(split: Bool) -> String? {
            do { _ = try Self.records(bytes, split: split); return nil } catch { return "\(error)" }
        }
        let alone = try #require(message(split: false))
        #expect(alone.contains("contacts[2400]"))
        #expect(message(split: true) == alone)
    }

    @Test func aChangedByteInTheHelpersStretchIsNoticed() throws {
        let dir = try TempDir()
        let path = dir.path("network.plist")
        try Data(Self.bytes).write(to: URL(fileURLWithPath: path))
        let doc = try NetworkDocument.open(path)
        #expect(try !doc.changedOnDisk())
        // Same size, one letter different, near the end (inside the interactions' second half).
        var changed = Self.bytes
        let at = try #require(changed.lastIndex(of: UInt8(ascii: "a")))
        changed[at] = UInt8(ascii: "b")
        try Data(changed).write(to: URL(fileURLWithPath: path))
        #expect(try doc.changedOnDisk())
    }
}
