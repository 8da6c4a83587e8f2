import Foundation
#if canImport(Combine)
import Combine
#endif

/// The base of the screens' view models: one immutable state value that
/// the view draws, replaced as a whole on each change.
///
/// Observation (`@Observable`) cannot be used: it is not available to Swift
/// 6.0 on Linux, where the view models are tested. So the state is a plain
/// stored property, and change is announced twice over:
/// - on Apple platforms the view model is an `ObservableObject` whose
///   `objectWillChange` fires before each change (SwiftUI's
///   `@StateObject`/`@ObservedObject` redraw with it);
/// - everywhere, ``onChange`` is called after each change (tests use it).
///
/// View models live on the main actor, like the views. Their calls into the
/// `ClubStore` are synchronous local SQLite reads and writes (a club has
/// tens of people and a few hundred records; a call takes milliseconds);
/// only sync, which goes to the network, is `async`.
@MainActor
open class ViewModel<State: Sendable & Equatable> {
    /// What the screen shows.
    public internal(set) var state: State {
        willSet {
            #if canImport(Combine)
            objectWillChange.send()
            #endif
        }
        didSet {
            if state != oldValue { onChange?(state) }
        }
    }

    /// Called on the main actor after each change of ``state``, with the new state.
    public var onChange: ((State) -> Void)?

    init(state: State) {
        self.state = state
    }

    /// Changes the state in one step (one announcement for several fields).
    func update(_ change: (inout State) -> Void) {
        var s = state
        change(&s)
        state = s
    }
}

#if canImport(Combine)
extension ViewModel: ObservableObject {}
#endif
