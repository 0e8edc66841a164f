import KithCore

/// Applies an event to the state and says what the runtime must do next. Synchronous, no I/O.
public func reduce(_ state: inout AppState, _ event: AppEvent) -> [Effect] {
    switch event {
    case .resize(let w, let h):
        state.width = max(0, w)
        state.height = max(0, h)
        for pane in Pane.allCases { state.keepVisible(pane) }
        return []
    case .day(let day):
        // What is due, the events ahead and every age shown count from today.
        guard day != state.today else { return [] }
        state.today = day
        state.refresh()
        return []
    case .click(let x, let y, let double):
        return state.click(x: x, y: y, double: double)
    case .wheel(let x, let y, let down):
        if state.screen == .dashboard, let pane = state.pane(atX: x, y: y) {
            state.focus = pane
            state.move(pane, by: down ? 3 : -3)
        } else {
            state.pageScroll = max(0, state.pageScroll + (down ? 3 : -3))
        }
        return []
    case .key(let key):
        if state.screen == .review, state.review?.prompt != nil { return state.reviewPromptKey(key) }
        if state.screen == .form { return state.formKey(key) }
        if state.confirmation != nil { return state.confirmationKey(key) }
        if state.filterEditing != nil, state.screen == .dashboard { return state.filterKey(key) }
        guard let action = state.keymap.action(for: key, on: state.screen.keymapScreen) else {
            if state.screen == .dashboard { state.message = StatusMessage("\(key.description): no such key here — ? shows the keys") }
            return []
        }
        return state.perform(action)
    }
}

extension AppState {
    /// The actions that only move through a screen, on the dashboard and its help.
    private static let moves: Set<Action> = [.moveDown, .moveUp, .pageDown, .pageUp, .top, .bottom, .focusNext, .focusPrevious, .help, .back]

    /// Whether `key` only moves through what the first screen already shows (rows, panes, the
    /// help), so that the runtime may answer it before the network's interactions are read; every
    /// other key (opening, editing, filtering, quitting) waits for them.
    public func answersBeforeHistory(_ key: Key) -> Bool {
        guard review == nil, form == nil, confirmation == nil, filterEditing == nil else { return false }
        switch screen {
        case .dashboard, .help(over: .dashboard):
            return keymap.action(for: key, on: screen.keymapScreen).map(Self.moves.contains) ?? false
        default:
            return false
        }
    }

    mutating func perform(_ action: Action) -> [Effect] {
        if case .dashboard = screen { message = message?.isError == true ? message : nil }
        switch (screen, action) {
        case (_, .quit):
            return [.quit]
        case (.help, .back):
            if case .help(let under) = screen { screen = under }
            pageScroll = 0
        case (.review, _):
            return performReview(action)
        case (.insights, _):
            return performInsights(action)
        case (.form, _):
            return []
        case (.detail, .edit), (.detail, .logTouch), (.detail, .addFollowUp), (.detail, .editNotes):
            return performEditing(action)
        case (.help, _), (.detail, _):
            switch action {
            case .moveDown: pageScroll += 1
            case .moveUp: pageScroll = max(0, pageScroll - 1)
            case .pageDown: pageScroll += max(1, height - 4)
            case .pageUp: pageScroll = max(0, pageScroll - max(1, height - 4))
            case .top: pageScroll = 0
            case .bottom: pageScroll = Int.max / 4
            case .back: screen = .dashboard; pageScroll = 0
            case .help: screen = .help(over: screen); pageScroll = 0
            default: break
            }
        case (.dashboard, .focusNext):
            focus = Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count)!
        case (.dashboard, .focusPrevious):
            focus = Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count)!
        case (.dashboard, .moveDown): move(focus, by: 1)
        case (.dashboard, .moveUp): move(focus, by: -1)
        case (.dashboard, .pageDown): move(focus, by: pageSize(focus))
        case (.dashboard, .pageUp): move(focus, by: -pageSize(focus))
        case (.dashboard, .top): move(focus, by: -Int.max / 4)
        case (.dashboard, .bottom): move(focus, by: Int.max / 4)
        case (.dashboard, .open):
            if let c = selectedContact { screen = .detail(c.id); pageScroll = 0 }
            else if focus == .events { message = StatusMessage("Events have no detail screen yet") }
        case (.dashboard, .markDone):
            return markDone()
        case (.dashboard, .startReview):
            startReview()
        case (.dashboard, .undo):
            return undo()
        case (.dashboard, .redo):
            return redo()
        case (.dashboard, .togglePastEvents):
            showPastEvents.toggle()
            selection[.events] = 0
            scroll[.events] = 0
            refresh()
            focus = .events
        case (.dashboard, .cycleEventStatus):
            return cycleEventStatus()
        case (.dashboard, .whoIMet):
            startWhoIMet()
        case (.dashboard, .insights):
            screen = .insights
            pageScroll = 0
            keepInsightsCurrent()
        case (.dashboard, .filter), (.dashboard, .sort), (.dashboard, .add), (.dashboard, .edit), (.dashboard, .logTouch),
             (.dashboard, .addFollowUp), (.dashboard, .editNotes), (.dashboard, .delete):
            return performEditing(action)
        case (.dashboard, .help):
            screen = .help(over: .dashboard); pageScroll = 0
        case (.dashboard, _):
            break
        }
        return []
    }

    /// `s` in the events pane: considering → going → attended → skipped → considering.
    mutating func cycleEventStatus() -> [Effect] {
        guard focus == .events, var e = selectedEvent else {
            message = StatusMessage("s changes an event's status: select one in the events pane")
            return []
        }
        let order = EventStatus.allCases
        e.status = order[(order.firstIndex(of: e.status)! + 1) % order.count]
        let id = e.id
        let effects = commit(.updateEvent(e), label: "\(e.title): \(e.status.rawValue)")
        if let i = eventRows.firstIndex(where: { $0.event?.id == id }) { selection[.events] = i }
        message = StatusMessage("\(e.title): \(e.status.rawValue)")
        return effects
    }

    mutating func performInsights(_ action: Action) -> [Effect] {
        keepInsightsCurrent()
        let fields = insights.fields
        switch action {
        case .moveDown: insightsField = min(insightsField + 1, max(0, fields.count - 1))
        case .moveUp: insightsField = max(0, insightsField - 1)
        case .top: insightsField = 0
        case .bottom: insightsField = max(0, fields.count - 1)
        case .pageDown: pageScroll += max(1, height - 4)
        case .pageUp: pageScroll = max(0, pageScroll - max(1, height - 4))
        case .markMyField:
            guard insightsField < fields.count else { return [] }
            var s = network.settings
            s.myField = fields[insightsField].field
            message = StatusMessage("Your field is now \(fields[insightsField].field)")
            let effects = commit(.setSettings(s), label: "my field: \(fields[insightsField].field)")
            keepInsightsCurrent()
            return effects
        case .back: screen = .dashboard; pageScroll = 0
        case .help: screen = .help(over: .insights)
        default: break
        }
        if [.moveDown, .moveUp, .top, .bottom].contains(action) {
            // Keep the selected field's line (one below the heading) in view.
            let line = insightsField + 1, rows = max(1, height - 3)
            if line < pageScroll { pageScroll = line == 1 ? 0 : line }
            if line >= pageScroll + rows { pageScroll = line - rows + 1 }
        }
        return []
    }

    func pageSize(_ pane: Pane) -> Int {
        DashboardLayout.make(width: width, height: height)?.visibleRows(pane) ?? 1
    }

    mutating func move(_ pane: Pane, by delta: Int) {
        let n = rowCount(pane)
        guard n > 0 else { return }
        let current = selected(pane)
        var target = min(max(0, current.addingReportingOverflow(delta).partialValue), n - 1)
        // Skip week headings in the direction of travel.
        if pane == .events {
            let step = delta >= 0 ? 1 : -1
            while target >= 0, target < n, eventRows[target].event == nil { target += step }
            if target < 0 || target >= n { target = current }
        }
        selection[pane] = target
        clampSelection(pane)
        keepVisible(pane)
        // Keep an event's week heading in view when the event is the top row.
        if pane == .events, let top = scroll[pane], top == selected(pane), top > 0, eventRows[top - 1].event == nil {
            scroll[pane] = top - 1
        }
    }

    /// Scrolls a pane as little as needed to keep its selection in view.
    mutating func keepVisible(_ pane: Pane) {
        let rows = pageSize(pane)
        var top = scroll[pane] ?? 0
        let sel = selected(pane)
        if sel < top { top = sel }
        if sel >= top + rows { top = sel - rows + 1 }
        top = max(0, min(top, max(0, rowCount(pane) - rows)))
        scroll[pane] = top
    }

    func pane(atX x: Int, y: Int) -> Pane? {
        guard let layout = DashboardLayout.make(width: width, height: height) else { return nil }
        return Pane.allCases.first { p in
            let r = layout.rect(p)
            return x >= r.x && x < r.maxX && y >= r.y && y < r.maxY
        }
    }

    mutating func click(x: Int, y: Int, double: Bool) -> [Effect] {
        guard screen == .dashboard, let pane = pane(atX: x, y: y),
              let layout = DashboardLayout.make(width: width, height: height) else { return [] }
        focus = pane
        let row = y - layout.rect(pane).y - 1
        if row >= 0, row < layout.visibleRows(pane) {
            let index = (scroll[pane] ?? 0) + row
            if index < rowCount(pane) { selection[pane] = index }
            if double { return perform(.open) }
        }
        return []
    }

    /// `d` on a Nurture item: a follow-up is completed, a keep-in-touch or birthday item logs a
    /// touch dated today, an event under consideration becomes "going" (KithCore decides).
    mutating func markDone() -> [Effect] {
        guard focus == .nurture else {
            message = StatusMessage("d marks a Nurture item done: Tab to the Nurture pane first")
            return []
        }
        guard !queue.isEmpty else { message = StatusMessage("Nothing to do this week"); return [] }
        let item = queue[selected(.nurture)]
        do {
            guard let change = try network.completion(of: item, today: today) else {
                message = StatusMessage("You are already going; nothing to mark")
                return []
            }
            let effects = commit(change, label: "done: \(item.title)")
            if !effects.isEmpty {
                message = StatusMessage("Done: \(item.title)" + (item.kind == .followUp ? item.contactName.map { " (\($0))" } ?? "" : ""))
            }
            return effects
        } catch {
            message = StatusMessage("\(error)", isError: true)
            return []
        }
    }
}
