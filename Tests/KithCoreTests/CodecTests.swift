import Foundation
import Testing
@testable import KithCore

func decode(_ text: String) throws -> Network { try NetworkCodec.decode(Data(text.utf8)) }

let header = """
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">

"""

@Suite struct CodecTests {
    @Test func everyFieldSurvivesARoundTripByteForByte() throws {
        let n = try Fixtures.everyField()
        let c = n.contacts[5]
        let bytes = NetworkCodec.encode(n)
        let back = try NetworkCodec.decode(Data(bytes))
        #expect(back == n)
        #expect(back.contacts[5].notes == c.notes)
        #expect(NetworkCodec.encode(back) == bytes)
    }

    @Test func outputIsDeterministicWithFormatVersionFirst() {
        let a = NetworkCodec.encode(Demo.network(contacts: 30, seed: 3, today: Fixtures.today))
        let b = NetworkCodec.encode(Demo.network(contacts: 30, seed: 3, today: Fixtures.today))
        #expect(a == b)
        let text = String(decoding: a, as: UTF8.self)
        #expect(text.contains("<dict>\n\t<key>formatVersion</key>\n\t<integer>\(NetworkCodec.formatVersion)</integer>\n\t<key>contacts</key>"))
    }

    @Test func pythonPlistlibReadsTheFile() throws {
        let n = Demo.network(contacts: 50, seed: 2, today: Fixtures.today)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kith-plistlib-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("network.plist").path
        try Data(NetworkCodec.encode(n)).write(to: URL(fileURLWithPath: path))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", """
            import plistlib, sys
            d = plistlib.load(open(sys.argv[1], 'rb'))
            print(d['formatVersion'], len(d['contacts']), len(d['interactions']), len(d['events']), len(d['followUps']), d['contacts'][0]['name'])
            """, path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(p.terminationStatus == 0)
        #expect(text == "\(NetworkCodec.formatVersion) 50 \(n.interactions.count) \(n.events.count) \(n.followUps.count) Zoë Ångström\n")
    }

    @Test func emptyAndMinimalFiles() throws {
        #expect(throws: NetworkCodec.DecodeError.self) { try NetworkCodec.decode(Data()) }
        let minimal = header + "<dict><key>formatVersion</key><integer>1</integer></dict></plist>"
        #expect(try decode(minimal) == Network())
    }

    @Test func errorsSayWhatAndWhere() throws {
        func message(_ text: String) -> String {
            do { _ = try decode(text); return "no error" } catch { return "\(error)" }
        }
        #expect(message("hello") .contains("expected a tag"))
        #expect(message(header + "<dict><key>formatVersion</key><integer>1</integer><key>contacts</key><array><dict><key>name</key><integer>3</integer>")
            .contains("(contacts[0].name): expected <string>, found <integer>"))
        #expect(message(header + "<dict><key>formatVersion</key><integer>1</integer><key>contacts</key><array>")
            .contains("unexpected end of file"))
        #expect(message(header + "<dict><key>formatVersion</key><integer>99</integer></dict></plist>")
            .contains("formatVersion 99, but this kith reads up to \(NetworkCodec.formatVersion)"))
        #expect(message(header + "<dict><key>contacts</key><array/></dict></plist>").contains("formatVersion is missing"))
        #expect(message(header + "<dict><key>formatVersion</key><integer>1</integer><key>surprise</key><true/></dict></plist>")
            .contains("unknown key \"surprise\""))
        #expect(message(header + "<dict><key>formatVersion</key><integer>1</integer><key>events</key><array><dict><key>date</key><string>2026-02-30</string></dict></array></dict></plist>")
            .contains("(events[0].date): \"2026-02-30\" is not a date"))
        let id = "00000000-0000-4000-8000-000000000001"
        let twice = "<dict><key>id</key><string>\(id)</string><key>name</key><string>A</string><key>created</key><string>2026-01-01</string></dict>"
        #expect(message(header + "<dict><key>formatVersion</key><integer>1</integer><key>contacts</key><array>\(twice)\(twice)</array></dict></plist>")
            .contains("a contact with id \(id) already exists"))
        #expect(message(header + "<dict><key>formatVersion</key><integer>1</integer></dict></plist>trailing")
            .contains("unexpected content after </plist>"))
        // Keys are matched from the file's bytes; escaped and non-ASCII keys still read as text.
        #expect(message(header + "<dict><key>formatVersion</key><integer>1</integer><key>contacts</key><array><dict><key>nämé</key><string>A</string></dict></array></dict></plist>")
            .contains("(contacts[0].nämé): unknown key \"nämé\""))
        let escaped = "<dict><key>&#105;d</key><string>\(id)</string><key>n&#97;me</key><string>A</string><key>created</key><string>2026-01-01</string></dict>"
        #expect(try decode(header + "<dict><key>formatVersion</key><integer>1</integer><key>contacts</key><array>\(escaped)</array></dict></plist>")
            .contacts.map(\.name) == ["A"])
    }

    @Test func binaryPropertyListsAreAccepted() throws {
        let n = Demo.network(contacts: 10, seed: 5, today: Fixtures.today)
        let xml = Data(NetworkCodec.encode(n))
        let object = try PropertyListSerialization.propertyList(from: xml, options: [], format: nil)
        let binary = try PropertyListSerialization.data(fromPropertyList: object, format: .binary, options: 0)
        #expect(binary.starts(with: Array("bplist00".utf8)))
        #expect(try NetworkCodec.decode(binary) == n)
    }
}
