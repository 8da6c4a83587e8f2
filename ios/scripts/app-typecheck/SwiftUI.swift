// Stub of the part of SwiftUI the app uses, for type-checking ios/App on
// Linux (see typecheck-app.sh): the same names, parameters and generic
// shapes as SwiftUI, simplified (one ModifiedContent for every modifier).
// Declarations only: nothing here runs. It checks the views' calls into
// ISHCKit and their Swift; it cannot check SwiftUI itself.
@_exported import Combine
import Foundation

// MARK: View and builders

@MainActor @preconcurrency
public protocol View {
    associatedtype Body: View
    @ViewBuilder var body: Body { get }
}

extension Never: View {
    public typealias Body = Never
    public var body: Never { fatalError() }
}

public protocol PrimitiveView: View where Body == Never {}
extension PrimitiveView {
    public var body: Never { fatalError() }
}

@resultBuilder
public enum ViewBuilder {
    public static func buildExpression<C: View>(_ content: C) -> C { content }
    public static func buildBlock() -> EmptyView { EmptyView() }
    public static func buildBlock<C: View>(_ content: C) -> C { content }
    public static func buildBlock<each C: View>(_ content: repeat each C) -> TupleView<(repeat each C)> { TupleView((repeat each content)) }
    public static func buildOptional<C: View>(_ content: C?) -> C? { content }
    public static func buildEither<T: View, F: View>(first: T) -> ConditionalContent<T, F> { ConditionalContent() }
    public static func buildEither<T: View, F: View>(second: F) -> ConditionalContent<T, F> { ConditionalContent() }
}

extension Optional: View where Wrapped: View {
    public var body: Never { fatalError() }
}

public struct EmptyView: PrimitiveView { nonisolated public init() {} }
public struct TupleView<T>: PrimitiveView { nonisolated public init(_ value: T) {} }
public struct ConditionalContent<T, F>: PrimitiveView { nonisolated public init() {} }
public struct ModifiedContent<Content>: PrimitiveView { nonisolated public init() {} }

// MARK: App and scenes

@MainActor @preconcurrency
public protocol App {
    associatedtype Body: Scene
    @SceneBuilder var body: Body { get }
    init()
}
extension App {
    public static func main() {}
}

@MainActor @preconcurrency
public protocol Scene {}

@resultBuilder
public enum SceneBuilder {
    public static func buildBlock<C: Scene>(_ content: C) -> C { content }
}

public struct WindowGroup<Content: View>: Scene {
    public init(@ViewBuilder content: () -> Content) {}
}

public struct ModifiedScene: Scene {}
extension Scene {
    public func onChange<V: Equatable>(of value: V, perform action: @escaping (V) -> Void) -> ModifiedScene { ModifiedScene() }
}

public enum ScenePhase: Sendable { case background, inactive, active }

// MARK: State

@propertyWrapper @dynamicMemberLookup
public struct Binding<Value> {
    public var wrappedValue: Value { get { fatalError() } nonmutating set {} }
    public init(get: @escaping () -> Value, set: @escaping (Value) -> Void) {}
    public var projectedValue: Binding<Value> { self }
    public subscript<T>(dynamicMember keyPath: WritableKeyPath<Value, T>) -> Binding<T> { fatalError() }
}

@propertyWrapper
public struct State<Value> {
    public init(wrappedValue: Value) {}
    public var wrappedValue: Value { get { fatalError() } nonmutating set {} }
    public var projectedValue: Binding<Value> { fatalError() }
}

/// A length that grows with the Dynamic Type size (SwiftUI's also takes `relativeTo:`).
@propertyWrapper
public struct ScaledMetric<Value: BinaryFloatingPoint> {
    public init(wrappedValue: Value) {}
    public var wrappedValue: Value { fatalError() }
}

@propertyWrapper
public struct ObservedObject<ObjectType: ObservableObject> {
    @dynamicMemberLookup
    public struct Wrapper {
        public subscript<T>(dynamicMember keyPath: ReferenceWritableKeyPath<ObjectType, T>) -> Binding<T> { fatalError() }
    }
    public init(wrappedValue: ObjectType) {}
    public var wrappedValue: ObjectType { fatalError() }
    public var projectedValue: Wrapper { fatalError() }
}

@propertyWrapper
public struct StateObject<ObjectType: ObservableObject> {
    public init(wrappedValue thunk: @autoclosure @escaping () -> ObjectType) {}
    public var wrappedValue: ObjectType { fatalError() }
    public var projectedValue: ObservedObject<ObjectType>.Wrapper { fatalError() }
}

public protocol EnvironmentKey {
    associatedtype Value
    static var defaultValue: Value { get }
}

public struct EnvironmentValues {
    public subscript<K: EnvironmentKey>(key: K.Type) -> K.Value { get { fatalError() } set {} }
    public var locale: Locale { get { fatalError() } set {} }
    public var scenePhase: ScenePhase { get { fatalError() } set {} }
    public var dynamicTypeSize: DynamicTypeSize { get { fatalError() } set {} }
}

@propertyWrapper
public struct Environment<Value> {
    public init(_ keyPath: KeyPath<EnvironmentValues, Value>) {}
    public var wrappedValue: Value { fatalError() }
}

public enum DynamicTypeSize: Hashable, Comparable, CaseIterable, Sendable {
    case xSmall, small, medium, large, xLarge, xxLarge, xxxLarge
    case accessibility1, accessibility2, accessibility3, accessibility4, accessibility5
    public var isAccessibilitySize: Bool { self >= .accessibility1 }
}

// MARK: Styles

public struct Font: Hashable, Sendable {
    public static let body = Font(), headline = Font(), subheadline = Font(), callout = Font(), title2 = Font()
    public enum Weight: Sendable { case regular, semibold, bold }
    public func weight(_ weight: Weight) -> Font { self }
    public func bold() -> Font { self }
}

public protocol ShapeStyle {}
public protocol Shape: View, ShapeStyle {}
extension Shape { public var body: Never { fatalError() } }

// SwiftUI's Color and Path are usable off the main actor (values, not views
// with state): nonisolated here too.
public struct Color: PrimitiveView, ShapeStyle, Hashable, Sendable {
    nonisolated public init(red: Double, green: Double, blue: Double) {}
    nonisolated public static let red = Color(red: 1, green: 0, blue: 0), green = red, orange = red, white = red, primary = red, secondary = red, accentColor = red, clear = red
    nonisolated public func opacity(_ opacity: Double) -> Color { self }
}
public struct HierarchicalShapeStyle: ShapeStyle, Sendable {
    public static let secondary = HierarchicalShapeStyle()
}
extension ShapeStyle where Self == HierarchicalShapeStyle {
    public static var secondary: HierarchicalShapeStyle { HierarchicalShapeStyle() }
}

public struct RoundedRectangle: Shape { public init(cornerRadius: Double) {} }
public struct Rectangle: Shape { public init() {} }

public enum HorizontalAlignment { case leading, center, trailing }
public enum VerticalAlignment { case top, center, bottom, firstTextBaseline }
public enum Alignment { case leading, center, trailing, top, bottom }
public enum Axis { case horizontal, vertical }
public struct Edge { public struct Set: Sendable { public static let vertical = Set(), horizontal = Set(), all = Set() } }

public struct AccessibilityTraits: OptionSet, Sendable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }
    public static let isSelected = AccessibilityTraits(rawValue: 1), isButton = AccessibilityTraits(rawValue: 2), isHeader = AccessibilityTraits(rawValue: 4), isImage = AccessibilityTraits(rawValue: 8)
}
public enum AccessibilityChildBehavior { case combine, contain, ignore }

public struct ButtonRole: Sendable { public static let destructive = ButtonRole(), cancel = ButtonRole() }
public protocol PrimitiveButtonStyle {}
public struct PlainButtonStyle: PrimitiveButtonStyle {}
public struct BorderedButtonStyle: PrimitiveButtonStyle {}
public struct BorderedProminentButtonStyle: PrimitiveButtonStyle {}
extension PrimitiveButtonStyle where Self == PlainButtonStyle { public static var plain: PlainButtonStyle { .init() } }
extension PrimitiveButtonStyle where Self == BorderedButtonStyle { public static var bordered: BorderedButtonStyle { .init() } }
extension PrimitiveButtonStyle where Self == BorderedProminentButtonStyle { public static var borderedProminent: BorderedProminentButtonStyle { .init() } }
public protocol TextFieldStyle {}
public struct RoundedBorderTextFieldStyle: TextFieldStyle {}
extension TextFieldStyle where Self == RoundedBorderTextFieldStyle { public static var roundedBorder: RoundedBorderTextFieldStyle { .init() } }
public struct TextInputAutocapitalization: Sendable { public static let never = TextInputAutocapitalization() }

// MARK: Views

public struct Text: PrimitiveView {
    public init(_ content: String) {}
}
public struct Image: PrimitiveView { public init(systemName: String) {} }
public struct Spacer: PrimitiveView { public init(minLength: Double? = nil) {} }
public struct Label<Title, Icon>: PrimitiveView {}
extension Label where Title == Text, Icon == Image {
    public init(_ title: String, systemImage: String) {}
}
public struct ProgressView: PrimitiveView {
    public init() {}
    public init(_ title: String) {}
}
public struct VStack<Content: View>: PrimitiveView {
    public init(alignment: HorizontalAlignment = .center, spacing: Double? = nil, @ViewBuilder content: () -> Content) {}
}
public struct HStack<Content: View>: PrimitiveView {
    public init(alignment: VerticalAlignment = .center, spacing: Double? = nil, @ViewBuilder content: () -> Content) {}
}
public struct Group<Content: View>: PrimitiveView { public init(@ViewBuilder content: () -> Content) {} }
public struct Form<Content: View>: PrimitiveView { public init(@ViewBuilder content: () -> Content) {} }
public struct List<Content: View>: PrimitiveView { public init(@ViewBuilder content: () -> Content) {} }
public struct NavigationStack<Content: View>: PrimitiveView { public init(@ViewBuilder root: () -> Content) {} }
public struct TabView<Content: View>: PrimitiveView { public init(@ViewBuilder content: () -> Content) {} }
public struct Section<Content: View>: PrimitiveView {
    public init(@ViewBuilder content: () -> Content) {}
    public init<S: StringProtocol>(_ title: S, @ViewBuilder content: () -> Content) {}
}
public struct ForEach<Data: RandomAccessCollection, ID: Hashable, Content: View>: PrimitiveView {
    public init(_ data: Data, id: KeyPath<Data.Element, ID>, @ViewBuilder content: @escaping (Data.Element) -> Content) {}
}
extension ForEach where Data.Element: Identifiable, ID == Data.Element.ID {
    public init(_ data: Data, @ViewBuilder content: @escaping (Data.Element) -> Content) {}
}
public struct Button<Label: View>: PrimitiveView {
    public init(action: @escaping () -> Void, @ViewBuilder label: () -> Label) {}
    public init(role: ButtonRole?, action: @escaping () -> Void, @ViewBuilder label: () -> Label) {}
}
extension Button where Label == Text {
    public init<S: StringProtocol>(_ title: S, role: ButtonRole? = nil, action: @escaping () -> Void) {}
}
public struct Toggle: PrimitiveView { public init<S: StringProtocol>(_ title: S, isOn: Binding<Bool>) {} }
public struct TextField: PrimitiveView { public init<S: StringProtocol>(_ title: S, text: Binding<String>, axis: Axis) {} }
public struct Picker<SelectionValue: Hashable, Content: View>: PrimitiveView {
    public init<S: StringProtocol>(_ title: S, selection: Binding<SelectionValue>, @ViewBuilder content: () -> Content) {}
}
public struct NavigationLink<Label: View>: PrimitiveView {
    public init<P: Hashable>(value: P?, @ViewBuilder label: () -> Label) {}
}
public struct ShareLink<Label: View>: PrimitiveView {
    public init(item: String, @ViewBuilder label: () -> Label) {}
}

// MARK: Drawing

public struct Path: Shape, Sendable {
    nonisolated public init() {}
    nonisolated public init(ellipseIn rect: CGRect) {}
    nonisolated public mutating func move(to end: CGPoint) {}
    nonisolated public mutating func addLine(to end: CGPoint) {}
}
/// SwiftUI's also takes lineCap, lineJoin, miterLimit (between lineWidth and dash) and dashPhase.
public struct StrokeStyle: Sendable {
    public init(lineWidth: CGFloat = 1, dash: [CGFloat] = []) {}
}
public struct GraphicsContext {
    public struct Shading {
        public static func color(_ color: Color) -> Shading { Shading() }
    }
    public func stroke(_ path: Path, with shading: Shading, style: StrokeStyle) {}
    public func stroke(_ path: Path, with shading: Shading, lineWidth: CGFloat = 1) {}
    /// SwiftUI's also takes a FillStyle (defaulted).
    public func fill(_ path: Path, with shading: Shading) {}
}
public struct Canvas<Symbols: View>: PrimitiveView {}
extension Canvas where Symbols == EmptyView {
    /// SwiftUI's also takes colorMode (defaulted, between opaque and rendersAsynchronously).
    public init(opaque: Bool = false, rendersAsynchronously: Bool = false, renderer: @escaping (inout GraphicsContext, CGSize) -> Void) {}
}

// MARK: Modifiers

extension View {
    public func font(_ font: Font?) -> ModifiedContent<Self> { .init() }
    public func foregroundStyle<S: ShapeStyle>(_ style: S) -> ModifiedContent<Self> { .init() }
    public func padding(_ length: Double? = nil) -> ModifiedContent<Self> { .init() }
    public func padding(_ edges: Edge.Set, _ length: Double? = nil) -> ModifiedContent<Self> { .init() }
    public func frame(width: CGFloat? = nil, height: CGFloat? = nil, alignment: Alignment = .center) -> ModifiedContent<Self> { .init() }
    public func fixedSize() -> ModifiedContent<Self> { .init() }
    public func frame(minWidth: Double? = nil, maxWidth: Double? = nil, minHeight: Double? = nil, maxHeight: Double? = nil, alignment: Alignment = .center) -> ModifiedContent<Self> { .init() }
    public func background<S: ShapeStyle, T: Shape>(_ style: S, in shape: T) -> ModifiedContent<Self> { .init() }
    public func contentShape<S: Shape>(_ shape: S) -> ModifiedContent<Self> { .init() }
    public func accessibilityHidden(_ hidden: Bool) -> ModifiedContent<Self> { .init() }
    public func accessibilityLabel(_ label: String) -> ModifiedContent<Self> { .init() }
    public func accessibilityHint(_ hint: String) -> ModifiedContent<Self> { .init() }
    public func accessibilityIdentifier(_ identifier: String) -> ModifiedContent<Self> { .init() }
    public func accessibilityElement(children: AccessibilityChildBehavior = .ignore) -> ModifiedContent<Self> { .init() }
    public func accessibilityAddTraits(_ traits: AccessibilityTraits) -> ModifiedContent<Self> { .init() }
    public func onAppear(perform action: (() -> Void)? = nil) -> ModifiedContent<Self> { .init() }
    public func onDisappear(perform action: (() -> Void)? = nil) -> ModifiedContent<Self> { .init() }
    public func onChange<V: Equatable>(of value: V, perform action: @escaping (V) -> Void) -> ModifiedContent<Self> { .init() }
    public func task(priority: TaskPriority = .userInitiated, _ action: @escaping @Sendable () async -> Void) -> ModifiedContent<Self> { .init() }
    public func navigationTitle<S: StringProtocol>(_ title: S) -> ModifiedContent<Self> { .init() }
    public func navigationDestination<D: Hashable, C: View>(for data: D.Type, @ViewBuilder destination: @escaping (D) -> C) -> ModifiedContent<Self> { .init() }
    public func refreshable(action: @escaping @Sendable () async -> Void) -> ModifiedContent<Self> { .init() }
    public func searchable(text: Binding<String>, prompt: String) -> ModifiedContent<Self> { .init() }
    public func autocorrectionDisabled(_ disable: Bool = true) -> ModifiedContent<Self> { .init() }
    public func textInputAutocapitalization(_ autocapitalization: TextInputAutocapitalization?) -> ModifiedContent<Self> { .init() }
    public func textFieldStyle<S: TextFieldStyle>(_ style: S) -> ModifiedContent<Self> { .init() }
    public func buttonStyle<S: PrimitiveButtonStyle>(_ style: S) -> ModifiedContent<Self> { .init() }
    public func disabled(_ disabled: Bool) -> ModifiedContent<Self> { .init() }
    public func tag<V: Hashable>(_ tag: V) -> ModifiedContent<Self> { .init() }
    public func tabItem<V: View>(@ViewBuilder _ label: () -> V) -> ModifiedContent<Self> { .init() }
    public func environment<V>(_ keyPath: WritableKeyPath<EnvironmentValues, V>, _ value: V) -> ModifiedContent<Self> { .init() }
    public func dynamicTypeSize<T: RangeExpression>(_ range: T) -> ModifiedContent<Self> where T.Bound == DynamicTypeSize { .init() }
    public func dynamicTypeSize(_ size: DynamicTypeSize) -> ModifiedContent<Self> { .init() }
    public func strikethrough(_ isActive: Bool = true, color: Color? = nil) -> ModifiedContent<Self> { .init() }
}
