/// What a key does; the keymap maps keys to these per screen.
public enum Action: String, Hashable, Sendable, CaseIterable {
    case moveDown, moveUp, pageDown, pageUp, top, bottom
    case focusNext, focusPrevious
    case open, back
    case markDone
    case help
    case quit
    case undo, redo
    case startReview
    // In the weekly review:
    case reviewDone, reviewLog, reviewSnooze, reviewSnoozeUntil, reviewNext, reviewBack, reviewEnd
    // Events and insights:
    case togglePastEvents, cycleEventStatus, whoIMet, insights, markMyField
    // Editing:
    case filter, sort, add, edit, logTouch, addFollowUp, editNotes, delete
}

/// Which keys do what, per screen. The help screen is generated from it, so help never drifts
/// from behaviour.
public struct Keymap: Sendable {
    public struct Binding: Sendable {
        public var keys: [Key]
        public var action: Action
        public var help: String
    }

    /// The screens that have their own keys.
    public enum Screen: String, Sendable, CaseIterable {
        case dashboard, detail, help, review, form, insights
    }

    public var bindings: [Screen: [Binding]]

    public static let standard: Keymap = {
        let moves: [Binding] = [
            Binding(keys: [.char("j"), .down], action: .moveDown, help: "next row"),
            Binding(keys: [.char("k"), .up], action: .moveUp, help: "previous row"),
            Binding(keys: [.pageDown, .ctrl("f")], action: .pageDown, help: "page down"),
            Binding(keys: [.pageUp, .ctrl("b")], action: .pageUp, help: "page up"),
            Binding(keys: [.char("g"), .home], action: .top, help: "first row"),
            Binding(keys: [.char("G"), .end], action: .bottom, help: "last row"),
        ]
        return Keymap(bindings: [
            .dashboard: [
                Binding(keys: [.tab], action: .focusNext, help: "next pane"),
                Binding(keys: [.backTab], action: .focusPrevious, help: "previous pane"),
            ] + moves + [
                Binding(keys: [.enter], action: .open, help: "open the contact"),
                Binding(keys: [.char("/")], action: .filter, help: "filter as you type; field: tag: circle: status: too"),
                Binding(keys: [.char("o")], action: .sort, help: "contacts: sort by name, last touch or how due"),
                Binding(keys: [.char("a")], action: .add, help: "add a contact or an event (in the focused pane)"),
                Binding(keys: [.char("e")], action: .edit, help: "edit the selected contact or event"),
                Binding(keys: [.char("L")], action: .logTouch, help: "log a touch with the selected contact"),
                Binding(keys: [.char("f")], action: .addFollowUp, help: "add a follow-up with the selected contact"),
                Binding(keys: [.char("E")], action: .editNotes, help: "edit the notes in $VISUAL or $EDITOR"),
                Binding(keys: [.char("x"), .delete], action: .delete, help: "delete the selected contact, event or follow-up"),
                Binding(keys: [.char("d")], action: .markDone, help: "mark the Nurture item done (logs a touch today)"),
                Binding(keys: [.char("w")], action: .startReview, help: "start the weekly review"),
                Binding(keys: [.char("p")], action: .togglePastEvents, help: "events: past events / upcoming events"),
                Binding(keys: [.char("s")], action: .cycleEventStatus, help: "events: status considering/going/attended/skipped"),
                Binding(keys: [.char("m")], action: .whoIMet, help: "events: who I met there (marks it attended)"),
                Binding(keys: [.char("i")], action: .insights, help: "insights: fields, diversity, give/take, circles"),
                Binding(keys: [.char("u")], action: .undo, help: "undo the last change"),
                Binding(keys: [.ctrl("r")], action: .redo, help: "redo what was undone"),
                Binding(keys: [.char("?")], action: .help, help: "show the keys"),
                Binding(keys: [.char("q")], action: .quit, help: "quit"),
            ],
            .form: [
                Binding(keys: [.tab, .down], action: .moveDown, help: "next field"),
                Binding(keys: [.backTab, .up], action: .moveUp, help: "previous field"),
                Binding(keys: [.enter], action: .open, help: "save this entry"),
                Binding(keys: [.ctrl("u")], action: .top, help: "clear the field"),
                Binding(keys: [.escape], action: .back, help: "close the form"),
            ],
            .insights: moves + [
                Binding(keys: [.char("m")], action: .markMyField, help: "mark the selected field as your own"),
                Binding(keys: [.escape, .char("q"), .char("i")], action: .back, help: "back to the dashboard"),
                Binding(keys: [.char("?")], action: .help, help: "show the keys"),
            ],
            .review: [
                Binding(keys: [.char("d")], action: .reviewDone, help: "done: logs a touch (asks who gave) or completes it"),
                Binding(keys: [.char("l")], action: .reviewLog, help: "log a touch with a note, without completing"),
                Binding(keys: [.char("s")], action: .reviewSnooze, help: "snooze a week"),
                Binding(keys: [.char("S")], action: .reviewSnoozeUntil, help: "snooze until a day you type"),
                Binding(keys: [.char("n"), .char("j"), .right, .enter], action: .reviewNext, help: "next item (skips); on the summary, the dashboard"),
                Binding(keys: [.char("b"), .char("k"), .left], action: .reviewBack, help: "back to the previous item"),
                Binding(keys: [.char("u")], action: .undo, help: "undo the last change"),
                Binding(keys: [.escape, .char("q")], action: .reviewEnd, help: "end the review (shows the summary)"),
                Binding(keys: [.char("?")], action: .help, help: "show the keys"),
            ],
            .detail: moves + [
                Binding(keys: [.char("e")], action: .edit, help: "edit this contact"),
                Binding(keys: [.char("L")], action: .logTouch, help: "log a touch"),
                Binding(keys: [.char("f")], action: .addFollowUp, help: "add a follow-up"),
                Binding(keys: [.char("E")], action: .editNotes, help: "edit the notes in $VISUAL or $EDITOR"),
                Binding(keys: [.escape, .char("q"), .left], action: .back, help: "back to the dashboard"),
                Binding(keys: [.char("?")], action: .help, help: "show the keys"),
            ],
            .help: moves + [
                Binding(keys: [.escape, .char("q"), .char("?")], action: .back, help: "close the help"),
            ],
        ])
    }()

    /// Why a key binding from the config file cannot be used.
    public struct BindingError: Error, CustomStringConvertible {
        public var description: String
    }

    /// This keymap with some actions bound to other keys, as the config file asks; a key taken
    /// from another action on the same screen is removed there.
    public func rebinding(_ overrides: [String: [String]]) throws -> Keymap {
        var map = self
        for (name, keyNames) in overrides.sorted(by: { $0.key < $1.key }) {
            guard let action = Action(rawValue: name) else {
                throw BindingError(description: "keys.\(name) is not an action; known: " + Action.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let keys = try keyNames.map { raw -> Key in
                guard let k = Key(name: raw) else { throw BindingError(description: "keys.\(name): \"\(raw)\" is not a key name (a letter, Ctrl-X, Tab, Enter, Esc, Up, PgDn …)") }
                return k
            }
            guard !keys.isEmpty else { throw BindingError(description: "keys.\(name) has no key") }
            for screen in Screen.allCases {
                guard var list = map.bindings[screen], list.contains(where: { $0.action == action }) else { continue }
                for i in list.indices where list[i].action != action { list[i].keys.removeAll { keys.contains($0) } }
                for i in list.indices where list[i].action == action { list[i].keys = keys }
                map.bindings[screen] = list.filter { !$0.keys.isEmpty }
            }
        }
        return map
    }

    /// The action a key has on a screen.
    public func action(for key: Key, on screen: Screen) -> Action? {
        for b in bindings[screen] ?? [] where b.keys.contains(key) { return b.action }
        return nil
    }
}
