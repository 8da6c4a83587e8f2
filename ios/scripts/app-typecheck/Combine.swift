// Stub of the part of Combine the app uses, for type-checking ios/App on Linux
// (see typecheck-app.sh). Declarations only: nothing here runs.
public protocol ObservableObject: AnyObject {}

@propertyWrapper
public struct Published<Value> {
    public var wrappedValue: Value
    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }
}
