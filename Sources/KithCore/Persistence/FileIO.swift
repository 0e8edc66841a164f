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
    /// cannot map). Returns nil when it does not exist.
    static func map(_ path: String) throws -> FileBytes? {
        try withRegularFile(path) { fd, st in
            let size = Int(st.st_size)
            if size > 0, let p = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), p != MAP_FAILED {
                return FileBytes(mapped: p, count: size, stat: st)
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
    @discardableResult
    static func writeAtomically(to path: String, sweep: Bool = true, beforeReplace: () -> Void = {},
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
            guard fsync(fd) == 0 else { throw FileError.errno(path, "flush to disk") }
        }
        beforeReplace()
        guard rename(tmp, path) == 0 else { throw FileError.errno(path, "replace the file") }
        ok = true
        let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if dfd >= 0 { fsync(dfd); close(dfd) }
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

/// A file's bytes as read for decoding, mapped rather than copied: at 100,000 contacts the file is
/// 300 MB, and a decoder that hands each page back once it has passed it (``release(below:)``)
/// keeps the process's peak memory to the network it builds.
///
/// The file's fingerprint is taken on the way: ``release(below:)`` hashes the bytes before it
/// drops them, so each page is read from the page cache once, by the decoder (hashing the whole
/// file first and decoding it after faulted every page in twice).
///
/// kith replaces its file by renaming a new one over it, so a mapped file never changes under
/// the reader. A file truncated in place by another program while it is being read would end
/// the process (SIGBUS), as with any memory-mapped reader; nothing on disk is touched then.
final class FileBytes: @unchecked Sendable {
    let buffer: UnsafeBufferPointer<UInt8>
    let stat: Glibc.stat
    private let mapped: Bool
    private let lock = NSLock()
    /// Pages before this were handed back; bytes before `hashed` are in `fingerprint`.
    private var released = 0
    private var hashed = 0
    private var accumulator = FileFingerprint.Accumulator()
    /// The stretches before the current one, when a helper thread read part of the file.
    private var finished: [FileFingerprint] = []
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    fileprivate init(mapped p: UnsafeMutableRawPointer, count: Int, stat: Glibc.stat) {
        buffer = UnsafeBufferPointer(start: p.assumingMemoryBound(to: UInt8.self), count: count)
        self.stat = stat
        self.mapped = true
    }

    /// Bytes read into `storage` (where the file system cannot map); freed with the object.
    fileprivate init(owning storage: UnsafeMutableBufferPointer<UInt8>, count: Int, stat: Glibc.stat) {
        buffer = UnsafeBufferPointer(start: storage.baseAddress, count: count)
        self.stat = stat
        self.mapped = false
    }

    deinit {
        guard let p = buffer.baseAddress else { return }
        if mapped { munmap(UnsafeMutableRawPointer(mutating: p), buffer.count) } else { p.deallocate() }
    }

    /// Fingerprints the bytes before `offset` not yet fingerprinted, then gives the mapped pages
    /// before it back to the kernel (reading them again later is correct, only slower). Cheap to
    /// call often: it acts once at least 4 MB more can go.
    func release(below offset: Int) {
        lock.lock(); defer { lock.unlock() }
        let end = min(offset, buffer.count) / FileBytes.pageSize * FileBytes.pageSize
        guard end - released >= 4 << 20 else { return }
        hash(upTo: end)
        drop(released..<end)
        released = end
    }

    /// The fingerprint of the bytes before `offset` (which must not be less than any offset asked
    /// before), reading in windows that are handed back behind it; `cuts` (as in a fingerprint
    /// taken earlier) start stretches hashed apart.
    func fingerprint(upTo offset: Int, cuts: [Int] = []) -> FileFingerprint {
        lock.lock(); defer { lock.unlock() }
        for cut in cuts where cut > hashed && cut < offset {
            hashAndDrop(upTo: cut)
            finished.append(accumulator.finish())
            accumulator = FileFingerprint.Accumulator()
        }
        hashAndDrop(upTo: offset)
        return FileFingerprint.joining(finished + [accumulator.finish()])
    }

    /// The whole file's fingerprint (with the cuts of the one it is compared with).
    func fingerprint(cuts: [Int] = []) -> FileFingerprint { fingerprint(upTo: buffer.count, cuts: cuts) }

    private func hashAndDrop(upTo offset: Int) {
        let window = 8 << 20
        while hashed < offset {
            let next = min(offset, hashed + window)
            hash(upTo: next)
            drop(released..<next)
            released = max(released, next / FileBytes.pageSize * FileBytes.pageSize)
        }
    }

    /// A stretch from `start` that a helper thread reads (see ``SplitArray``): it fingerprints
    /// and hands back its own pages as it goes.
    func stretch(from start: Int) -> Stretch { Stretch(file: self, start: start) }

    /// Takes in a helper's stretch, read up to `end`, once this reader has arrived at its start:
    /// its fingerprint becomes a stretch of the file's, and reading goes on from `end`.
    func adopt(_ stretch: Stretch, end: Int) {
        let part = stretch.finish(at: end)
        lock.lock(); defer { lock.unlock() }
        precondition(hashed <= stretch.start, "a stretch is adopted where its reader arrived")
        hashAndDrop(upTo: stretch.start)
        finished.append(accumulator.finish())
        finished.append(part)
        accumulator = FileFingerprint.Accumulator()
        hashed = end
        drop(released..<end) // what the helper kept: the pages it shared with its neighbours
        released = max(released, end / FileBytes.pageSize * FileBytes.pageSize)
    }

    /// The part of a file a helper thread reads: only that thread touches it.
    final class Stretch: @unchecked Sendable {
        let start: Int
        private let file: FileBytes
        private var hashed: Int
        private var released: Int
        private var accumulator = FileFingerprint.Accumulator()

        fileprivate init(file: FileBytes, start: Int) {
            self.file = file
            self.start = start
            hashed = start
            // The page holding `start` is the main reader's too: it is handed back at the adopt.
            released = (start + FileBytes.pageSize - 1) / FileBytes.pageSize * FileBytes.pageSize
        }

        /// As ``FileBytes/release(below:)``, within the stretch.
        func release(below offset: Int) {
            let end = min(offset, file.buffer.count) / FileBytes.pageSize * FileBytes.pageSize
            guard end - released >= 4 << 20 else { return }
            hash(upTo: end)
            file.drop(released..<end)
            released = end
        }

        fileprivate func finish(at end: Int) -> FileFingerprint {
            hash(upTo: end)
            return accumulator.finish()
        }

        /// Fingerprints the stretch up to `end` (the helper does, while the pages are in).
        func hash(upTo end: Int) {
            guard end > hashed else { return }
            accumulator.add(UnsafeBufferPointer(rebasing: file.buffer[hashed..<end]))
            hashed = end
        }
    }

    private func hash(upTo end: Int) {
        guard end > hashed else { return }
        accumulator.add(UnsafeBufferPointer(rebasing: buffer[hashed..<end]))
        hashed = end
    }

    /// Hands the whole pages inside `range` back to the kernel.
    fileprivate func drop(_ range: Range<Int>) {
        guard mapped, let base = buffer.baseAddress else { return }
        let page = FileBytes.pageSize
        let from = (range.lowerBound + page - 1) / page * page, to = range.upperBound / page * page
        if to > from { _ = madvise(UnsafeMutableRawPointer(mutating: base + from), to - from, MADV_DONTNEED) }
    }
}
