import Foundation
import Synchronization

/// Work run on a thread of its own while the caller goes on — a save (a 100,000-contact file
/// takes over a second to write), the deferred read of the interactions, a derived list built
/// beside another — whose result is polled for (``take()``) or waited for (``wait()``).
public final class BackgroundWork<Value: Sendable>: Sendable {
    private let done = Mutex<Result<Value, any Error>?>(nil)
    private let finished = DispatchSemaphore(value: 0)
    private let ended = Mutex(false)

    public init(_ work: @escaping @Sendable () throws -> Value) {
        Thread.detachNewThread { [self] in
            let result = Result { try work() }
            self.done.withLock { $0 = result }
            self.ended.withLock { $0 = true }
            self.finished.signal()
        }
    }

    /// Whether the work has finished (whether or not its result was taken).
    public var isFinished: Bool { ended.withLock { $0 } }

    /// The result once the work has finished (handed out once).
    public func take() -> Result<Value, any Error>? {
        done.withLock { r in defer { r = nil }; return r }
    }

    /// Waits for the work to finish; its result (handed out once, like ``take()``).
    public func wait() -> Result<Value, any Error>? {
        finished.wait()
        finished.signal() // a later wait returns at once
        return take()
    }
}
