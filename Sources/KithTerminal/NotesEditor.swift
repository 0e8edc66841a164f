import CNcursesw
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Hands the terminal to `$VISUAL` or `$EDITOR` (else `vi`) on a temporary file, then takes it back.
///
/// The editor is started with posix_spawnp and an argument list — never through a shell — so
/// nothing in a note or a file name can become a command. `$EDITOR` may carry its own arguments
/// ("code -w"), split on spaces, unless it names an executable file as it is.
enum NotesEditor {
    static func edit(_ text: String, screen: TerminalScreen, environment: [String: String]) -> (String?, String?) {
        let command = [environment["VISUAL"], environment["EDITOR"]].compactMap { $0 }.first { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "vi"
        // A path to a program is taken whole (it may hold spaces); otherwise the words are the
        // program and its own arguments.
        let words = FileManager.default.isExecutableFile(atPath: command) ? [command] : command.split(separator: " ").map(String.init)
        let dir = FileManager.default.temporaryDirectory.path
        let path = dir + "/kith-notes-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).txt"
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { return (nil, "Cannot create a temporary file for the editor") }
        let bytes = Array(text.utf8) + (text.isEmpty || text.hasSuffix("\n") ? [] : [0x0A])
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        defer { unlink(path) }

        screen.suspend()
        defer { screen.resume() }
        var pid = pid_t()
        let argv = (words + [path]).map { strdup($0) } + [nil]
        defer { for a in argv { free(a) } }
        let rc = posix_spawnp(&pid, words[0], nil, nil, argv, environ)
        guard rc == 0 else { return (nil, "Cannot start the editor \"\(words[0])\": " + String(cString: strerror(rc))) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let exited = (status & 0x7F) == 0
        guard exited, (status >> 8) & 0xFF == 0 else { return (nil, "The editor \"\(words[0])\" failed; the notes are unchanged") }
        guard let data = FileManager.default.contents(atPath: path), let edited = String(data: data, encoding: .utf8) else {
            return (nil, "The editor left text that is not UTF-8; the notes are unchanged")
        }
        return (edited, nil)
    }
}
