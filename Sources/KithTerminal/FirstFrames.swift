import KithCore
import KithUI

/// Where the dashboard keeps the first frame it drew for a network file, what else that frame
/// was drawn from, and how a launch makes its state, so that the next launch shows it at once
/// (see ``FirstScreenCache/frameKey(forFileAt:context:executable:)``).
public struct FirstFrames: Sendable {
    public var cache: FirstScreenCache
    /// The network file.
    public var path: String
    /// Everything besides the file and the executable that the first frame is made of: the day,
    /// the preferences, the locale.
    public var context: String
    /// The state a launch on a document starts with (before the terminal's size is known).
    public var launchState: @Sendable (NetworkDocument) throws -> AppState

    public init(cache: FirstScreenCache, path: String, context: String, launchState: @escaping @Sendable (NetworkDocument) throws -> AppState) {
        self.cache = cache; self.path = path; self.context = context; self.launchState = launchState
    }

    /// The frame stored for the file as it is on disk now, if one is.
    func lookUp() -> Canvas? {
        guard let key = cache.frameKey(forFileAt: path, context: context), let bytes = cache.loadFrame(for: path, key: key) else { return nil }
        return Canvas(bytes: bytes)
    }

    /// The key for the file as `document` read it.
    func key(for document: NetworkDocument) -> FirstScreenCache.FrameKey? { cache.frameKey(for: document, context: context) }

    /// Stores `frame` under `key` (failures are ignored).
    func save(_ frame: Canvas, key: FirstScreenCache.FrameKey) { cache.saveFrame(frame.bytes, key: key, for: path) }

    /// The size of the frame stored for the file under whatever key: the terminal the dashboard
    /// last showed it on; nil when none is stored.
    public func storedSize() -> (width: Int, height: Int)? {
        cache.anyFrame(for: path).flatMap(Canvas.size(ofBytes:))
    }

    /// Stores the first frame a launch on `document` (the file as just saved) draws on a terminal
    /// of `size`, so that the next launch after a change shows it at once too. It costs the first
    /// frame's lists and render (a few ms at 10,000 contacts, about 50 at 100,000).
    public func storeNextLaunch(of document: NetworkDocument, size: (width: Int, height: Int)) {
        guard let key = key(for: document), var state = try? launchState(document) else { return }
        _ = reduce(&state, .resize(width: size.width, height: size.height))
        save(render(state), key: key)
    }
}
