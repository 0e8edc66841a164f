import KithCore
import KithUI

/// Where the dashboard keeps the first frames it draws for a network file, what else a frame is
/// drawn from, and how a launch makes its state, so that the next launch shows its frame at once
/// (see ``FirstScreenCache/frameKey(forFileAt:context:executable:)``).
///
/// Frames are stored for today and for each of the ``daysAhead`` days after it: a first frame
/// depends on the day (what is due, the events ahead), and the launch that most needs one is the
/// day's first, after a night or a weekend away.
public struct FirstFrames: Sendable {
    public var cache: FirstScreenCache
    /// The network file.
    public var path: String
    /// The day this launch is on.
    public var today: Day
    /// Everything besides the day, the file and the executable that a first frame is made of:
    /// the preferences, the locale.
    public var context: String
    /// The days after `today` that get a frame stored too: a week, so that a dashboard opened
    /// every Monday finds one.
    public var daysAhead = 7
    /// The state a launch on a document on a day starts with (before the terminal's size is known).
    public var launchState: @Sendable (NetworkDocument, Day) throws -> AppState

    public init(cache: FirstScreenCache, path: String, today: Day, context: String,
                launchState: @escaping @Sendable (NetworkDocument, Day) throws -> AppState) {
        self.cache = cache; self.path = path; self.today = today; self.context = context; self.launchState = launchState
    }

    /// The whole context of a frame drawn on `day`.
    func context(on day: Day) -> String { "today=" + day.iso + " " + context }

    /// The frame stored for the file as it is on disk now, today, if one is; `weekAhead` when
    /// the days ahead are stored with it (else this launch stores them).
    func lookUp() -> (frame: Canvas, weekAhead: Bool)? {
        guard let key = cache.frameKey(forFileAt: path, context: context(on: today)) else { return nil }
        let stored = cache.storedFrames(for: path)
        guard let i = stored.firstIndex(where: { $0.key == key }), let frame = Canvas(bytes: stored[i].frame) else { return nil }
        return (frame, i == 0 && stored.count == 1 + daysAhead)
    }

    /// The key for the file as `document` read it, on `day` (today by default).
    func key(for document: NetworkDocument, on day: Day? = nil) -> FirstScreenCache.FrameKey? {
        cache.frameKey(for: document, context: context(on: day ?? today))
    }

    /// The size of the frame stored for the file under whatever key: the terminal the dashboard
    /// last showed it on; nil when none is stored.
    public func storedSize() -> (width: Int, height: Int)? {
        cache.anyFrame(for: path).flatMap(Canvas.size(ofBytes:))
    }

    /// Stores the first frames launches on `document` (the file as read or just saved) draw on a
    /// terminal of `size`, today and on each of the days ahead, replacing those stored before.
    /// `first` is today's when already drawn. Each other frame costs a launch's lists and render
    /// (2.4 ms at 10,000 contacts, 35 at 100,000: a week 17 and 245); failing only means a slower
    /// launch.
    public func store(_ document: NetworkDocument, size: (width: Int, height: Int), first: Canvas? = nil) {
        var frames: [(key: FirstScreenCache.FrameKey, frame: [UInt8])] = []
        var doc = document
        for day in (0...daysAhead).map({ today + $0 }) {
            guard let key = key(for: document, on: day) else { return }
            if day == today, let first {
                frames.append((key, first.bytes))
                continue
            }
            guard var state = try? launchState(doc, day) else { return }
            doc = state.document // (it now knows the order by name: sorted once, not once a day)
            _ = reduce(&state, .resize(width: size.width, height: size.height))
            frames.append((key, render(state).bytes))
        }
        cache.saveFrames(frames, for: path)
    }
}
