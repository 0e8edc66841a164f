import Foundation
import KithHarness
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A Radicale server on 127.0.0.1 for one test: its own storage, a contacts and a calendar
/// collection made beforehand, stopped when the value goes away.
final class Radicale: @unchecked Sendable {
    let process = Process()
    let port: Int
    let root: String

    init(in dir: TempDir) throws {
        root = dir.path("radicale")
        for (name, props) in [("contacts", #"{"tag": "VADDRESSBOOK"}"#),
                              ("calendar", #"{"tag": "VCALENDAR", "C:supported-calendar-component-set": "VEVENT,VTODO,VJOURNAL"}"#)] {
            let c = root + "/collection-root/kith/" + name
            try FileManager.default.createDirectory(atPath: c, withIntermediateDirectories: true)
            try props.write(toFile: c + "/.Radicale.props", atomically: true, encoding: .utf8)
        }
        port = Radicale.freePort()
        let conf = dir.path("radicale.conf")
        try """
        [server]
        hosts = 127.0.0.1:\(port)
        [auth]
        type = none
        [rights]
        type = owner_only
        [storage]
        filesystem_folder = \(root)
        [logging]
        level = warning
        """.write(toFile: conf, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: interopBin + "/radicale")
        process.arguments = ["--config", conf]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: "/dev/null")
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Ready when it answers on its port (a few hundred ms).
        for _ in 0..<100 where !Radicale.answers(port) { usleep(100_000) }
    }

    deinit {
        // SIGKILL: a child of the test runner inherits its blocked signals, SIGTERM among them.
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
    }

    var url: String { "http://127.0.0.1:\(port)/kith/" }

    /// A port the kernel just handed out, so two test runs never collide.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    static func answers(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
        } }
    }
}

/// One laptop: a network file, its two vdirs, and a vdirsyncer set-up pairing them with the server.
struct Laptop {
    let name: String
    let file: String
    let contacts: String
    let calendar: String
    let conf: String

    init(_ name: String, in dir: TempDir, server: Radicale) throws {
        self.name = name
        let home = dir.path(name)
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        file = home + "/network.plist"; contacts = home + "/contacts"; calendar = home + "/calendar"; conf = home + "/vdirsyncer.conf"
        for d in [contacts, calendar] { try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true) }
        // As in docs/sync.md.
        try """
        [general]
        status_path = "\(home)/vdirsyncer-status/"

        [pair kith_contacts]
        a = "kith_contacts_local"
        b = "kith_contacts_remote"
        collections = null

        [storage kith_contacts_local]
        type = "filesystem"
        path = "\(contacts)/"
        fileext = ".vcf"

        [storage kith_contacts_remote]
        type = "carddav"
        url = "\(server.url)contacts/"
        username = "kith"
        password = "unused"

        [pair kith_calendar]
        a = "kith_calendar_local"
        b = "kith_calendar_remote"
        collections = null

        [storage kith_calendar_local]
        type = "filesystem"
        path = "\(calendar)/"
        fileext = ".ics"

        [storage kith_calendar_remote]
        type = "caldav"
        url = "\(server.url)calendar/"
        username = "kith"
        password = "unused"
        """.write(toFile: conf, atomically: true, encoding: .utf8)
        let d = try tool("vdirsyncer", ["-c", conf, "discover"], stdin: "y\ny\n")
        #expect(d.status == 0, "\(name): vdirsyncer discover: \(d.stderr)")
    }

    /// kith ↔ vdir, then vdir ↔ server.
    func sync() throws {
        let k = try kith(["sync", "vdir", contacts, "--events", calendar], file: file)
        #expect(k.status == 0, "\(name): kith sync: \(k.stderr)")
        let v = try tool("vdirsyncer", ["-c", conf, "sync"])
        #expect(v.status == 0, "\(name): vdirsyncer sync: \(v.stderr)")
        let k2 = try kith(["sync", "vdir", contacts, "--events", calendar], file: file)
        #expect(k2.status == 0, "\(name): kith sync: \(k2.stderr)")
    }

    /// The whole network as comparable text: every card and every event, order aside.
    func snapshot() throws -> (cards: Set<String>, events: Set<String>) {
        let cards = try kith(["export", "vcard"], file: file).stdout.components(separatedBy: "BEGIN:VCARD").filter { !$0.isEmpty }
        let events = (try json(kith(["list", "events", "--json"], file: file).stdout) as? [[String: Any]] ?? [])
            .map { "\($0["title"] ?? "") \($0["date"] ?? "") \($0["status"] ?? "")" }
        return (Set(cards), Set(events))
    }
}

@Suite(.serialized) struct SyncE2ETests {
    /// Two laptops, one Radicale: a contact added on one, a touch logged on the other, an event
    /// on both; after syncing both ways, both files hold all of it.
    @Test func twoLaptopsThroughRadicaleAndVdirsyncer() throws {
        let dir = try TempDir()
        let server = try Radicale(in: dir)
        #expect(Radicale.answers(server.port), "Radicale did not start")
        let a = try Laptop("a", in: dir, server: server), b = try Laptop("b", in: dir, server: server)
        #expect(try kith(["demo", "--contacts", "15"], file: a.file).status == 0)
        try a.sync()
        try b.sync()
        #expect(try contactsByName(b.file).count == 15)
        #expect(try a.snapshot().cards == b.snapshot().cards)

        #expect(try kith(["add", "contact", "Added On Laptop A", "--field", "law", "--email", "new@example.com"], file: a.file).status == 0)
        #expect(try kith(["add", "event", "Event on A", "--date", "+3d"], file: a.file).status == 0)
        #expect(try kith(["log", "Zoë", "--note", "logged on laptop B", "--gave"], file: b.file).status == 0)
        #expect(try kith(["add", "event", "Event on B", "--date", "+4d"], file: b.file).status == 0)
        try a.sync()
        try b.sync()
        try a.sync()
        for laptop in [a, b] {
            let names = try contactsByName(laptop.file)
            #expect(names["Added On Laptop A"]?["field"] as? String == "law", "\(laptop.name)")
            #expect(try kith(["export", "vcard"], file: laptop.file).stdout.contains("logged on laptop B"), "\(laptop.name)")
            let events = try json(kith(["list", "events", "--json"], file: laptop.file).stdout) as? [[String: Any]] ?? []
            #expect(Set(events.compactMap { $0["title"] as? String }).isSuperset(of: ["Event on A", "Event on B"]), "\(laptop.name)")
        }
        let (sa, sb) = (try a.snapshot(), try b.snapshot())
        #expect(sa.cards == sb.cards)
        #expect(sa.events == sb.events)
        // Settled: another round changes nothing.
        let again = try kith(["sync", "vdir", a.contacts, "--events", a.calendar], file: a.file)
        #expect(again.stdout.contains("0 added, 0 updated, 0 deleted; folder: 0 written, 0 deleted"), "\(again.stdout)")
    }
}
