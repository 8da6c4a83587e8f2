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
///   `@StateObject`/`@ObservedObject` redraw with it). The publisher is
///   declared here, one per view model: Combine only synthesizes a stable
///   one for classes with `@Published` properties, and a fresh publisher
///   per access would reach no subscriber;
/// - everywhere, ``onChange`` is called after each change (tests use it).
///
/// Setting a state equal to the current one announces nothing.
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
            if newValue != state { objectWillChange.send() }
            #endif
        }
        didSet {
            if state != oldValue { onChange?(state) }
        }
    }

    /// Called on the main actor after each change of ``state``, with the new state.
    public var onChange: ((State) -> Void)?

    #if canImport(Combine)
    private nonisolated let publisher = WillChangePublisher()

    /// Fires on the main actor before each change of ``state``: the same
    /// publisher for the view model's life (what SwiftUI subscribes to).
    public nonisolated var objectWillChange: ObservableObjectPublisher { publisher.publisher }
    #endif

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

/// Holds a view model's `objectWillChange` publisher. A box, so that the
/// `nonisolated` stored property is `Sendable` whether or not the SDK marks
/// `ObservableObjectPublisher` so (a `nonisolated let` of a non-`Sendable`
/// type is an error in Swift 6). The publisher is only sent to on the main
/// actor (``ViewModel/state``'s `willSet`); Combine's publishers may be
/// subscribed to from any thread.
private final class WillChangePublisher: @unchecked Sendable {
    let publisher = ObservableObjectPublisher()
}
#endif
