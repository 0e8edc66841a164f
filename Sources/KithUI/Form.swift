import Foundation
import KithCore

/// A field of a form: a label, the text typed so far, a hint shown when it is empty.
public struct FormField: Equatable, Sendable {
    public var label: String
    public var text: String
    public var hint: String
    public init(_ label: String, text: String = "", hint: String = "") { self.label = label; self.text = text; self.hint = hint }
}

/// What a form is for; decides what Enter does.
public enum FormPurpose: Equatable, Sendable {
    /// "Who I met" at an event: several people in a row.
    case whoIMet(event: UUID)
    /// Add a contact (nil) or edit one.
    case contact(UUID?)
    /// Add an event (nil) or edit one.
    case event(UUID?)
    /// Log a touch with a contact.
    case log(UUID)
    /// Add a follow-up with a contact.
    case followUp(UUID)
}

/// A small form: labelled fields, Tab between them, an inline error, Enter submits, Esc closes.
public struct FormState: Equatable, Sendable {
    public var title: String
    public var purpose: FormPurpose
    public var fields: [FormField]
    public var focus = 0
    public var error: String?
    /// What was saved so far (for forms that take several entries).
    public var done: [String] = []
    /// The duplicate-name warning was shown; Enter again goes ahead.
    public var warned = false
    /// Where Esc or a save returns to.
    public var returnTo: Screen = .dashboard

    public subscript(label: String) -> String {
        fields.first { $0.label == label }?.text ?? ""
    }

    mutating func clear(keeping labels: Set<String> = []) {
        for i in fields.indices where !labels.contains(fields[i].label) { fields[i].text = "" }
        focus = 0
        error = nil
    }
}

extension AppState {
    /// Opens "who I met" on the selected event: marks it attended and asks for people one by one.
    mutating func startWhoIMet() {
        guard focus == .events, let e = selectedEvent else {
            message = StatusMessage("m records who you met at an event: select one in the events pane (p shows past events)")
            return
        }
        guard e.date <= today else {
            message = StatusMessage("\(e.title) is on \(e.date.short): record who you met once it happened")
            return
        }
        present(FormState(title: "Who I met at \(e.title)", purpose: .whoIMet(event: e.id), fields: [
            FormField("Name", hint: "full name; an existing contact is linked"),
            FormField("Field", hint: "their field of work"),
            FormField("Note", hint: "one line: what you talked about"),
            FormField("Follow up", text: "+2d", hint: "a day (+2d, friday, 2026-12-24) or empty for none"),
        ]))
    }

    /// Shows a form over the current screen.
    mutating func present(_ f: FormState) {
        var f = f
        f.returnTo = screen == .form ? (form?.returnTo ?? .dashboard) : screen
        form = f
        screen = .form
    }

    /// Keys in a form: text goes into the focused field.
    mutating func formKey(_ key: Key) -> [Effect] {
        guard var f = form else { screen = .dashboard; return [] }
        switch key {
        case .escape:
            form = nil
            screen = f.returnTo
            if !f.done.isEmpty { message = StatusMessage("Recorded \(f.done.count): " + f.done.joined(separator: ", ")) }
            return []
        case .tab, .down:
            f.focus = (f.focus + 1) % f.fields.count
        case .backTab, .up:
            f.focus = (f.focus + f.fields.count - 1) % f.fields.count
        case .backspace:
            if !f.fields[f.focus].text.isEmpty { f.fields[f.focus].text.removeLast() }
            f.error = nil
            f.warned = false
        case .ctrl("u"):
            f.fields[f.focus].text = ""
            f.warned = false
        case .char(let c):
            f.fields[f.focus].text.append(c)
            f.error = nil
            f.warned = false
        case .enter:
            form = f
            return submitForm()
        default:
            break
        }
        form = f
        return []
    }

    mutating func submitForm() -> [Effect] {
        guard var f = form else { return [] }
        switch f.purpose {
        case .contact, .event, .log, .followUp:
            return submitEditForm()
        case .whoIMet(let eventID):
            guard let e = network.event(eventID) else { form = nil; screen = .dashboard; return [] }
            let name = f["Name"].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { f.error = "The name is empty"; f.focus = 0; form = f; return [] }
            var due: Day?
            let followText = f["Follow up"].trimmingCharacters(in: .whitespaces)
            if !followText.isEmpty {
                do { due = try DateInput.parse(followText, today: today) } catch {
                    f.error = "\(error)"; f.focus = 3; form = f; return []
                }
            }
            do {
                let change = try network.meet(name: name, at: e, field: f["Field"], note: f["Note"], followUp: due, today: today)
                let effects = commit(change, label: "met \(name) at \(e.title)")
                guard !effects.isEmpty else { return [] }
                f.done.append(name)
                f.clear(keeping: ["Follow up"])
                form = f
                message = StatusMessage("Recorded \(name)" + (due.map { "; follow up by \($0.short)" } ?? "") + " — next person, or Esc to finish")
                return effects
            } catch {
                f.error = "\(error)"
                form = f
                return []
            }
        }
    }
}
