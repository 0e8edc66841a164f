/// Where the dashboard's parts go at a given terminal size.
public struct DashboardLayout: Equatable, Sendable {
    public var header: Rect
    public var contacts: Rect
    public var events: Rect
    public var nurture: Rect
    public var status: Rect

    /// Below this the dashboard shows "terminal too small" instead.
    public static let minWidth = 40
    public static let minHeight = 10

    /// The layout, or nil when the terminal is too small for one.
    public static func make(width: Int, height: Int) -> DashboardLayout? {
        guard width >= minWidth, height >= minHeight else { return nil }
        let header = Rect(x: 0, y: 0, width: width, height: 1)
        let status = Rect(x: 0, y: height - 1, width: width, height: 1)
        let bodyY = 1, bodyH = height - 2
        if width >= 120 {
            let cw = width * 3 / 10, ew = (width - cw) / 2
            return DashboardLayout(
                header: header,
                contacts: Rect(x: 0, y: bodyY, width: cw, height: bodyH),
                events: Rect(x: cw, y: bodyY, width: ew, height: bodyH),
                nurture: Rect(x: cw + ew, y: bodyY, width: width - cw - ew, height: bodyH),
                status: status)
        }
        let cw = width / 2
        let eh = max(3, bodyH * 2 / 5)
        return DashboardLayout(
            header: header,
            contacts: Rect(x: 0, y: bodyY, width: cw, height: bodyH),
            events: Rect(x: cw, y: bodyY, width: width - cw, height: eh),
            nurture: Rect(x: cw, y: bodyY + eh, width: width - cw, height: bodyH - eh),
            status: status)
    }

    public func rect(_ pane: Pane) -> Rect {
        switch pane {
        case .contacts: return contacts
        case .events: return events
        case .nurture: return nurture
        }
    }

    /// Rows of a pane's list that fit inside its border.
    public func visibleRows(_ pane: Pane) -> Int { max(1, rect(pane).height - 2) }
}
