import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The versions of the network file kith keeps: `network.plist.bak` (the version before the last
/// save), one copy per day for the last 7 days in `backups/` beside the file, and
/// `network.plist.vN.bak` when a save upgraded the format from version N.
public enum Backups {
    public static let days = 7

    static func folder(_ path: String) -> String {
        let dir = (path as NSString).deletingLastPathComponent
        return (dir.isEmpty ? "." : dir) + "/backups"
    }

    static func stem(_ path: String) -> String {
        ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    }

    /// `backups/network-2026-11-30.plist`.
    public static func daily(_ path: String, _ day: Day) -> String {
        folder(path) + "/" + stem(path) + "-" + day.iso + ".plist"
    }

    /// Keeps the file now on disk before it is replaced: as `.bak`, and as today's daily copy when
    /// there is none yet; prunes daily copies beyond the last 7. Hard links: instant, and never a
    /// half-written copy. Best effort: a backup that cannot be made never blocks a save.
    static func preserve(_ path: String, today: Day) {
        guard FileIO.status(path) != nil else { return }
        let bak = path + ".bak"
        let tmp = bak + ".tmp-\(getpid())"
        let parent = (path as NSString).deletingLastPathComponent
        FileIO.removeStaleTemporaries(in: parent.isEmpty ? "." : parent, prefix: (bak as NSString).lastPathComponent + ".tmp-")
        unlink(tmp)
        if link(path, tmp) == 0 {
            rename(tmp, bak)
            // When `.bak` already is this very file (a save killed after its backup but before its
            // write), rename() of two links to one inode succeeds without removing the source.
            unlink(tmp)
        }
        let dir = folder(path)
        if FileIO.status(dir) == nil { mkdir(dir, 0o700) }
        let today = daily(path, today)
        if FileIO.status(today) == nil { _ = link(path, today) }
        let prefix = stem(path) + "-"
        let copies = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
            .filter { $0.hasPrefix(prefix) && $0.hasSuffix(".plist") && Day(iso: $0.dropFirst(prefix.count).prefix(10)) != nil }
            .sorted()
        for old in copies.dropLast(days) { unlink(dir + "/" + old) }
    }

    /// A kept version of the file.
    public struct Copy: Equatable, Sendable {
        public var label: String
        public var path: String
        public var day: Day?
    }

    /// Every kept version, newest daily copy first, then `.bak` and upgrade copies.
    public static func list(_ path: String) -> [Copy] {
        let dir = folder(path)
        let prefix = stem(path) + "-"
        var out: [Copy] = []
        for name in ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted(by: >) {
            guard name.hasPrefix(prefix), name.hasSuffix(".plist"), let d = Day(iso: name.dropFirst(prefix.count).prefix(10)) else { continue }
            out.append(Copy(label: d.iso, path: dir + "/" + name, day: d))
        }
        if FileIO.status(path + ".bak") != nil { out.append(Copy(label: "bak", path: path + ".bak", day: nil)) }
        for v in 1..<NetworkCodec.formatVersion where FileIO.status(path + ".v\(v).bak") != nil {
            out.append(Copy(label: "v\(v)", path: path + ".v\(v).bak", day: nil))
        }
        return out
    }

    /// Brings a kept version back. It must load; the current file is kept as a backup first.
    public static func restore(_ path: String, from copy: Copy, today: Day) throws {
        guard let file = try FileIO.read(copy.path) else { throw FileError(copy.path, "does not exist") }
        do { _ = try NetworkCodec.decode(Data(file.bytes)) } catch {
            throw FileError(copy.path, "cannot be restored, kith cannot read it: \(error)")
        }
        let lock = try FileIO.lock(path)
        defer { close(lock) }
        _ = try FileIO.writeAtomically(file.bytes, to: path) { preserve(path, today: today) }
    }
}
