import Foundation
import KithHarness
#if canImport(Glibc)
import Glibc
#endif

/// Milliseconds from spawning `argv` on a fresh 132×43 pseudo-terminal until `text` is in what it
/// wrote; nil if it never came within `timeout` seconds.
///
/// The launch as a program sees it, with no terminal emulator drawing it and nothing polling a
/// screen: tmux's `capture-pane` poll (a client every 2 ms or so) takes about one of this
/// machine's two cores, and kith reads on two threads where abook reads on one.
func launchInPty(_ argv: [String], environment: [String: String], waitFor text: String, timeout: Double = 30) -> Double? {
    // `posix_openpt`, `unlockpt` and `ptsname` as Linux has them: the Glibc module exports none
    // of them, nor the two requests' macros (`_IOR('T', 0x30, int)`, `_IOW('T', 0x31, int)`).
    let master = open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
    guard master >= 0 else { return nil }
    defer { close(master) }
    let getNumber: UInt = 0x8004_5430, setLock: UInt = 0x4004_5431 // TIOCGPTN, TIOCSPTLCK
    var unlock: Int32 = 0, number: UInt32 = 0
    guard ioctl(master, setLock, &unlock) == 0, ioctl(master, getNumber, &number) == 0 else { return nil }
    let terminal = "/dev/pts/\(number)"
    var size = winsize(ws_row: 43, ws_col: 132, ws_xpixel: 0, ws_ypixel: 0)
    _ = withUnsafeMutablePointer(to: &size) { ioctl(master, UInt(TIOCSWINSZ), $0) }

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    // A new session opens the terminal as its controlling one, as a shell's child has it.
    posix_spawn_file_actions_addopen(&actions, 0, terminal, O_RDWR, 0)
    posix_spawn_file_actions_adddup2(&actions, 0, 1)
    posix_spawn_file_actions_adddup2(&actions, 0, 2)
    let cArgs = argv.map { strdup($0) } + [nil]
    let cEnv = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer { for p in cArgs + cEnv { free(p) } }

    var pid = pid_t()
    let start = now()
    let setsid: Int32 = 0x80 // POSIX_SPAWN_SETSID (glibc), which the Glibc module does not export
    guard withSignalsReset(flags: setsid, { posix_spawn(&pid, argv[0], &actions, &$0, cArgs, cEnv) }) == 0 else { return nil }
    defer {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    }
    let wanted = Array(text.utf8)
    var seen: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 65536)
    while now() - start < timeout {
        var fd = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        let ready = poll(&fd, 1, Int32(max(1, (timeout - (now() - start)) * 1000)))
        if ready < 0 { if errno == EINTR { continue } else { return nil } }
        if ready == 0 { continue }
        let n = read(master, &buffer, buffer.count)
        guard n > 0 else { return nil } // the program ended without writing the text
        // Only the new bytes and the tail that could begin a match need a look.
        let from = max(0, seen.count - wanted.count + 1)
        seen += buffer[0..<n]
        if seen[from...].firstRange(of: wanted) != nil { return (now() - start) * 1000 }
    }
    return nil
}

/// What every pty figure includes: spawning a program that writes the awaited text at once, and
/// reading it.
func ptyHarnessAlone(runs: Int) -> Double? {
    let xs = (0..<runs).compactMap { _ in launchInPty(["/usr/bin/printf", "Nurture (\\n"], environment: [:], waitFor: "Nurture (") }
    return xs.isEmpty ? nil : percentile(xs, 0.5)
}
