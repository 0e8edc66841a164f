// kith-bench: measures what a user waits for, at 1,000 / 10,000 / 100,000 contacts with the
// benchmark's shape (5 interactions a contact on average, an event per 20 contacts, a follow-up
// per 5). Each size runs in its own process, so that peak memory is per size.
//
//   kith-bench                 all sizes, a table of medians and p95
//   kith-bench --size 10000    one size (what the parent runs), one line of JSON
//   kith-bench --launch-only   only the launch table (KITH_BENCH_SIZES=10000 for one size)
import Foundation
import KithCore
import KithUI
#if canImport(Glibc)
import Glibc
#endif

let today = Day(iso: "2026-11-30")!

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Runs `body` `runs` times; returns the times in milliseconds.
func measure(_ runs: Int, _ body: () throws -> Void) rethrows -> [Double] {
    var out: [Double] = []
    for _ in 0..<runs {
        let t = now()
        try body()
        out.append((now() - t) * 1000)
    }
    return out
}

func percentile(_ xs: [Double], _ p: Double) -> Double {
    let s = xs.sorted()
    guard !s.isEmpty else { return .nan }
    let i = min(s.count - 1, Int((Double(s.count - 1) * p).rounded(.up)))
    return s[i]
}

func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

/// Writes the file at `path` into `cache`, as the dashboard does after its first launch on it.
func warm(_ cache: FirstScreenCache, with path: String) throws {
    let (doc, history) = try NetworkDocument.openDeferringHistory(path, cache: cache)
    if let history {
        var d = doc
        try d.attachHistory(try history.load())
        history.writeCache(attached: d.network)
    }
}

/// One size, in this process: prints {"name": [times…], …, "rssMB": n}.
func runSize(_ n: Int, dir: String) throws {
    let runs = n >= 100_000 ? 5 : n >= 10_000 ? 11 : 21
    let path = dir + "/network-\(n).plist"
    if !FileManager.default.fileExists(atPath: path) {
        try NetworkDocument.create(Demo.network(contacts: n, seed: 7, today: today), at: path, overwrite: true, today: today)
    }
    var results: [String: [Double]] = [:]
    var doc = try NetworkDocument.open(path)
    results["load"] = try measure(runs) { doc = try NetworkDocument.open(path) }
    // What the dashboard waits for before its first screen: everything but the interactions.
    results["load, first screen"] = try measure(runs) { _ = try NetworkDocument.openDeferringHistory(path) }
    // The same from the first-screen cache, as the dashboard's second launch on an unchanged file.
    let cache = FirstScreenCache(directory: dir + "/cache")
    try warm(cache, with: path)
    results["first screen, cached"] = try measure(runs) { _ = try NetworkDocument.openDeferringHistory(path, cache: cache) }
    let zoe = try doc.network.findContact("zoe")
    var i = 0
    results["save"] = try measure(runs) {
        i += 1
        try doc.apply(.addInteraction(Interaction(contacts: [zoe.id], date: today, note: "bench \(i)")))
        try doc.save(today: today)
    }
    var state = AppState(document: doc, today: today, width: 132, height: 43)
    results["first frame"] = measure(runs) {
        state = AppState(document: doc, today: today, width: 132, height: 43)
        _ = render(state)
    }
    // A keystroke's target is at p99: enough of them for one (200 each, at every size).
    let keystrokes = 200
    results["move selection"] = measure(keystrokes) {
        _ = reduce(&state, .key(.char("j")))
        _ = render(state)
    }
    _ = reduce(&state, .key(.char("/")))
    _ = reduce(&state, .key(.char("z")))
    _ = reduce(&state, .key(.char("o")))
    var toggle = false
    results["filter keystroke"] = measure(keystrokes) {
        toggle.toggle()
        _ = reduce(&state, .key(toggle ? .char("e") : .backspace))
        _ = render(state)
    }
    // A move on the insights screen (`i`, then j and k in turn through the fields).
    var insights = AppState(document: doc, today: today, width: 132, height: 43)
    _ = reduce(&insights, .key(.char("i")))
    var down = false
    results["insights screen move"] = measure(keystrokes) {
        down.toggle()
        _ = reduce(&insights, .key(.char(down ? "j" : "k")))
        _ = render(insights)
    }
    let network = doc.network
    results["weekly queue"] = measure(runs) { _ = network.nurtureQueue(today: today) }
    results["insights"] = measure(runs) { _ = network.insights(today: today) }
    // The dashboard's peak memory, before the interop rows add their own buffers.
    let dashboardRSS = peakRSSMegabytes()
    var cards: [UInt8] = []
    let interopRuns = n >= 100_000 ? 3 : runs
    results["vCard export"] = measure(interopRuns) { cards = VCardMapping.export(network, version: .v3) }
    // What `kith import vcard` does before saving: parse, map, match, merge into an empty network.
    results["vCard import"] = try measure(interopRuns) {
        var importer = ContactImport(Network())
        for card in VCardParser.parse(cards).cards {
            importer.take(try VCardMapping.content(of: card, today: today), origin: "bench") { _, _ in .add }
        }
        importer.finish()
        guard importer.network.contacts.count == n else { throw CocoaError(.fileReadCorruptFile) }
    }
    var json: [String: Any] = results
    json["rssMB"] = dashboardRSS
    json["bytes"] = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    let data = try JSONSerialization.data(withJSONObject: json)
    print(String(decoding: data, as: UTF8.self))
}

/// The dashboard's own path through a session, in a fresh process, for its peak memory: the
/// first-screen read, the first frame, the history read and attached, a filter, one change saved.
func inProcessDashboardRSS(_ n: Int, dir: String) throws -> Double {
    let path = dir + "/network-\(n).plist"
    let began = now()
    func trace(_ s: String) {
        guard ProcessEnvironment.current["KITH_BENCH_TRACE"] != nil else { return }
        FileHandle.standardError.write(Data(String(format: "%7.1f ms  ", (now() - began) * 1000).utf8))
        let statm = (try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8)) ?? ""
        let pages = Double(statm.split(separator: " ").dropFirst().first ?? "0") ?? 0
        FileHandle.standardError.write(Data("\(s): now \(Int(pages * 4 / 1024)) MB, peak \(Int(peakRSSMegabytes())) MB\n".utf8))
    }
    trace("start (strides: contact \(MemoryLayout<Contact>.stride), interaction \(MemoryLayout<Interaction>.stride))")
    let (doc, history) = try NetworkDocument.openDeferringHistory(path)
    trace("first-screen read")
    var state = AppState(document: consume doc, today: today, width: 132, height: 43)
    _ = render(state)
    trace("first frame")
    if let history {
        let read = try history.load()
        trace("history read")
        try state.document.attachHistory(read)
    }
    trace("history attached")
    for key in ["/", "z", "o"] { _ = reduce(&state, .key(.char(Character(key)))) }
    _ = render(state)
    trace("filtered")
    // As the dashboard does: the change goes into its document in place, the save writes a snapshot.
    let zoe = try state.document.network.findContact("zoe")
    try state.document.apply(.addInteraction(Interaction(contacts: [zoe.id], date: today, note: "bench")))
    if let pending = state.document.prepareSave(today: today) { state.document.finishSave(try NetworkDocument.write(pending)) }
    trace("saved")
    return peakRSSMegabytes()
}

Allocator.tune() // as kith's own processes do
let args = CommandLine.arguments
let dir = ProcessEnvironment.current["KITH_BENCH_DIR"] ?? (FileManager.default.temporaryDirectory.path + "/kith-bench")
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
// `kith-bench --profile load|first-screen-load|cached-first-screen-load|changed-first-screen-load|uncached-first-frame|cached-first-frame|frame-bytes|save|encode|first-frame|queue|queue-filter|insights|search-index|events|edit-touch|edit-contact|delete-contact|delete-undo|touch-while-saving N`: only that, 50 times, on the size-N
// network, for `perf record`.
if let i = args.firstIndex(of: "--profile"), i + 2 < args.count, let n = Int(args[i + 2]) {
    let path = dir + "/network-\(n).plist"
    var doc = try NetworkDocument.open(path)
    let zoe = try doc.network.findContact("zoe")
    let cache = FirstScreenCache(directory: dir + "/cache")
    try warm(cache, with: path)
    var nurture: AppState?, frameBytes: [UInt8]?
    if args[i + 1] == "changed-first-screen-load" { // another kith, without this cache, logs a touch
        var other = try NetworkDocument.open(path)
        try other.apply(.addInteraction(Interaction(contacts: [zoe.id], date: today, note: "from elsewhere")))
        try other.save(today: today)
    }
    for k in 0..<50 {
        switch args[i + 1] {
        case "load": doc = try NetworkDocument.open(path)
        case "first-screen-load": _ = try NetworkDocument.openDeferringHistory(path)
        case "cached-first-screen-load": _ = try NetworkDocument.openDeferringHistory(path, cache: cache)
        case "changed-first-screen-load": // the cache brought up to date (each run: it is rewritten only after a history's read)
            _ = try NetworkDocument.openDeferringHistory(path, cache: cache)
        case "uncached-first-frame": // what a first launch after an outside change does before drawing
            _ = render(AppState(document: try NetworkDocument.openDeferringHistory(path).0, today: today, width: 132, height: 43))
        case "cached-first-frame": // what a launch from the cache without a stored frame does before drawing
            _ = render(AppState(document: try NetworkDocument.openDeferringHistory(path, cache: cache).0, today: today, width: 132, height: 43))
        case "frame-bytes": // a stored first frame read back, as a launch with one does before drawing it
            if frameBytes == nil { frameBytes = render(AppState(document: doc, today: today, width: 132, height: 43)).bytes }
            _ = Canvas(bytes: frameBytes!)
        case "save":
            try doc.apply(.addInteraction(Interaction(contacts: [zoe.id], date: today, note: "profile \(k)")))
            try doc.save(today: today)
        case "encode": NetworkCodec.encode(doc.network, to: { _ in })
        case "first-frame": _ = render(AppState(document: doc, today: today, width: 132, height: 43))
        case "queue": _ = doc.network.nurtureQueue(today: today)
        case "insights": _ = doc.network.insights(today: today)
        case "search-index": _ = SearchIndex(doc.network)
        case "queue-filter": // a letter typed, then erased, in the nurture pane's filter (after "an")
            if nurture == nil {
                var s = AppState(document: doc, today: today, width: 132, height: 43)
                for key in [Key.tab, .tab, .char("/"), .char("a"), .char("n")] { _ = reduce(&s, .key(key)) }
                guard s.focus == .nurture, s.queue.count < s.fullQueueCount else { fatalError("the nurture pane's filter is not typed in") }
                nurture = s
            }
            _ = reduce(&nurture!, .key(k % 2 == 0 ? .char("d") : .backspace))
            _ = render(nurture!)
        case "events": // the events pane's scores, for a month ahead
            let n = doc.network
            let f = n.fieldCounts(today: today)
            for e in n.events where e.date >= today && e.date - today <= 30 { _ = n.score(e, today: today, fields: f) }
        case "none": break
        case "edit-contact":
            var c = doc.network.contacts[k]
            c.notes = "edited \(k)"
            try doc.apply(.updateContact(c))
        case "delete-contact": try doc.apply(.deleteContact(doc.network.contacts[k * 7].id))
        case "touch-while-saving": // a touch logged while a save holds the network as it was
            let held = doc.network
            try doc.apply(.addInteraction(Interaction(contacts: [zoe.id], date: today, note: "profile \(k)")))
            withExtendedLifetime(held) {}
        case "delete-undo": try doc.apply(try doc.apply(.deleteContact(doc.network.contacts[k * 7].id)))
        case "edit-touch":
            var touch = doc.network.interactions[k]
            touch.note = "edited \(k)"
            try doc.apply(.updateInteraction(touch))
        default: FileHandle.standardError.write(Data("--profile takes load, first-screen-load, cached-first-screen-load, changed-first-screen-load, uncached-first-frame, cached-first-frame, frame-bytes, save, encode, first-frame, queue, queue-filter, insights, search-index, events, edit-touch, edit-contact, delete-contact, delete-undo or touch-while-saving\n".utf8)); exit(2)
        }
    }
    exit(0)
}
if let i = args.firstIndex(of: "--dashboard-rss"), i + 1 < args.count, let n = Int(args[i + 1]) {
    print(String(format: "%.1f", try inProcessDashboardRSS(n, dir: dir)))
    exit(0)
}
if let i = args.firstIndex(of: "--keys"), i + 1 < args.count, let n = Int(args[i + 1]) {
    for (key, ms) in try keyCosts(n, dir: dir) { print(key, String(format: "%.2f", ms), separator: "\t") }
    exit(0)
}
if let i = args.firstIndex(of: "--size"), i + 1 < args.count, let n = Int(args[i + 1]) {
    try runSize(n, dir: dir)
    exit(0)
}

let sizes = (ProcessEnvironment.current["KITH_BENCH_SIZES"] ?? "1000,10000,100000").split(separator: ",").compactMap { Int($0) }
let launchOnly = args.contains("--launch-only")
var table: [Int: [String: Any]] = [:]
/// Runs this program again with `arguments`; its standard output.
func child(_ arguments: [String]) throws -> Data {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: args[0])
    p.arguments = arguments
    let out = Pipe()
    p.standardOutput = out
    try p.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    guard p.terminationStatus == 0 else { FileHandle.standardError.write(Data("\(arguments) failed\n".utf8)); exit(1) }
    return data
}
for n in sizes where !launchOnly {
    guard var obj = try JSONSerialization.jsonObject(with: child(["--size", String(n)])) as? [String: Any] else { exit(1) }
    obj["dashboardMB"] = Double(String(decoding: try child(["--dashboard-rss", String(n)]), as: UTF8.self)
        .trimmingCharacters(in: .whitespacesAndNewlines))
    table[n] = obj
}
let rows = ["load", "load, first screen", "first screen, cached", "save", "first frame", "move selection", "filter keystroke",
            "insights screen move", "weekly queue", "insights", "vCard export", "vCard import"]
func pad(_ s: String, _ w: Int) -> String { s.count >= w ? s : String(repeating: " ", count: w - s.count) + s }
var header = "operation (ms)".padding(toLength: 20, withPad: " ", startingAt: 0)
for n in sizes { header += pad("\(n) median", 16) + pad("p95", 9) + pad("p99", 9) }
if !launchOnly { print(header) }
for r in rows where !launchOnly {
    var line = r.padding(toLength: 20, withPad: " ", startingAt: 0)
    for n in sizes {
        let xs = (table[n]?[r] as? [Double]) ?? []
        line += pad(String(format: "%.2f", percentile(xs, 0.5)), 16) + pad(String(format: "%.2f", percentile(xs, 0.95)), 9)
            + pad(String(format: "%.2f", percentile(xs, 0.99)), 9)
    }
    print(line)
}
var dashboard = "peak RSS dashb. (MB)".padding(toLength: 20, withPad: " ", startingAt: 0)
var rss = "peak RSS bench (MB)".padding(toLength: 20, withPad: " ", startingAt: 0)
var size = "file size (MB)".padding(toLength: 20, withPad: " ", startingAt: 0)
for n in sizes {
    dashboard += pad(String(format: "%.0f", table[n]?["dashboardMB"] as? Double ?? .nan), 16) + pad("", 18)
    rss += pad(String(format: "%.0f", table[n]?["rssMB"] as? Double ?? .nan), 16) + pad("", 18)
    size += pad(String(format: "%.1f", Double(table[n]?["bytes"] as? Int ?? 0) / 1e6), 16) + pad("", 18)
}
if !launchOnly {
    print(dashboard)
    print(rss)
    print(size)
}
// Every key at the largest size, as a user presses them through a session.
if !launchOnly, let n = sizes.max() {
    let costs = String(decoding: try child(["--keys", String(n)]), as: UTF8.self).split(separator: "\n").map { $0.split(separator: "\t") }
    print("")
    print("keys at \(n) contacts (ms: the key and the frame, in process, median of 5 from the same state, the search indexes and insights in):")
    var line = ""
    for c in costs where c.count == 2 {
        let item = "\(c[0]) \(c[1])"
        if line.count + item.count + 3 > 120 { print(line); line = "" }
        line += (line.isEmpty ? "  " : " · ") + item
    }
    if !line.isEmpty { print(line) }
}

// Launch to the first full screen in tmux: the real binary, and abook on the same contacts.
let kithBinary = URL(fileURLWithPath: args[0]).deletingLastPathComponent().appendingPathComponent("kith").path
if FileManager.default.isExecutableFile(atPath: kithBinary), ProcessEnvironment.current["KITH_BENCH_NO_LAUNCH"] == nil {
    print("")
    print("launch to first screen (ms, median of 15, of 9 at 100000, tmux 132×43): kith's first launch on a file (no cache:")
    print("a lost one, or a kith with a new cache layout); after an outside change (another kith logged a touch since the cache")
    print("was written, as after a sync: the cache is brought up to date); from the cache without a stored frame (after a week")
    print("away, or a new kith); from the cache with the first frame the last launch or save stored (every later launch that")
    print("day), alternating with abook's; the next day's first launch, with the frame the last launch stored for it; until")
    print("the first key is answered (? shows the help, sent when the first screen shows), with the stored frame, alternating")
    print("with abook's; peak RSS opened until the history is read")
    print("size".padding(toLength: 8, withPad: " ", startingAt: 0) + pad("first", 7) + pad("changed", 9) + pad("cached", 8) + pad("stored", 8)
          + pad("next", 6) + pad("abook", 7) + pad("first÷a", 9) + pad("changed÷a", 11) + pad("cached÷a", 10) + pad("stored÷a", 10) + pad("next÷a", 8)
          + pad("key kith/abook", 16) + pad("RSS first/cached MB", 21))
    let floorSize = 10
    for n in [floorSize] + sizes where !FileManager.default.fileExists(atPath: dir + "/network-\(n).plist") {
        try NetworkDocument.create(Demo.network(contacts: n, seed: 7, today: today), at: dir + "/network-\(n).plist", overwrite: true, today: today)
    }
    func ms(_ x: Double?) -> String { x.map { String(format: "%.0f", $0) } ?? "—" }
    func ms1(_ x: Double?) -> String { x.map { String(format: "%.1f", $0) } ?? "—" }
    func ratio(_ a: Double?, _ b: Double?) -> String { a != nil && b != nil ? String(format: "%.2f", a! / b!) : "—" }
    // A kith that cannot show its first screen (a stale build that crashes) would otherwise give
    // a table of dashes after an hour of timeouts.
    guard launchToScreen("env KITH_NOW=\(today.iso) TERM=tmux-256color XDG_CACHE_HOME=\(dir)/probe-cache \(kithBinary) --file \(dir)/network-\(floorSize).plist",
                         waitFor: "Nurture (", timeout: 10) != nil else {
        print("kith-bench: \(kithBinary) did not show its first screen in tmux; is the build sound? (rm -rf .build/*/release)")
        exit(1)
    }
    var ptyRows: [String] = []
    for n in [floorSize] + sizes {
        let f = try launchFigures(n, dir: dir, kith: kithBinary, runs: n >= 100_000 ? 9 : 15)
        let rss = n == floorSize ? (first: nil, cached: nil) : dashboardPeakRSS(size: n, dir: dir, kith: kithBinary)
        let t = f.tmux, p = f.pty
        print(String(n).padding(toLength: 8, withPad: " ", startingAt: 0) + pad(ms(t.first), 7) + pad(ms(t.changed), 9) + pad(ms(t.cached), 8)
              + pad(ms(t.stored), 8) + pad(ms(f.nextDay), 6) + pad(ms(t.abook), 7) + pad(ratio(t.first, t.abook), 9)
              + pad(ratio(t.changed, t.abook), 11) + pad(ratio(t.cached, t.abook), 10)
              + pad(ratio(t.stored, t.abook), 10) + pad(ratio(f.nextDay, t.abook), 8)
              + pad("\(ms(f.key)) / \(ms(f.abookKey))", 16)
              + pad(rss.first == nil ? "—" : "\(ms(rss.first)) / \(ms(rss.cached))", 21))
        ptyRows.append(String(n).padding(toLength: 8, withPad: " ", startingAt: 0) + pad(ms1(p.first), 7) + pad(ms1(p.changed), 9)
                       + pad(ms1(p.cached), 8) + pad(ms1(p.stored), 8) + pad(ms1(p.abook), 7) + pad(ratio(p.first, p.abook), 9)
                       + pad(ratio(p.changed, p.abook), 11) + pad(ratio(p.cached, p.abook), 10) + pad(ratio(p.stored, p.abook), 10))
    }
    print("the harness alone (tmux starting a program that prints the awaited text): \(ms(harnessAlone(runs: 9))) ms")
    print("")
    print("the same launches in a pseudo-terminal (each run alternating with its tmux run; no terminal emulator, no polling:")
    print("until the program has written the awaited text; abook's until it has written its first contact's name)")
    print("size".padding(toLength: 8, withPad: " ", startingAt: 0) + pad("first", 7) + pad("changed", 9) + pad("cached", 8) + pad("stored", 8)
          + pad("abook", 7) + pad("first÷a", 9) + pad("changed÷a", 11) + pad("cached÷a", 10) + pad("stored÷a", 10))
    for row in ptyRows { print(row) }
    print("the harness alone (a program that writes the awaited text at once): \(ms1(ptyHarnessAlone(runs: 15))) ms")
}
