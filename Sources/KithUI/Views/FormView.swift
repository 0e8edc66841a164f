/// A form: labelled fields, the focused one with the cursor, an inline error.
enum FormView {
    static func render(_ state: AppState, into canvas: inout Canvas) {
        guard let f = state.form else { return }
        let frame = Rect(x: 0, y: 0, width: canvas.width, height: canvas.height - 1)
        canvas.box(frame, title: f.title, focused: true)
        let inner = frame.inner
        let labelW = (f.fields.map { TextWidth.of($0.label) }.max() ?? 0) + 2
        // Two rows a field when there is room, else one; a form taller than the screen scrolls
        // to keep the focused field in view (the last rows stay for the error and progress).
        let room = max(1, inner.height - 3)
        let step = f.fields.count * 2 <= room ? 2 : 1
        let fit = max(1, room / step)
        let first = min(max(0, f.focus - fit + 1), max(0, f.fields.count - fit))
        var y = inner.y + (step == 2 ? 1 : 0)
        for (i, field) in f.fields.enumerated() where i >= first && i < first + fit {
            guard y < inner.maxY else { break }
            let focused = i == f.focus
            canvas.text(field.label, x: inner.x + 1, y: y, maxWidth: labelW, role: focused ? .accent : .muted)
            let x = inner.x + 1 + labelW
            let w = max(1, inner.maxX - x - 1)
            canvas.fill(Rect(x: x, y: y, width: w, height: 1), role: focused ? .selectionUnfocused : .normal)
            if field.text.isEmpty {
                canvas.text(field.hint, x: x, y: y, maxWidth: w, role: .muted)
                if focused { canvas.cursor = (x, y) }
            } else {
                // Long text scrolls so that its end (where typing goes) stays visible.
                var shown = Substring(field.text)
                while TextWidth.of(shown) > w - 1, !shown.isEmpty { shown = shown.dropFirst() }
                let used = canvas.text(shown, x: x, y: y, maxWidth: w, role: focused ? .selectionUnfocused : .normal)
                if focused { canvas.cursor = (min(x + used, inner.maxX - 1), y) }
            }
            y += step
        }
        if let error = f.error, y < inner.maxY {
            canvas.text("✗ " + error, x: inner.x + 1, y: y, maxWidth: inner.width - 2, role: .error)
            y += 1
        }
        if !f.done.isEmpty, y + 1 < inner.maxY {
            canvas.text("Recorded: " + f.done.joined(separator: ", "), x: inner.x + 1, y: y + 1, maxWidth: inner.width - 2, role: .accent)
        }
        let status = Rect(x: 0, y: canvas.height - 1, width: canvas.width, height: 1)
        canvas.fill(status, role: .status)
        let text = state.message.map { " " + $0.text } ?? " Tab next field · Enter save · Esc done"
        canvas.text(text, x: 0, y: status.y, maxWidth: status.width, role: state.message?.isError == true ? .error : .status)
    }
}
