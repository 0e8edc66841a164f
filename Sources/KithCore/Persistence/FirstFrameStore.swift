import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The first frames the dashboard draws for a network file, kept beside the file's first-screen
/// cache, so that the next launch on the unchanged file can put its frame on the screen before it
/// reads anything: a few milliseconds at any size, where reading even the cache takes 8 ms at
/// 10,000 contacts and 80 at 100,000 (`make bench`). One file holds a few frames, one per key
/// (the dashboard keeps one for each of the coming days).
///
/// KithCore keeps a frame as opaque bytes (its cells are KithUI's business). What it guarantees
/// is the key: a frame is handed back only for the same file metadata (the test the cache trusts),
/// the same kith executable (its code drew it), and the same `context` — everything else the
/// first frame is made of, such as the day and the preferences; the caller says what.
/// A frame shown this way is a stand-in: the dashboard reads the file behind it and draws its own
/// first frame over it, cell by cell, before it takes a key.
extension FirstScreenCache {
    /// What a stored frame must have been drawn from.
    public struct FrameKey: Equatable, Sendable {
        let bytes: [UInt8]
    }

    /// The frame file for the network file at `path`.
    public func frameFile(for path: String) -> String { directory + "/first-frame-" + name(for: path) }

    /// The key for the network file at `path` as it is on disk now; nil when it does not exist
    /// or the executable cannot be found.
    public func frameKey(forFileAt path: String, context: String, executable: String = "/proc/self/exe") -> FrameKey? {
        FileIO.status(path).flatMap { Self.frameKey(file: DiskStamp($0, fingerprint: FileFingerprint(value: 0, count: 0)), context, executable) }
    }

    /// The key for the file as `document` read it: what its first frame was drawn from.
    public func frameKey(for document: NetworkDocument, context: String, executable: String = "/proc/self/exe") -> FrameKey? {
        document.disk.flatMap { Self.frameKey(file: $0, context, executable) }
    }

    /// The frame stored for `path` under `key`, or nil (none, another key, or a damaged file).
    public func loadFrame(for path: String, key: FrameKey) -> [UInt8]? {
        storedFrames(for: path).first { $0.key == key }?.frame
    }

    /// The first frame stored for `path` under whatever key, when the file is whole.
    public func anyFrame(for path: String) -> [UInt8]? { storedFrames(for: path).first?.frame }

    /// The frames stored for `path` with their keys, in the order stored; none when the file is
    /// missing or damaged.
    public func storedFrames(for path: String) -> [(key: FrameKey, frame: [UInt8])] {
        guard let (bytes, _) = try? FileIO.read(frameFile(for: path)), bytes.count >= 8 else { return [] }
        return bytes.withUnsafeBufferPointer { all -> [(key: FrameKey, frame: [UInt8])] in
            let body = UnsafeBufferPointer(rebasing: all[..<(all.count - 8)])
            let trailer = UnsafeRawPointer(all.baseAddress! + body.count).loadUnaligned(as: UInt64.self)
            guard body.starts(with: Self.framesMagic), FileFingerprint(body).value == UInt64(littleEndian: trailer) else { return [] }
            var r = ByteReader(body, at: Self.framesMagic.count)
            var frames: [(key: FrameKey, frame: [UInt8])] = []
            func slice() throws -> [UInt8] {
                let n = try r.count()
                guard r.remaining >= n else { throw ByteReader.Damaged() }
                defer { r.pos += n }
                return Array(body[r.pos..<(r.pos + n)])
            }
            do {
                for _ in 0..<(try r.count(atLeast: 2)) { frames.append((FrameKey(bytes: try slice()), try slice())) }
            } catch { return [] }
            return r.remaining == 0 ? frames : []
        }
    }

    /// Stores `frame` for `path` under `key`, replacing any others.
    public func saveFrame(_ frame: [UInt8], key: FrameKey, for path: String) { saveFrames([(key, frame)], for: path) }

    /// Stores `frames` for `path`, each under its key, replacing any others. Failures are
    /// ignored (a frame is only a shortcut).
    public func saveFrames(_ frames: [(key: FrameKey, frame: [UInt8])], for path: String) {
        var w = ByteWriter(capacity: frames.reduce(64) { $0 + $1.key.bytes.count + $1.frame.count + 16 })
        w.raw(Self.framesMagic)
        w.unsigned(UInt64(frames.count))
        for (key, frame) in frames {
            w.unsigned(UInt64(key.bytes.count)); w.raw(key.bytes)
            w.unsigned(UInt64(frame.count)); w.raw(frame)
        }
        w.word(w.bytes.withUnsafeBufferPointer { FileFingerprint($0).value })
        _ = try? w.bytes.withUnsafeBufferPointer { bytes in
            try FileIO.writeAtomically(to: frameFile(for: path), durable: false) { write in try write(bytes) }
        }
    }

    /// Starts a frame file: changes whenever its layout does.
    private static let framesMagic = Array("kith first frames 2\n".utf8)
    /// Changes whenever what a key covers does.
    private static let frameMagic = Array("kith first frame 1\n".utf8)

    private static func frameKey(file: DiskStamp, _ context: String, _ executable: String) -> FrameKey? {
        guard let exe = FileIO.status(executable) else { return nil }
        var w = ByteWriter(capacity: 160 + context.utf8.count)
        w.raw(frameMagic)
        for v in [Int(exe.st_dev), Int(exe.st_ino), Int(exe.st_size), exe.st_mtim.tv_sec, exe.st_mtim.tv_nsec] { w.int(v) }
        for v in [Int(file.device), Int(file.inode), Int(file.size), file.mtimeSec, file.mtimeNsec, file.ctimeSec, file.ctimeNsec] { w.int(v) }
        w.string(context)
        return FrameKey(bytes: w.bytes)
    }
}
