import KithCore

/// What happened to an item in the weekly review.
public enum ReviewOutcome: Equatable, Sendable {
    case done, logged, snoozed, skipped
}

/// A question the review is asking, typed into the prompt line.
public enum ReviewPrompt: Equatable, Sendable {
    /// Logging a touch: who gave (Tab cycles) and an optional note. `completes` for `d`.
    case touch(completes: Bool, exchange: Exchange, note: String)
    /// Snoozing until a typed day; `error` says why the last try was refused.
    case snoozeUntil(text: String, error: String?)
}

/// The Monday ritual: this week's queue, one item at a time.
public struct ReviewState: Equatable, Sendable {
    /// The queue as it was when the review started. (Its items are made as they are read: at
    /// 100,000 contacts, making the week's 18,000 at once took 23 ms of the review's first key.)
    public var items: NurtureQueue
    public var index = 0
    public var outcomes: [ReviewOutcome?]
    public var prompt: ReviewPrompt?
    public var finished = false

    public init(items: NurtureQueue) {
        self.items = items
        outcomes = Array(repeating: nil, count: items.count)
    }

    public var current: NurtureItem? { index < items.count ? items[index] : nil }

    public func count(_ o: ReviewOutcome) -> Int { outcomes.filter { $0 == o }.count }

    /// "3 done, 1 logged, 2 snoozed, 5 skipped".
    public var summary: String {
        let skipped = outcomes.filter { $0 == nil || $0 == .skipped }.count
        return "\(count(.done)) done, \(count(.logged)) logged, \(count(.snoozed)) snoozed, \(skipped) skipped"
    }
}

extension AppState {
    /// Applies a change through the document, records its undo, refreshes. Returns the save effect.
    mutating func commit(_ change: Change, label: String, reviewIndex: Int? = nil) -> [Effect] {
        do {
            let undo = try applyAlone(change)
            undoStack.append(UndoEntry(change: undo, label: label, reviewIndex: reviewIndex))
            redoStack.removeAll()
        } catch {
            message = StatusMessage("Not changed: \(error)", isError: true)
            return []
        }
        refresh()
        return [.save]
    }

    mutating func undo() -> [Effect] {
        guard let entry = undoStack.popLast() else { message = StatusMessage("Nothing to undo"); return [] }
        do {
            let redo = try applyAlone(entry.change)
            redoStack.append(UndoEntry(change: redo, label: entry.label, reviewIndex: entry.reviewIndex))
        } catch {
            message = StatusMessage("Cannot undo \(entry.label): \(error)", isError: true)
            return []
        }
        if screen == .review, let i = entry.reviewIndex, var r = review, i < r.items.count {
            r.outcomes[i] = nil
            r.index = i
            r.finished = false
            r.prompt = nil
            review = r
        }
        refresh()
        message = StatusMessage("Undone: \(entry.label)")
        return [.save]
    }

    mutating func redo() -> [Effect] {
        guard let entry = redoStack.popLast() else { message = StatusMessage("Nothing to redo"); return [] }
        do {
            let undo = try applyAlone(entry.change)
            undoStack.append(UndoEntry(change: undo, label: entry.label, reviewIndex: nil))
        } catch {
            message = StatusMessage("Cannot redo \(entry.label): \(error)", isError: true)
            return []
        }
        refresh()
        message = StatusMessage("Redone: \(entry.label)")
        return [.save]
    }

    mutating func startReview() {
        guard !queue.isEmpty else { message = StatusMessage("Nothing to review this week"); return }
        review = ReviewState(items: queue)
        screen = .review
        message = nil
    }

    /// Keys while the review asks something: text goes into the prompt.
    mutating func reviewPromptKey(_ key: Key) -> [Effect] {
        guard var r = review, let prompt = r.prompt else { return [] }
        switch (prompt, key) {
        case (_, .escape):
            r.prompt = nil
            review = r
            return []
        case (.touch(let completes, let exchange, let note), .tab):
            let order: [Exchange] = [.none, .gave, .received, .mutual]
            let next = order[(order.firstIndex(of: exchange)! + 1) % order.count]
            r.prompt = .touch(completes: completes, exchange: next, note: note)
        case (.touch(let completes, let exchange, let note), .enter):
            r.prompt = nil
            review = r
            return finishTouch(completes: completes, exchange: exchange, note: note)
        case (.snoozeUntil(let text, _), .enter):
            do {
                let day = try DateInput.parse(text, today: today)
                r.prompt = nil
                review = r
                return snoozeCurrent(until: day)
            } catch {
                r.prompt = .snoozeUntil(text: text, error: "\(error)")
            }
        case (_, .backspace):
            r.prompt = prompt.editingText { if !$0.isEmpty { $0.removeLast() } }
        case (_, .char(let c)):
            r.prompt = prompt.editingText { $0.append(c) }
        default:
            break
        }
        review = r
        return []
    }

    mutating func performReview(_ action: Action) -> [Effect] {
        guard var r = review else { screen = .dashboard; return [] }
        message = nil
        if r.finished {
            // The summary: any way out returns to the dashboard.
            if action == .reviewEnd || action == .reviewNext { review = nil; screen = .dashboard }
            if action == .undo { return undo() }
            return []
        }
        guard let item = r.current else { r.finished = true; review = r; return [] }
        switch action {
        case .reviewDone:
            if item.kind == .keepInTouch || item.kind == .birthday {
                r.prompt = .touch(completes: true, exchange: item.kind == .birthday ? .gave : .none, note: "")
                review = r
                return []
            }
            do {
                guard let change = try network.completion(of: item, today: today) else {
                    message = StatusMessage("Already going to it")
                    return advance(with: .done)
                }
                let effects = commit(change, label: "done: \(item.title)", reviewIndex: r.index)
                return effects.isEmpty ? [] : effects + advance(with: .done)
            } catch {
                message = StatusMessage("\(error)", isError: true)
                return []
            }
        case .reviewLog:
            guard item.contact != nil else { message = StatusMessage("This item is not about a contact"); return [] }
            r.prompt = .touch(completes: false, exchange: .none, note: "")
            review = r
        case .reviewSnooze:
            return snoozeCurrent(until: today + 7)
        case .reviewSnoozeUntil:
            guard item.kind == .followUp || item.kind == .keepInTouch else {
                message = StatusMessage(NurtureError.cannotSnooze(item.kind).description)
                return []
            }
            r.prompt = .snoozeUntil(text: "", error: nil)
            review = r
        case .reviewNext:
            return advance(with: .skipped)
        case .reviewBack:
            r.index = max(0, r.index - 1)
            review = r
        case .reviewEnd:
            r.finished = true
            review = r
        case .undo:
            return undo()
        case .help:
            screen = .help(over: .review)
        default:
            break
        }
        return []
    }

    /// Records the current item's outcome (keeping a real one over "skipped") and moves on.
    mutating func advance(with outcome: ReviewOutcome) -> [Effect] {
        guard var r = review else { return [] }
        if outcome != .skipped || r.outcomes[r.index] == nil { r.outcomes[r.index] = outcome }
        r.index += 1
        if r.index >= r.items.count { r.finished = true; r.index = r.items.count }
        review = r
        return []
    }

    mutating func finishTouch(completes: Bool, exchange: Exchange, note: String) -> [Effect] {
        guard let r = review, let item = r.current else { return [] }
        do {
            let change = completes
                ? try network.completion(of: item, today: today, exchange: exchange, note: note)
                : try network.touch(for: item, today: today, exchange: exchange, note: note)
            guard let change else { return advance(with: .done) }
            let name = item.contactName ?? item.title
            let effects = commit(change, label: (completes ? "done: " : "touch with ") + name, reviewIndex: r.index)
            guard !effects.isEmpty else { return [] }
            message = StatusMessage("Logged a touch with \(name)" + (exchange == .none ? "" : " (\(exchange.rawValue))"))
            return effects + advance(with: completes ? .done : .logged)
        } catch {
            message = StatusMessage("\(error)", isError: true)
            return []
        }
    }

    mutating func snoozeCurrent(until day: Day) -> [Effect] {
        guard let r = review, let item = r.current else { return [] }
        do {
            let change = try network.snooze(item, until: day, today: today)
            let effects = commit(change, label: "snooze: \(item.title)", reviewIndex: r.index)
            guard !effects.isEmpty else { return [] }
            message = StatusMessage("Snoozed until \(day.short)")
            return effects + advance(with: .snoozed)
        } catch {
            message = StatusMessage("\(error)", isError: true)
            return []
        }
    }
}

extension ReviewPrompt {
    func editingText(_ edit: (inout String) -> Void) -> ReviewPrompt {
        switch self {
        case .touch(let c, let e, var note): edit(&note); return .touch(completes: c, exchange: e, note: note)
        case .snoozeUntil(var text, _): edit(&text); return .snoozeUntil(text: text, error: nil)
        }
    }
}
