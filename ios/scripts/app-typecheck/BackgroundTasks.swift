// Stub of the part of BackgroundTasks the app uses, for type-checking
// ios/App on Linux (see typecheck-app.sh). Declarations only.
import Foundation

open class BGTask {
    open var identifier: String { "" }
    open var expirationHandler: (() -> Void)?
    open func setTaskCompleted(success: Bool) {}
}
open class BGAppRefreshTask: BGTask {}

open class BGTaskRequest {
    open var earliestBeginDate: Date?
}
open class BGAppRefreshTaskRequest: BGTaskRequest {
    public init(identifier: String) {}
}

open class BGTaskScheduler: @unchecked Sendable {
    public static let shared = BGTaskScheduler()
    open func register(forTaskWithIdentifier identifier: String, using queue: DispatchQueue?, launchHandler: @escaping (BGTask) -> Void) -> Bool { true }
    open func submit(_ taskRequest: BGTaskRequest) throws {}
}
