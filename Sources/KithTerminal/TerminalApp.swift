import CNcursesw
import Foundation
import KithCore
import KithUI
#if canImport(Glibc)
import Glibc
#endif

/// Runs the dashboard: keys in → reduce → effects → render → draw the changed cells.
public enum TerminalApp {
    /// Runs until the user quits or a signal arrives; returns the process exit status
    /// (0, or 128 + the signal's number).
    /// `open` gives the dashboard's state, and the interactions still to be read when the file was
    /// opened with ``NetworkDocument/openDeferringHistory(_:cache:)``: they are read while the
    /// first screen shows, and every input but a move through that screen waits for them.
    /// With `firstFrames`, a first frame stored for the unchanged file is drawn before `open`
    /// runs, and this launch's own first frame is stored for the next. `today` is asked for the
    /// day whenever no input came for a moment (the read waits a quarter of a second at most),
    /// so that a dashboard left open past midnight moves to the new day. With `screenBesideOpen`
    /// (asked only when no stored frame was drawn), ncurses starts on a thread of its own while
    /// `open` runs.
    public static func run(opening open: () throws -> (AppState, NetworkDocument.DeferredHistory?), firstFrames: FirstFrames? = nil,
                           screenBesideOpen: @autoclosure () -> Bool = false,
                           today: (() -> Day)? = nil,
                           theme: Theme = .standard, environment: [String: String] = ProcessEnvironment.current) throws -> Int32 {
        var firstFrames = firstFrames // (its day moves with the dashboard's)
        let screen = TerminalScreen()
        let noColor = !(environment["NO_COLOR"] ?? "").isEmpty
        defer { screen.stop() }

        // The frame this file showed last time stands in while the file is read (a few ms at any
        // size, where the read takes 8 ms at 10,000 contacts and 80 at 100,000). The frame drawn
        // from the file then replaces it cell by cell (none differ, unless something the key
        // does not cover changed), and only that state takes keys.
        var standIn: Canvas?, weekAhead = false
        // (A file kith cannot read is said before a missing terminal is: open runs first then.)
        if let (frame, withWeekAhead) = firstFrames?.lookUp(), (try? TerminalScreen.checkEnvironment(environment)) != nil {
            try screen.start(theme: theme, useColor: !noColor)
            if screen.size == (frame.width, frame.height) {
                screen.draw(frame)
                standIn = frame
                weekAhead = withWeekAhead
            }
        }
        // Without a stored frame, ncurses may start beside `open`: its terminfo and locale files
        // take about 0.5 ms of a launch. A pty at 10,000 contacts, from the cache: 7.3 → 6.6 ms;
        // with no cache: 26.2 → 23.7. Not beside the refresh of a cache after an outside change,
        // whose walk needs both cores just then: ncurses' output woke the terminal, and the two
        // took them (8.0 → 8.5).
        // (The locale is set first, here: the reader must not see it change.)
        var starting: BackgroundWork<Void>?
        if !screen.running, screenBesideOpen(), (try? TerminalScreen.checkEnvironment(environment)) != nil {
            _ = kith_setup_locale()
            nonisolated(unsafe) let screen = screen // (used by that thread alone until it is waited for)
            starting = BackgroundWork { try screen.start(theme: theme, useColor: !noColor) }
        }
        let opened = Result { try open() }
        let started = starting?.wait()
        var (state, deferred) = try opened.get() // (a file kith cannot read is said first)
        try started?.get()
        let history = deferred.take() // a constant, for the closures below
        let frameKey = firstFrames?.key(for: state.document)
        if !screen.running {
            try TerminalScreen.checkEnvironment(environment)
            try screen.start(theme: theme, useColor: !noColor)
        }
        let size = screen.size
        _ = reduce(&state, .resize(width: size.width, height: size.height))
        let firstFrame = render(state)
        screen.draw(firstFrame)
        /// Stores this launch's first frame for the next, with those of the days ahead, once the
        /// file is known to be whole (its history read), unless they are the frames stored.
        func framesToStore() -> (@Sendable () -> Void)? {
            guard let firstFrames, let frameKey, firstFrame != standIn || !weekAhead, firstFrames.key(for: state.document) == frameKey else { return nil }
            let document = state.document, size = size
            return { firstFrames.store(document, size: size, first: firstFrame) }
        }

        /// The file (as a frame key) whose frames are stored, or being stored: the one opened.
        var framesStoredFor = frameKey
        /// Set by what can change the file or the day (a save, a reload, a new day): only then
        /// is the key looked at again, not on every key press.
        var framesMayBeStale = false
        /// When this session changed the file (its own saves, or a reload) and the file has been
        /// quiet since, stores the frames launches on it draw, today's and the days ahead's, on
        /// the second thread (a week of frames takes about 17 ms at 10,000 contacts and 245 at
        /// 100,000). One such write at a time; the next check after it starts another if the file
        /// has changed again.
        func keepFramesCurrent() {
            guard framesMayBeStale, let firstFrames, saving == nil, state.document.unsaved.isEmpty, !state.network.historyPending else { return }
            if let running = cacheWriter {
                guard running.take() != nil else { return }
                cacheWriter = nil
            }
            framesMayBeStale = false
            guard let key = firstFrames.key(for: state.document), key != framesStoredFor else { return }
            framesStoredFor = key
            let document = state.document, size = screen.size
            cacheWriter = BackgroundWork { firstFrames.store(document, size: size) }
        }
        /// As the dashboard quits: when the frames stored are not the file's as it is now (it was
        /// saved as the dashboard quit), stores them here and now.
        func storeFramesForTheNextLaunch() {
            guard let firstFrames, !state.network.historyPending, firstFrames.key(for: state.document) != framesStoredFor else { return }
            firstFrames.store(state.document, size: screen.size)
        }

        var quitDespiteUnsaved = false
        var lastFileCheck = Date.timeIntervalSinceReferenceDate
        var lastRetry = lastFileCheck
        var instantErrors = 0
        /// The running write; only its thread holds the network it writes (see `finishSave`).
        var saving: BackgroundWork<NetworkDocument.WriteResult>?
        var loader = history.map { h in BackgroundWork { try h.load() } }
        var cacheWriter: BackgroundWork<Void>?
        /// What the second thread makes for the dashboard once the history is read, one at a time,
        /// and again after a change: the contacts' search index, so that no filter keystroke waits
        /// for it; then the nurture queue's, made again with the queue (the first word typed in
        /// the nurture pane's filter waited 45 ms for it at 100,000 contacts); then the insights
        /// screen's figures (opening it there took 26 ms when they were made then). Not beside
        /// the cache's and the frames' write: at 100,000 contacts the first launch's peak memory
        /// grew by the search index (216 → 233 MB) when the two ran together.
        var deriving: BackgroundWork<Derived>?
        func deriveIfChanged() {
            guard deriving == nil, cacheWriter?.isFinished ?? true, !state.network.historyPending else { return }
            if !state.hasCurrentSearchIndex {
                let network = state.network
                deriving = BackgroundWork { .contacts(SearchIndex(network)) }
            } else if let job = state.queueIndexJob {
                deriving = BackgroundWork { .queue(job.make()) }
            } else if let job = state.insightsJob {
                deriving = BackgroundWork { .insights(job.make()) }
            }
        }
        deriveIfChanged()
        if history == nil, let store = framesToStore() { cacheWriter = BackgroundWork { store() } }

        /// Completes the network with its interactions; `wait` blocks until they are read.
        func attachHistory(wait: Bool) throws -> Bool {
            guard let l = loader else { return false }
            var result = l.take()
            while wait && result == nil { usleep(500); result = l.take() }
            guard let result else { return false }
            loader = nil
            switch result {
            case .success(let read):
                try state.document.attachHistory(read)
                // The contacts are the first screen's (nothing could change them before now).
                let order = history?.writesCache == true ? state.document.rememberNameOrder() : nil
                let storeFrame = framesToStore()
                if order != nil || storeFrame != nil {
                    let network = state.network
                    cacheWriter = BackgroundWork {
                        if let order { history?.writeCache(nameOrder: order, attached: network) }
                        storeFrame?()
                    }
                }
            // The two-step read can fail where a whole read does not (its skip is only a guess
            // at where the interactions end, and a first screen from the cache may no longer
            // match the file): read the file whole, as the CLI does.
            case .failure:
                let cache = state.document.firstScreenCache
                state.document = try NetworkDocument.open(state.document.path)
                framesMayBeStale = true
                state.document.firstScreenCache = cache
            }
            state.refresh()
            deriveIfChanged()
            return true
        }

        /// Starts writing what is unsaved, unless a write is already running (its completion
        /// starts the next).
        func startSave() {
            guard saving == nil, let pending = state.document.prepareSave(today: state.today) else { return }
            saving = BackgroundWork { try NetworkDocument.write(pending) }
            screen.setReadTimeout(20) // pick the result up promptly
        }
        /// Takes a finished write into the document; true when one finished.
        func collectSave() -> Bool {
            guard let result = saving?.take() else { return false }
            saving = nil
            screen.setReadTimeout(250)
            switch result {
            case .success(let written):
                if state.document.finishSave(written) == .savedAfterMerge { state.refresh() }
                framesMayBeStale = true
                if state.message?.isError == true, state.message?.text.hasPrefix("Not saved") == true { state.message = StatusMessage("Saved") }
                if !state.document.unsaved.isEmpty { startSave() }
            case .failure(let error):
                lastRetry = Date.timeIntervalSinceReferenceDate
                state.message = StatusMessage("Not saved: \(error) — your change is kept and will be retried", isError: true)
            }
            return true
        }
        /// Before leaving: the running write finishes (it may be waiting for another kith's
        /// lock), then whatever is still unsaved is written here and now.
        func saveBeforeExit() {
            // A process that quit under the cache's or the frames' write would leave a temporary
            // file (the write takes half a second at most, at 100,000 contacts).
            _ = cacheWriter?.wait()
            cacheWriter = nil
            if saving != nil {
                state.message = StatusMessage("Saving…")
                screen.draw(render(state))
                while saving != nil { if !collectSave() { usleep(2_000) } }
            }
            save(&state)
        }

        while true {
            let signal = kith_take_signal()
            if signal != 0 {
                saveBeforeExit()
                return 128 + signal
            }
            let started = Date.timeIntervalSinceReferenceDate
            let input = screen.read()
            var event: AppEvent?
            var redraw = collectSave()
            // Only keys that move through the first screen are answered before the network's
            // interactions are read; any other input waits for them (about 50 ms after the first
            // screen at 10,000 contacts, half a second at 100,000).
            switch input {
            case .key(let k): redraw = try attachHistory(wait: !state.answersBeforeHistory(k)) || redraw
            case .mouse: redraw = try attachHistory(wait: true) || redraw
            default: redraw = try attachHistory(wait: false) || redraw
            }
            switch input {
            case .key(let k): event = .key(k); instantErrors = 0
            case .resize:
                let s = screen.size
                screen.invalidate()
                event = .resize(width: s.width, height: s.height)
            case .mouse(let x, let y, let kind):
                switch kind {
                case 1: event = .click(x: x, y: y, double: false)
                case 2: event = .click(x: x, y: y, double: true)
                case 3: event = .wheel(x: x, y: y, down: false)
                case 4: event = .wheel(x: x, y: y, down: true)
                default: break
                }
            case .timeout:
                // A read that fails at once, again and again, means the terminal is gone.
                if Date.timeIntervalSinceReferenceDate - started < 0.005 {
                    instantErrors += 1
                    if instantErrors > 200 { saveBeforeExit(); return 129 }
                } else {
                    instantErrors = 0
                }
            case .unknown: break
            }
            if let made = deriving?.take() {
                switch made {
                case .success(.contacts(let index)): state.adopt(index)
                case .success(.queue(let index)): state.adopt(index)
                case .success(.insights(let insights)): state.adopt(insights)
                case .failure: break
                }
                deriving = nil
            }
            deriveIfChanged()
            if let event {
                if case .key(let k) = event, k != .char("q") { quitDespiteUnsaved = false }
                let effects = reduce(&state, event)
                redraw = true
                var pending = effects
                while !pending.isEmpty {
                    let effect = pending.removeFirst()
                    switch effect {
                    case .editNotes(let id):
                        let (text, error) = NotesEditor.edit(state.network.contact(id)?.notes ?? "", screen: screen, environment: environment)
                        pending += state.finishEditingNotes(id, text: text, error: error)
                    case .save: startSave()
                    case .quit:
                        saveBeforeExit()
                        if state.document.unsaved.isEmpty {
                            storeFramesForTheNextLaunch()
                            return 0
                        }
                        // Never drop a change silently: the first q says so, a second one quits.
                        if quitDespiteUnsaved { return 1 }
                        quitDespiteUnsaved = true
                        let n = state.document.unsaved.count
                        state.message = StatusMessage("q again quits and loses \(n) unsaved change\(n == 1 ? "" : "s") — "
                            + (state.message?.text ?? "Not saved"), isError: true)
                    }
                }
            }
            let now = Date.timeIntervalSinceReferenceDate
            // A save that failed (disk full, permissions) is retried every 2 s until it works.
            if saving == nil, !state.document.unsaved.isEmpty, now - lastRetry >= 2 {
                lastRetry = now
                startSave()
            }
            // Someone else (`kith log` in another shell) may have changed the file. Not while
            // our own write runs: it would look like someone else's.
            if saving == nil, now - lastFileCheck >= 1 {
                lastFileCheck = now
                if (try? state.document.reloadIfChanged()) == true {
                    framesMayBeStale = true
                    state.refresh()
                    state.message = StatusMessage("The file changed on disk; reloaded")
                    redraw = true
                }
            }
            // (Asked while idle: a key press need not wait on the clock.)
            if case .timeout = input, let day = today?(), day != state.today {
                _ = reduce(&state, .day(day))
                firstFrames?.today = day
                framesMayBeStale = true
                redraw = true
            }
            keepFramesCurrent()
            if redraw { screen.draw(render(state)) }
        }
    }

    /// Saves now; a failure is shown in the status line and the change stays in memory, retried
    /// with the next save.
    static func save(_ state: inout AppState) {
        do {
            if try state.document.save(today: state.today) == .savedAfterMerge { state.refresh() }
        } catch {
            state.message = StatusMessage("Not saved: \(error) — your change is kept and will be retried", isError: true)
        }
    }
}

/// One of the things the dashboard's second thread makes after the history is read.
private enum Derived: Sendable {
    case contacts(SearchIndex)
    case queue(AppState.QueueIndex)
    case insights(AppState.MadeInsights)
}
