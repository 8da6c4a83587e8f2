// A copy of bindings/swift/Tests/IshcCoreTests/ProvincialServer.swift (a test
// target cannot share sources with another package's tests).
import Foundation
#if canImport(Glibc)
import Glibc
#endif

// Processes are started with posix_spawn (to give the child an empty signal
// mask, which Foundation's Process does not) and reaped with waitpid.

/// Starts `path` with `args`, its stdout and stderr going to the file `output`.
func spawn(_ path: String, _ args: [String], output: String) throws -> pid_t {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv: [UnsafeMutablePointer<CChar>?] = ([path] + args).map { strdup($0) } + [nil]
    let envp: [UnsafeMutablePointer<CChar>?] =
        ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
    defer {
        argv.forEach { free($0) }
        envp.forEach { free($0) }
    }
    // The test runner's threads block most signals, and a child inherits the
    // mask: without an empty mask the server would never see SIGTERM.
    var attr = posix_spawnattr_t()
    posix_spawnattr_init(&attr)
    defer { posix_spawnattr_destroy(&attr) }
    var none = sigset_t()
    sigemptyset(&none)
    posix_spawnattr_setsigmask(&attr, &none)
    var all = sigset_t()
    sigfillset(&all)
    posix_spawnattr_setsigdefault(&attr, &all)
    posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, path, &actions, &attr, argv, envp)
    guard rc == 0 else { throw ProvincialServer.ServerError.failed("cannot start \(path): errno \(rc)") }
    return pid
}

/// Waits for `pid` to end: its exit code, or 128 + the signal that ended it.
func waitExit(_ pid: pid_t) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
    let signal = status & 0x7f
    return signal == 0 ? (status >> 8) & 0xff : 128 + signal
}

/// The real `ishc-server` binary on loopback, on a fresh database in `dir`.
/// Its path comes from the environment variable `ISHC_SERVER` (set by
/// scripts/swift-tests.sh).
final class ProvincialServer {
    private let binary: String
    private let db: String
    private let log: String
    private var pid: pid_t?
    private(set) var url = ""

    init(dir: URL) throws {
        guard let binary = ProcessInfo.processInfo.environment["ISHC_SERVER"] else {
            throw ServerError.failed("environment variable ISHC_SERVER (path of ishc-server) is not set")
        }
        self.binary = binary
        db = dir.appendingPathComponent("province.db").path
        log = dir.appendingPathComponent("server.log").path
    }

    enum ServerError: Error { case failed(String) }

    private func admin(_ args: [String]) throws -> String {
        let out = log + ".admin"
        let pid = try spawn(binary, args + ["--db", db, "--json"], output: out)
        let status = waitExit(pid)
        guard status == 0 else {
            throw ServerError.failed("ishc-server \(args.joined(separator: " ")) exited \(status)")
        }
        return try String(contentsOfFile: out, encoding: .utf8)
    }

    private func field(_ json: String, _ name: String) throws -> String {
        let pattern = "\"\(name)\"\\s*:\\s*\"([^\"]+)\""
        let re = try NSRegularExpression(pattern: pattern)
        guard let m = re.firstMatch(in: json, range: NSRange(json.startIndex..., in: json)),
              let r = Range(m.range(at: 1), in: json)
        else { throw ServerError.failed("no \(name) in \(json)") }
        return String(json[r])
    }

    /// Creates a club (before `start`). Returns its id.
    func createClub(name: String, communeCode: Int, foundedOn: String) throws -> String {
        try field(admin(["club", "create", "--name", name, "--commune", String(communeCode), "--founded", foundedOn]), "id")
    }

    /// Issues a one-time enrolment code.
    func issueCode(clubId: String) throws -> String {
        try field(admin(["code", "issue", "--club", clubId]), "code")
    }

    /// Starts serving on a free loopback port; waits until it listens.
    func start() throws {
        pid = try spawn(binary, ["serve", "--db", db, "--listen", "127.0.0.1:0"], output: log)
        let re = try NSRegularExpression(pattern: "listening addr=(\\S+)")
        for _ in 0..<300 {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let m = re.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
               let r = Range(m.range(at: 1), in: text)
            {
                url = "http://\(text[r])"
                return
            }
            usleep(100_000)
        }
        throw ServerError.failed("ishc-server did not start listening within 30 s")
    }

    /// Freezes the server (SIGSTOP): connections are accepted by the
    /// system but nothing answers until ``resume()``, so a sync stays running.
    func pause() {
        if let p = pid { kill(p, SIGSTOP) }
    }

    /// Lets a paused server go on (SIGCONT).
    func resume() {
        if let p = pid { kill(p, SIGCONT) }
    }

    /// Stops the server (SIGTERM, and SIGCONT in case it is paused, then waits for it).
    func stop() {
        if let p = pid {
            kill(p, SIGTERM)
            kill(p, SIGCONT)
            _ = waitExit(p)
        }
        pid = nil
    }

    deinit { stop() }
}
