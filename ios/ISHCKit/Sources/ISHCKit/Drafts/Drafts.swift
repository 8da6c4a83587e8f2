import Foundation

/// Where forms keep what was typed so that nothing is lost if the app is
/// killed (iOS ends suspended apps without warning): a draft is a small map
/// of field to text, saved on every change and removed once the form is
/// saved. The app passes a ``FileDrafts`` in Application Support (excluded
/// from backup: drafts hold health readings); tests pass a temporary one.
public protocol Drafts: Sendable {
    /// The draft saved under `key`, or `nil`.
    func load(_ key: String) -> [String: String]?
    /// Saves `fields` under `key`, replacing what was there.
    func save(_ key: String, _ fields: [String: String])
    /// Removes the draft under `key`.
    func clear(_ key: String)
}

/// Drafts as one JSON file each in a directory (`<key>.json`, UTF-8),
/// written atomically (to a temporary file, then renamed over the old one),
/// so a kill mid-write leaves the previous draft, never half of one.
///
/// Keys are `a-z`, `0-9`, `_`, `.`, `-`; any other key is a programming
/// error (precondition). Write failures (a full disk) are ignored: a draft
/// is a convenience, and the form still holds what was typed.
public struct FileDrafts: Drafts {
    /// The directory the drafts are in (created on first save).
    public let directory: URL

    public init(directory: URL) { self.directory = directory }

    private func file(_ key: String) -> URL {
        precondition(
            !key.isEmpty && key.unicodeScalars.allSatisfy { "abcdefghijklmnopqrstuvwxyz0123456789_.-".unicodeScalars.contains($0) },
            "draft key '\(key)': use a-z, 0-9, _ . -"
        )
        return directory.appendingPathComponent("\(key).json")
    }

    public func load(_ key: String) -> [String: String]? {
        guard let data = try? Data(contentsOf: file(key)) else { return nil }
        return try? JSONDecoder().decode([String: String].self, from: data)
    }

    public func save(_ key: String, _ fields: [String: String]) {
        let url = file(key)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(fields).write(to: url, options: [.atomic])
        } catch {
            // See the type's comment: the form keeps the text anyway.
        }
    }

    public func clear(_ key: String) {
        try? FileManager.default.removeItem(at: file(key))
    }
}

/// Drafts in memory (previews and tests that do not restart).
public final class MemoryDrafts: Drafts, @unchecked Sendable {
    private let lock = NSLock()
    private var map: [String: [String: String]] = [:]

    public init() {}

    public func load(_ key: String) -> [String: String]? {
        lock.lock()
        defer { lock.unlock() }
        return map[key]
    }

    public func save(_ key: String, _ fields: [String: String]) {
        lock.lock()
        map[key] = fields
        lock.unlock()
    }

    public func clear(_ key: String) {
        lock.lock()
        map[key] = nil
        lock.unlock()
    }
}
