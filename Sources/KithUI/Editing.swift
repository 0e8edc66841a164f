import Foundation
import KithCore

/// Filtering, sorting, the add/edit/log/follow-up forms, deleting with a question, notes in an
/// editor: the dashboard as a daily tool.
extension AppState {
    // MARK: filter and sort

    mutating func startFilter() {
        filterEditing = focus
        message = nil
    }

    /// Keys while a filter is typed: every keystroke filters again.
    mutating func filterKey(_ key: Key) -> [Effect] {
        guard let pane = filterEditing else { return [] }
        var text = filters[pane] ?? ""
        switch key {
        case .escape:
            filters[pane] = nil
            filterEditing = nil
        case .enter:
            filterEditing = nil
            if text.isEmpty { filters[pane] = nil }
        case .backspace:
            if !text.isEmpty { text.removeLast() }
            filters[pane] = text
        case .ctrl("u"):
            filters[pane] = ""
        case .char(let c):
            text.append(c)
            filters[pane] = text
        case .down, .up, .tab:
            filterEditing = nil
            return reduce(&self, .key(key))
        default:
            return []
        }
        selection[pane] = 0
        scroll[pane] = 0
        switch pane {
        case .contacts: refreshContacts()
        case .events: refreshEvents()
        case .nurture: refreshQueue()
        }
        return []
    }

    mutating func cycleSort() {
        contactSort = contactSort.next
        refreshContacts()
        message = StatusMessage("Contacts sorted by \(contactSort.rawValue)")
    }

    // MARK: forms

    static func list(_ xs: [String]) -> String { xs.joined(separator: ", ") }
    static func split(_ s: String) -> [String] {
        s.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
    static func optional(_ s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespaces)
        return t.isEmpty ? nil : t
    }

    mutating func openContactForm(_ existing: Contact?) {
        let c = existing
        present(FormState(title: c.map { "Edit \($0.name)" } ?? "Add a contact", purpose: .contact(c?.id), fields: [
            FormField("Name", text: c?.name ?? "", hint: "full name (required)"),
            FormField("Company", text: c?.company ?? ""),
            FormField("Role", text: c?.role ?? ""),
            FormField("Field", text: c?.field ?? "", hint: "their field of work: sales, design, law …"),
            FormField("Circle", text: c?.circle?.rawValue ?? "", hint: "inner, close, wider or acquaintance"),
            FormField("Tags", text: Self.list(c?.tags ?? []), hint: "comma-separated"),
            FormField("Emails", text: Self.list(c?.emails ?? []), hint: "comma-separated"),
            FormField("Phones", text: Self.list(c?.phones ?? []), hint: "comma-separated"),
            FormField("Birthday", text: c?.birthday?.description ?? "", hint: "YYYY-MM-DD or --MM-DD"),
            FormField("Cadence", text: c?.cadence.map(String.init) ?? "", hint: "days between touches; empty: the circle's"),
            FormField("Needs", text: c?.needs ?? "", hint: "what they could benefit from"),
            FormField("Offers", text: c?.offers ?? ""),
            FormField("Notes", text: c?.notes ?? "", hint: "E in the dashboard edits long notes in your editor"),
        ]))
    }

    mutating func openEventForm(_ existing: Event?) {
        let e = existing
        present(FormState(title: e.map { "Edit \($0.title)" } ?? "Add an event", purpose: .event(e?.id), fields: [
            FormField("Title", text: e?.title ?? "", hint: "required"),
            FormField("Date", text: e?.date.iso ?? "", hint: "YYYY-MM-DD, tomorrow, +3d, friday …"),
            FormField("Time", text: e?.timeText ?? "", hint: "HH:MM"),
            FormField("Location", text: e?.location ?? ""),
            FormField("Field", text: e?.field ?? "", hint: "the field it gathers"),
            FormField("Tags", text: Self.list(e?.tags ?? []), hint: "comma-separated"),
            FormField("Status", text: e?.status.rawValue ?? "considering", hint: "considering, going, attended or skipped"),
        ]))
    }

    mutating func openLogForm(_ c: Contact) {
        present(FormState(title: "Log a touch with \(c.name)", purpose: .log(c.id), fields: [
            FormField("Date", text: "today", hint: "today, yesterday, -3d, YYYY-MM-DD"),
            FormField("Kind", text: "message", hint: "call, meeting, email, message or event"),
            FormField("Who gave", text: "none", hint: "gave, received, mutual or none"),
            FormField("Note", hint: "what happened"),
        ]))
    }

    mutating func openFollowUpForm(_ c: Contact) {
        present(FormState(title: "Follow up with \(c.name)", purpose: .followUp(c.id), fields: [
            FormField("Due", text: "+3d", hint: "a day: friday, +1w, YYYY-MM-DD"),
            FormField("Note", hint: "what to do (required)"),
        ]))
    }

    /// The contact an action is about: the selected one, or the one on the detail screen.
    var actionContact: Contact? {
        if case .detail(let id) = screen { return network.contact(id) }
        return selectedContact
    }

    mutating func performEditing(_ action: Action) -> [Effect] {
        switch action {
        case .filter: startFilter()
        case .sort: cycleSort()
        case .add:
            if focus == .events { openEventForm(nil) } else { openContactForm(nil) }
        case .edit:
            if screen == .dashboard, focus == .events {
                guard let e = selectedEvent else { message = StatusMessage("No event selected"); return [] }
                openEventForm(e)
            } else {
                guard let c = actionContact else { message = StatusMessage("Select a contact to edit"); return [] }
                openContactForm(c)
            }
        case .logTouch:
            guard let c = actionContact else { message = StatusMessage("Select a contact to log a touch with"); return [] }
            openLogForm(c)
        case .addFollowUp:
            guard let c = actionContact else { message = StatusMessage("Select a contact to follow up with"); return [] }
            openFollowUpForm(c)
        case .editNotes:
            guard let c = actionContact else { message = StatusMessage("Select a contact whose notes to edit"); return [] }
            return [.editNotes(c.id)]
        case .delete:
            askToDelete()
        default:
            break
        }
        return []
    }

    mutating func submitEditForm() -> [Effect] {
        guard var f = form else { return [] }
        func fail(_ message: String, field: String) -> [Effect] {
            f.error = message
            f.focus = f.fields.firstIndex { $0.label == field } ?? f.focus
            form = f
            return []
        }
        func day(_ label: String) throws -> Day { try DateInput.parse(f[label], today: today) }
        let change: Change
        let label: String
        switch f.purpose {
        case .contact(let id):
            let name = f["Name"].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else { return fail("The name is empty", field: "Name") }
            var circle: Circle?
            if let raw = Self.optional(f["Circle"]) {
                guard let c = Circle.allCases.first(where: { $0.rawValue.hasPrefix(raw.lowercased()) }) else {
                    return fail("\"\(raw)\" is not a circle: inner, close, wider or acquaintance", field: "Circle")
                }
                circle = c
            }
            var birthday: Birthday?
            if let raw = Self.optional(f["Birthday"]) {
                guard let b = Birthday(text: raw) else { return fail("\"\(raw)\" is not a birthday: YYYY-MM-DD or --MM-DD", field: "Birthday") }
                birthday = b
            }
            var cadence: Int?
            if let raw = Self.optional(f["Cadence"]) {
                guard let n = Int(raw), n > 0 else { return fail("The cadence is a positive number of days", field: "Cadence") }
                cadence = n
            }
            // Found in the order by name the network keeps (copying each contact out and folding
            // both names took 30 ms of the Enter at 100,000 contacts).
            let n = network
            let twin = n.positions(withNameKey: Fold.key(name)).first { n.contacts.id(at: $0) != id }.map { n.contacts[$0] }
            if let twin, !f.warned {
                f.warned = true
                return fail("\(twin.name) already exists — Enter again to save anyway", field: "Name")
            }
            var c = id.flatMap { network.contact($0) } ?? Contact(name: name, created: today)
            c.name = name
            c.company = Self.optional(f["Company"])
            c.role = Self.optional(f["Role"])
            c.field = network.canonicalField(f["Field"])
            c.circle = circle
            c.tags = Self.split(f["Tags"])
            c.emails = Self.split(f["Emails"])
            c.phones = Self.split(f["Phones"])
            c.birthday = birthday
            c.cadence = cadence
            c.needs = Self.optional(f["Needs"])
            c.offers = Self.optional(f["Offers"])
            c.notes = Self.optional(f["Notes"])
            change = id == nil ? .addContact(c) : .updateContact(c)
            label = (id == nil ? "add " : "edit ") + name
        case .event(let id):
            let title = f["Title"].trimmingCharacters(in: .whitespaces)
            guard !title.isEmpty else { return fail("The title is empty", field: "Title") }
            let date: Day
            do { date = try day("Date") } catch { return fail("\(error)", field: "Date") }
            var time: Int?
            if let raw = Self.optional(f["Time"]) {
                do { time = try DateInput.parseTime(raw) } catch { return fail("\(error)", field: "Time") }
            }
            guard let status = EventStatus.allCases.first(where: { $0.rawValue.hasPrefix(f["Status"].lowercased().trimmingCharacters(in: .whitespaces)) }),
                  !f["Status"].trimmingCharacters(in: .whitespaces).isEmpty else {
                return fail("The status is considering, going, attended or skipped", field: "Status")
            }
            var e = id.flatMap { network.event($0) } ?? Event(title: title, date: date)
            e.title = title
            e.date = date
            e.time = time
            e.location = Self.optional(f["Location"])
            e.field = network.canonicalField(f["Field"])
            e.tags = Self.split(f["Tags"])
            e.status = status
            change = id == nil ? .addEvent(e) : .updateEvent(e)
            label = (id == nil ? "add " : "edit ") + title
        case .log(let contactID):
            let date: Day
            do { date = try day("Date") } catch { return fail("\(error)", field: "Date") }
            guard date <= today else { return fail("\(date.iso) is in the future: log a touch once it happened", field: "Date") }
            guard let kind = InteractionKind.allCases.first(where: { $0.rawValue.hasPrefix(f["Kind"].lowercased().trimmingCharacters(in: .whitespaces)) }) else {
                return fail("The kind is call, meeting, email, message or event", field: "Kind")
            }
            guard let exchange = Exchange.allCases.first(where: { $0.rawValue.hasPrefix(f["Who gave"].lowercased().trimmingCharacters(in: .whitespaces)) }) else {
                return fail("Who gave is gave, received, mutual or none", field: "Who gave")
            }
            change = .addInteraction(Interaction(contacts: [contactID], date: date, kind: kind, note: Self.optional(f["Note"]), exchange: exchange))
            label = "touch with \(network.contact(contactID)?.name ?? "")"
        case .followUp(let contactID):
            let due: Day
            do { due = try day("Due") } catch { return fail("\(error)", field: "Due") }
            guard let note = Self.optional(f["Note"]) else { return fail("The note is empty", field: "Note") }
            change = .addFollowUp(FollowUp(contact: contactID, due: due, note: note))
            label = "follow-up with \(network.contact(contactID)?.name ?? "")"
        case .whoIMet:
            return []
        }
        let effects = commit(change, label: label)
        guard !effects.isEmpty else { return [] }
        screen = f.returnTo
        form = nil
        message = StatusMessage("Saved: \(label)")
        // Put the cursor on what was added or edited (found by id alone: copying each contact
        // out on the way took 48 ms at 100,000 contacts).
        let contacts = network.contacts
        if case .addContact(let c) = change, let i = contactOrder.firstIndex(where: { contacts.id(at: $0) == c.id }) {
            focus = .contacts; selection[.contacts] = i; keepVisible(.contacts)
        }
        return effects
    }

    // MARK: delete

    mutating func askToDelete() {
        switch focus {
        case .contacts where screen == .dashboard:
            guard let c = selectedContact else { return }
            let touches = network.interactions(with: c.id).count, follow = network.followUps(for: c.id).count
            confirmation = Confirmation(
                question: "Delete \(c.name) with \(touches) interaction\(touches == 1 ? "" : "s") and \(follow) follow-up\(follow == 1 ? "" : "s")? y/n",
                change: .deleteContact(c.id), label: "delete \(c.name)")
        case .events:
            guard let e = selectedEvent else { return }
            let follow = network.followUps.filter { $0.event == e.id }
            let contacts = network.contacts
            let metHere = contacts.indices.filter { contacts.metAt(at: $0) == e.id }.map { contacts[$0] }
            var changes: [Change] = follow.map { .deleteFollowUp($0.id) }
            changes += metHere.map { var c = $0; c.metAt = nil; return .updateContact(c) }
            changes.append(.deleteEvent(e.id))
            confirmation = Confirmation(question: "Delete \(e.title) (\(e.date.iso)) with \(follow.count) follow-up\(follow.count == 1 ? "" : "s")? y/n",
                                        change: .batch(changes), label: "delete \(e.title)")
        case .nurture:
            guard !queue.isEmpty else { return }
            let item = queue[selected(.nurture)]
            guard item.kind == .followUp else {
                message = StatusMessage("Only follow-ups are deleted here; d marks an item done, s in the review snoozes it")
                return
            }
            confirmation = Confirmation(question: "Delete the follow-up \"\(item.title)\"? y/n", change: .deleteFollowUp(item.subject),
                                        label: "delete follow-up \(item.title)")
        default:
            break
        }
    }

    mutating func confirmationKey(_ key: Key) -> [Effect] {
        guard let c = confirmation else { return [] }
        confirmation = nil
        guard key == .char("y") || key == .char("Y") else { message = StatusMessage("Not deleted"); return [] }
        let effects = commit(c.change, label: c.label)
        if !effects.isEmpty { message = StatusMessage("Deleted — u brings it back") }
        return effects
    }

    // MARK: notes in an editor

    /// Called by the runtime with the text the editor left (nil when it failed or was cancelled).
    public mutating func finishEditingNotes(_ id: UUID, text: String?, error: String? = nil) -> [Effect] {
        if let error { message = StatusMessage(error, isError: true); return [] }
        guard var c = network.contact(id), let text else { return [] }
        var notes = text
        while notes.hasSuffix("\n") { notes.removeLast() }
        guard notes != (c.notes ?? "") else { message = StatusMessage("Notes unchanged"); return [] }
        c.notes = notes.isEmpty ? nil : notes
        let effects = commit(.updateContact(c), label: "notes of \(c.name)")
        if !effects.isEmpty { message = StatusMessage("Saved the notes of \(c.name)") }
        return effects
    }
}
