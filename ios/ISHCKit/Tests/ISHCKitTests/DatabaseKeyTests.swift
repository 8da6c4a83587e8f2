import Foundation
import IshcCore
import XCTest

@testable import ISHCKit

/// The database key and the encrypted database `ClubDatabase` opens with
/// it. On Linux `DatabaseKey` keeps the key in its fallback file (the
/// Keychain branch is iOS only and is checked by building in Xcode).
final class DatabaseKeyTests: TempDirTestCase, @unchecked Sendable {
    func testTheKeyIsMadeOnceAndKeptReadableByItsOwnerOnly() throws {
        let key = DatabaseKey(directory: dir.appendingPathComponent("a"))
        let first = try key.get()
        XCTAssertEqual(first.count, 32)
        XCTAssertEqual(try key.get(), first)
        XCTAssertEqual(try DatabaseKey(directory: dir.appendingPathComponent("a")).get(), first)
        XCTAssertNotEqual(try DatabaseKey(directory: dir.appendingPathComponent("b")).get(), first)
        let attributes = try FileManager.default.attributesOfItem(atPath: key.file.path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
    }

    func testAStoredKeyOfAnotherLengthIsAnErrorAndIsKept() throws {
        let key = DatabaseKey(directory: dir)
        let short = Data(repeating: 7, count: 16)
        try short.write(to: key.file)
        XCTAssertThrowsError(try key.get()) { error in
            XCTAssertEqual(error as? DatabaseKeyError, .malformed(16))
        }
        XCTAssertEqual(try Data(contentsOf: key.file), short)
    }

    func testTheDatabaseIsEncryptedWithItsKeyAndRefusesAnother() throws {
        let db = ClubDatabase(directory: dir)
        do {
            let store = try db.open()
            _ = try store.createClub(club: NewClub(name: "CLB Xuân Lộc ấp 3", communeCode: DemoClub.commune, foundedOn: "2024-06-01", activityAreas: nil))
        }
        let bytes = try Data(contentsOf: db.fileURL)
        XCTAssertNil(bytes.range(of: Data("SQLite format 3".utf8)))
        XCTAssertNil(bytes.range(of: Data("Xuân Lộc".utf8)))
        // Opened again: the same key from the same place.
        XCTAssertEqual(try db.open().club().name, "CLB Xuân Lộc ấp 3")
        XCTAssertThrowsError(try ClubStore.open(path: db.fileURL.path, key: DemoClub.key, deviceId: "ios-x")) { error in
            guard case let IshcError.Invalid(code, field, _) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(code, "store.key_invalid")
            XCTAssertEqual(field, "key")
        }
        XCTAssertEqual(try Data(contentsOf: db.fileURL), bytes, "a wrong key changed the file")
    }
}
