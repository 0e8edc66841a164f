import Foundation
import KithHarness
import Testing
@testable import KithCore

/// The file is mapped, hashed and decoded in windows, and written as it is encoded: none of that
/// may change a byte or a value.
@Suite struct FileBytesTests {
    @Test func contentHashValuesNeverChange() {
        // Sync status files store these; a new value would make every card look changed.
        #expect(ContentHash(Array("".utf8)).value == 11_400_714_817_998_274_761)
        #expect(ContentHash(Array("kith".utf8)).value == 17_125_973_203_920_162_883)
        #expect(ContentHash(Array("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë\r\nEND:VCARD\r\n".utf8)).value == 1_238_939_260_011_709_988)
    }

    @Test func fingerprintValuesNeverChange() {
        // The cache and frame files are named by these and carry them as checksums; a new value
        // would orphan every user's cache files. 100 KB, so that the four lanes' loop runs.
        let bytes = (0..<100_003).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 7) }
        #expect(bytes.withUnsafeBufferPointer { FileFingerprint($0).value } == 16_063_424_664_805_617_956)
        #expect(Array("/home/zoe/.local/share/kith/network.plist".utf8).withUnsafeBufferPointer { FileFingerprint($0).value } == 18_202_389_715_813_005_331)
    }

    @Test func aFingerprintDoesNotDependOnHowTheBytesArrive() {
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let whole = bytes.withUnsafeBufferPointer { FileFingerprint($0) }
        for piece in [1, 3, 7, 8, 13, 999] {
            var a = FileFingerprint.Accumulator()
            bytes.withUnsafeBufferPointer { all in
                var at = 0
                while at < all.count {
                    let n = min(piece, all.count - at)
                    a.add(UnsafeBufferPointer(rebasing: all[at..<(at + n)]))
                    at += n
                }
            }
            #expect(a.finish() == whole, "pieces of \(piece)")
        }
        var shorter = bytes
        shorter.removeLast()
        #expect(shorter.withUnsafeBufferPointer { FileFingerprint($0) } != whole)
    }

    /// A prefetch maps the file's pages before the reader reads them (the refresh's walk): the
    /// mapping's resident size grows by what was asked, and no byte changes.
    @Test func aPrefetchMapsThePagesAskedFor() throws {
        let dir = try TempDir()
        let path = dir.path("bytes")
        var bytes = [UInt8](repeating: 7, count: 12 << 20)
        for page in stride(from: 0, to: bytes.count, by: 4096) { bytes[page] = UInt8(truncatingIfNeeded: page >> 12) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let file = try #require(try FileIO.map(path))
        let start = UInt(bitPattern: file.buffer.baseAddress!)
        /// The mapping's resident kilobytes, from /proc/self/smaps.
        func residentKB() throws -> Int {
            // (Read to its end: Foundation's String(contentsOfFile:) stops at the first 4 KB of a /proc file.)
            let smaps = String(decoding: try #require(FileHandle(forReadingAtPath: "/proc/self/smaps")).readToEnd() ?? Data(), as: UTF8.self)
            var inMapping = false
            for line in smaps.split(separator: "\n") {
                if let dash = line.firstIndex(of: "-"), let from = UInt(line[..<dash], radix: 16) {
                    inMapping = from == start
                } else if inMapping, line.hasPrefix("Rss:") {
                    return Int(line.split(separator: " ")[1])!
                }
            }
            throw FileError(path, "not mapped")
        }
        #expect(try residentKB() < 1024)
        guard Processors.online > 1 else { #expect(file.prefetch(upTo: 9 << 20) == nil); return } // (no other core)
        let prefetch = try #require(file.prefetch(upTo: 9 << 20))
        #expect(prefetch.finish() == true)
        #expect(try residentKB() >= 9 << 10)
        #expect(try residentKB() < 11 << 10)
        #expect(memcmp(file.buffer.baseAddress!, bytes, bytes.count) == 0)
    }

    @Test func aLargeFileIsWrittenInPiecesAndReadBackThroughTheMapUnchanged() throws {
        // Big enough for several 1 MB pieces on the way out and pages handed back on the way in.
        let dir = try TempDir()
        let path = dir.path("network.plist")
        let network = Demo.network(contacts: 2500, seed: 3, today: Fixtures.today)
        try NetworkDocument.create(network, at: path, overwrite: false, today: Fixtures.today)
        let onDisk = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(onDisk.count > 6 << 20)
        #expect(onDisk == NetworkCodec.encode(network))

        var doc = try NetworkDocument.open(path)
        #expect(doc.network == network)
        #expect(try !doc.changedOnDisk())
        let (first, history) = try NetworkDocument.openDeferringHistory(path)
        var later = first
        try later.attachHistory(try #require(history).load())
        #expect(later.network == network)
        // Touched but not changed: the metadata differ, so the fingerprints are compared, and the
        // one taken in two parts (first screen, then history) must equal the whole file's.
        #expect(utimensat(AT_FDCWD, path, nil, 0) == 0)
        #expect(try !later.changedOnDisk())
        #expect(try !doc.changedOnDisk())

        // A save's fingerprint, taken piece by piece as it writes, matches the file it wrote.
        try doc.apply(.addContact(Contact(name: "Ada", created: Fixtures.today)))
        try doc.save(today: Fixtures.today)
        #expect(try !doc.changedOnDisk())
        let file = try #require(try FileIO.map(path))
        #expect(file.fingerprint() == file.buffer.withMemoryRebound(to: UInt8.self) { FileFingerprint($0) })
    }
}
