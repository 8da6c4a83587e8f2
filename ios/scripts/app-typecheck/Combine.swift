// Stub of the part of Combine the app uses, for type-checking ios/App on Linux
// (see typecheck-app.sh), and the Apple-only branch of ISHCKit's ViewModel.
// Declarations only: nothing here runs.

/// Not `Sendable` here: the stricter case (whether the SDK marks it `Sendable`
/// is not known on Linux; ViewModel.swift compiles either way).
public final class ObservableObjectPublisher {
    public init() {}
    public func send() {}
}

public protocol ObservableObject: AnyObject {
    associatedtype ObjectWillChangePublisher = ObservableObjectPublisher
    var objectWillChange: ObjectWillChangePublisher { get }
}

extension ObservableObject where ObjectWillChangePublisher == ObservableObjectPublisher {
    /// Combine's synthesized publisher (it finds the `@Published` properties;
    /// for a class without any, nothing stable): a new one on each access here.
    public var objectWillChange: ObservableObjectPublisher { ObservableObjectPublisher() }
}

@propertyWrapper
public struct Published<Value> {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
}
