import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file-system failure, said in words a user can act on.
public struct FileError: Error, CustomStringConvertible, Equatable {
    public var path: String
    public var message: String

    public init(_ path: String, _ message: String) { self.path = path; self.message = message }

    public var description: String { "\(path): \(message)" }

    static func errno(_ path: String, _ action: String, _ code: Int32 = Glibc.errno) -> FileError {
        FileError(path, "cannot \(action): " + String(cString: strerror(code)))
    }
}

/// What kith knows of the file it read or wrote last, to notice changes made by someone else.
struct DiskStamp: Equatable {
    var device: UInt64, inode: UInt64, size: Int64, mtimeSec: Int, mtimeNsec: Int, ctimeSec: Int, ctimeNsec: Int
    var fingerprint: FileFingerprint

    /// Whether `stat` still describes the same bytes (cheap check before hashing).
    func sameMetadata(_ s: stat) -> Bool {
        device == UInt64(s.st_dev) && inode == UInt64(s.st_ino) && size == Int64(s.st_size)
            && mtimeSec == s.st_mtim.tv_sec && mtimeNsec == s.st_mtim.tv_nsec
            && ctimeSec == s.st_ctim.tv_sec && ctimeNsec == s.st_ctim.tv_nsec
    }

    init(_ s: stat, fingerprint: FileFingerprint) {
        device = UInt64(s.st_dev); inode = UInt64(s.st_ino); size = Int64(s.st_size)
        mtimeSec = s.st_mtim.tv_sec; mtimeNsec = s.st_mtim.tv_nsec
        ctimeSec = s.st_ctim.tv_sec; ctimeNsec = s.st_ctim.tv_nsec
        self.fingerprint = fingerprint
    }
}

/// Low-level file operations with POSIX semantics: exact errors, fsync, atomic rename.
enum FileIO {
    /// Reads a whole file. Returns nil when it does not exist.
    static func read(_ path: String) throws -> (bytes: [UInt8], stat: Glibc.stat)? {
        try withRegularFile(path) { fd, st in
            // Read straight into uninitialized storage: zeroing 300 MB first costs a pass over it.
            var failure: FileError?
            let bytes = [UInt8](unsafeUninitializedCapacity: Int(st.st_size)) { buffer, count in
                do { count = try readAll(fd, into: buffer, path) } catch { failure = error as? FileError; count = 0 }
            }
            if let failure { throw failure }
            return (bytes, st)
        }
    }

    /// Opens a file for decoding as a read-only memory map (a plain read where the file system
    /// cannot map). Returns nil when it does not exist. `patchable`: the map may be written to;
    /// what is written stays in this process, never reaches the file.
    static func map(_ path: String, patchable: Bool = false) throws -> FileBytes? {
        try withRegularFile(path) { fd, st in
            let size = Int(st.st_size)
            if size > 0, let p = mmap(nil, size, patchable ? PROT_READ | PROT_WRITE : PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED {
                return FileBytes(mapped: p, count: size, stat: st, patchable: patchable)
            }
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(size, 1))
            do { return FileBytes(owning: buffer, count: try readAll(fd, into: buffer, path), stat: st) } catch {
                buffer.deallocate()
                throw error
            }
        }
    }

    /// Opens `path` for reading and hands over its descriptor and status; nil when it does not
    /// exist, a clear error when it is not a regular file.
    private static func withRegularFile<R>(_ path: String, _ body: (Int32, Glibc.stat) throws -> R) throws -> R? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            if errno == ELOOP { throw FileError(path, "cannot open: too many levels of symbolic links (a symlink loop?)") }
            throw FileError.errno(path, "open")
        }
        defer { close(fd) }
        var st = Glibc.stat()
        guard fstat(fd, &st) == 0 else { throw FileError.errno(path, "stat") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw FileError(path, "is a directory, not a network file") }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw FileError(path, "is not a regular file") }
        return try body(fd, st)
    }

    /// Reads from `fd` into `buffer` until it is full or the file ends; the count read.
    private static func readAll(_ fd: Int32, into buffer: UnsafeMutableBufferPointer<UInt8>, _ path: String) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = Glibc.read(fd, buffer.baseAddress! + done, buffer.count - done)
            if n < 0 { if errno == EINTR { continue }; throw FileError.errno(path, "read") }
            if n == 0 { break } // the file shrank while being read
            done += n
        }
        return done
    }

    static func status(_ path: String) -> Glibc.stat? {
        var st = Glibc.stat()
        return stat(path, &st) == 0 ? st : nil
    }

    /// Creates the folders of `path` that are missing, mode 0700 (the data is personal).
    static func makeParents(of path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        guard !dir.isEmpty, FileIO.status(dir) == nil else { return }
        try makeParents(of: dir)
        if mkdir(dir, 0o700) != 0 && errno != EEXIST { throw FileError.errno(dir, "create the folder") }
    }

    /// Writes `bytes` to `path` atomically: a temporary file in the same folder, fsync, rename
    /// over, fsync the folder. `beforeReplace` runs once the new bytes are safe on disk and before
    /// the rename (backups link the old file then). A new file gets mode 0600; an existing file
    /// keeps its mode.
    /// `sweep: false` skips the clean-up of dead writers' temporaries (one folder listing), for
    /// callers writing many files into one folder.
    @discardableResult
    static func writeAtomically(_ bytes: [UInt8], to path: String, sweep: Bool = true, beforeReplace: () -> Void = {}) throws -> Glibc.stat {
        try bytes.withUnsafeBufferPointer { try writeAtomically($0, to: path, sweep: sweep, beforeReplace: beforeReplace) }
    }

    @discardableResult
    static func writeAtomically(_ bytes: UnsafeBufferPointer<UInt8>, to path: String, sweep: Bool = true, beforeReplace: () -> Void = {}) throws -> Glibc.stat {
        try writeAtomically(to: path, sweep: sweep, beforeReplace: beforeReplace) { write in try write(bytes) }
    }

    /// The same, for bytes made while they are written: `contents` hands them to `write` in pieces
    /// of any size (the network file is written as it is encoded, never whole in memory).
    /// `durable: false` skips both fsyncs, for files that may be lost in a crash (a cache).
    @discardableResult
    static func writeAtomically(to path: String, sweep: Bool = true, durable: Bool = true, beforeReplace: () -> Void = {},
                                contents: (_ write: (UnsafeBufferPointer<UInt8>) throws -> Void) throws -> Void) throws -> Glibc.stat {
        try makeParents(of: path)
        let dir = (path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent
        let existing = FileIO.status(path)
        let mode = existing.map { $0.st_mode & 0o7777 } ?? 0o600
        let tmpPrefix = "." + (path as NSString).lastPathComponent + ".tmp-"
        if sweep { removeStaleTemporaries(in: dir, prefix: tmpPrefix) }
        let tmp = dir + "/" + tmpPrefix + "\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        guard fd >= 0 else { throw FileError.errno(tmp, "create a temporary file") }
        var ok = false
        defer { if !ok { unlink(tmp) } }
        do {
            defer { close(fd) }
            _ = fchmod(fd, mode) // umask may have narrowed it
            try contents { bytes in
                var done = 0
                while done < bytes.count {
                    let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
                    if n < 0 { if errno == EINTR { continue }; throw FileError.errno(path, "write") }
                    done += n
                }
            }
            guard !durable || fsync(fd) == 0 else { throw FileError.errno(path, "flush to disk") }
        }
        beforeReplace()
        guard rename(tmp, path) == 0 else { throw FileError.errno(path, "replace the file") }
        ok = true
        if durable {
            let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if dfd >= 0 { fsync(dfd); close(dfd) }
        }
        guard let st = FileIO.status(path) else { throw FileError.errno(path, "stat") }
        return st
    }

    /// Removes temporary files left by writers that were killed mid-save (their process is gone).
    /// Called under the lock, so no live writer's file can match a dead pid.
    static func removeStaleTemporaries(in dir: String, prefix: String) {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return }
        for name in names where name.hasPrefix(prefix) {
            let rest = name.dropFirst(prefix.count)
            guard let pid = Int32(rest.prefix { $0 != "-" }) else { continue }
            if pid != getpid(), kill(pid, 0) != 0, errno == ESRCH { unlink(dir + "/" + name) }
        }
    }

    /// An exclusive advisory lock on `path.lock`, held until the returned descriptor is closed.
    static func lock(_ path: String) throws -> Int32 {
        try makeParents(of: path)
        let lockPath = path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw FileError.errno(lockPath, "create the lock file") }
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let e = errno
            close(fd)
            throw FileError.errno(lockPath, "lock", e)
        }
        return fd
    }
}
