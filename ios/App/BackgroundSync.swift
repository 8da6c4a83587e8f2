import BackgroundTasks
import Foundation
import ISHCKit
import Network

/// Sync in the background: a `BGAppRefreshTask` that iOS runs now and then
/// (identifier `vn.ishc.app.sync`, listed in Info.plist under
/// `BGTaskSchedulerPermittedIdentifiers`; background mode `fetch`), which
/// calls the core's `syncIfDue()`: it syncs unless a retry after a failure
/// is not due yet.
enum BackgroundSync {
    static let taskIdentifier = "vn.ishc.app.sync"

    /// Registers the task's handler. Must run before the app finishes
    /// launching: `AppDelegate.application(_:didFinishLaunchingWithOptions:)`
    /// calls it first (at a background launch iOS then runs the task).
    static func register() {
        let registered = BGTaskScheduler.shared.register(forTaskWithIdentifier: taskIdentifier, using: nil) { task in
            run(RefreshTask(task))
        }
        // False only if the identifier is missing from Info.plist's
        // BGTaskSchedulerPermittedIdentifiers (project.yml).
        assert(registered, "\(taskIdentifier) is not in BGTaskSchedulerPermittedIdentifiers")
    }

    /// Asks iOS for the next run, at the earliest in 15 minutes (iOS decides
    /// when: usually less often, when the phone is charging or on Wi-Fi).
    /// Called when the app goes to the background and at each run.
    static func schedule() {
        let request = BGAppRefreshTaskRequest(identifier: taskIdentifier)
        request.earliestBeginDate = Date(timeIntervalSinceNow: 15 * 60)
        do {
            try BGTaskScheduler.shared.submit(request)
        } catch {
            // Not available in the simulator, or background refresh is off
            // for the app: the network monitor and "sync now" still sync.
        }
    }

    /// Runs the task: schedules the next one first (a task is run once),
    /// then syncs and completes the task with the outcome. At a background
    /// launch the network monitor's first report usually starts a sync just
    /// before: `syncIfDue()` then waits for that sync and has its outcome
    /// (`SyncCoordinator`), so the task is not completed (and the app
    /// suspended) while it runs.
    private static func run(_ task: RefreshTask) {
        schedule()
        let work = Task.detached(priority: .utility) {
            let ok: Bool
            do {
                _ = try await AppServices.shared.open().sync.syncIfDue()
                ok = true
            } catch {
                ok = false // remembered by the core for its backoff
            }
            task.complete(ok)
        }
        task.onExpiry {
            // Out of time: the core's sync finishes or fails on its own (a
            // cancelled Swift task does not stop it); iOS is told now.
            work.cancel()
            task.complete(false)
        }
    }
}

/// A `BGTask` passed between the handler, its Swift task and its expiry
/// handler; completed once, whichever comes first.
private final class RefreshTask: @unchecked Sendable { // the lock guards `done`
    private let task: BGTask
    private let lock = NSLock()
    private var done = false

    init(_ task: BGTask) { self.task = task }

    func onExpiry(_ handler: @escaping @Sendable () -> Void) { task.expirationHandler = handler }

    func complete(_ success: Bool) {
        lock.lock()
        let first = !done
        done = true
        lock.unlock()
        if first { task.setTaskCompleted(success: success) }
    }
}

/// Watches the network (`NWPathMonitor`) and tells the sync coordinator of
/// each change, in order: when the network returns, it calls `syncIfDue()`.
final class NetworkSync: @unchecked Sendable { // set up once in init; the monitor is thread-safe
    static let shared = NetworkSync()

    private let monitor = NWPathMonitor()
    private let queue = DispatchQueue(label: "vn.ishc.network")
    private let changes: AsyncStream<Bool>
    private let continuation: AsyncStream<Bool>.Continuation

    private init() {
        // Only the newest status waits while a sync runs (the network may flap).
        var c: AsyncStream<Bool>.Continuation?
        changes = AsyncStream(bufferingPolicy: .bufferingNewest(1)) { c = $0 }
        continuation = c!
    }

    /// Starts watching (once, at launch).
    func start() {
        let continuation = continuation
        monitor.pathUpdateHandler = { path in continuation.yield(path.status == .satisfied) }
        monitor.start(queue: queue)
        let changes = changes
        Task.detached(priority: .utility) {
            // One change at a time: a sync started by one finishes before the next is looked at.
            for await available in changes {
                guard let sync = try? AppServices.shared.open().sync else { continue }
                await sync.networkChanged(available: available)
            }
        }
    }
}
