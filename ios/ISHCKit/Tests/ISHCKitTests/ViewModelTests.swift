import Foundation
import XCTest

@testable import ISHCKit

#if canImport(Combine)
import Combine
#endif

/// A view model with a number for its state.
@MainActor
private final class Counter: ViewModel<Int> {
    init() { super.init(state: 0) }

    func set(_ n: Int) { update { $0 = n } }
}

/// How a view model announces its changes: to tests (`onChange`, everywhere)
/// and to SwiftUI (`objectWillChange`, Apple platforms only).
final class ViewModelTests: XCTestCase, @unchecked Sendable {
    @MainActor
    func testEachChangeIsAnnouncedOnceAndSettingTheSameStateNotAtAll() async {
        let m = Counter()
        var seen: [Int] = []
        m.onChange = { seen.append($0) }
        m.set(1)
        m.set(1)
        m.set(2)
        XCTAssertEqual(seen, [1, 2])
    }

    #if canImport(Combine)
    /// Runs on the Mac only (no Combine on Linux): SwiftUI subscribes to
    /// `objectWillChange` once and must hear every change through it.
    @MainActor
    func testSwiftUIHearsOfEachChangeBeforeItHappensThroughOnePublisher() async {
        let m = Counter()
        XCTAssertTrue(m.objectWillChange === m.objectWillChange, "one publisher for the view model's life")
        var before: [Int] = []
        let subscription = m.objectWillChange.sink { before.append(m.state) }
        m.set(1)
        m.set(1)
        m.set(2)
        XCTAssertEqual(before, [0, 1], "sent before each change (the old state still there), not for an equal state")
        subscription.cancel()
    }
    #endif
}
