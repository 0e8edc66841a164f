import KithCore
import KithUI

/// Where the dashboard keeps the first frame it drew for a network file, and what else that frame
/// was drawn from, so that the next launch on the unchanged file shows it at once (see
/// ``FirstScreenCache/frameKey(forFileAt:context:executable:)``).
public struct FirstFrames: Sendable {
    public var cache: FirstScreenCache
    /// The network file.
    public var path: String
    /// Everything besides the file and the executable that the first frame is made of: the day,
    /// the preferences, the locale.
    public var context: String

    public init(cache: FirstScreenCache, path: String, context: String) {
        self.cache = cache; self.path = path; self.context = context
    }

    /// The frame stored for the file as it is on disk now, if one is.
    func lookUp() -> Canvas? {
        guard let key = cache.frameKey(forFileAt: path, context: context), let bytes = cache.loadFrame(for: path, key: key) else { return nil }
        return Canvas(bytes: bytes)
    }

    /// The key for the file as `document` read it.
    public func key(for document: NetworkDocument) -> FirstScreenCache.FrameKey? { cache.frameKey(for: document, context: context) }

    /// Stores `frame` under `key` (failures are ignored).
    public func save(_ frame: Canvas, key: FirstScreenCache.FrameKey) { cache.saveFrame(frame.bytes, key: key, for: path) }

    /// The size of the frame stored for the file under whatever key: the terminal the dashboard
    /// last showed it on; nil when none is stored.
    public func storedSize() -> (width: Int, height: Int)? {
        cache.anyFrame(for: path).flatMap { Canvas(bytes: $0) }.map { ($0.width, $0.height) }
    }
}
