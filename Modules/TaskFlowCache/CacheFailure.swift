import GRDB
import TaskFlowPluginAPI

/// How cache errors read in messages: the file, what failed and SQLite's reason, never the
/// statement (GRDB's own description of an error quotes the SQL and its arguments).
enum CacheFailure {
    /// One line for an error a tier threw: a `TaskFlowError`'s description, SQLite's message
    /// and code, or the error's own text.
    static func brief(_ error: any Error) -> String {
        switch error {
        case let e as any TaskFlowError: return e.description
        case let e as DatabaseError: return reason(e)
        default: return String(describing: error)
        }
    }

    /// SQLite's message and result code, without the statement.
    static func reason(_ error: DatabaseError) -> String {
        "\(error.message ?? "SQLite error") (SQLite error \(error.resultCode.rawValue))"
    }

    /// True for the result codes that mean the file's pages are damaged or it is no database.
    static func isDamage(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_CORRUPT || error.resultCode == .SQLITE_NOTADB
    }

    /// The error a cache file that cannot be used throws.
    static func unusable(_ path: String, _ error: DatabaseError) -> TaskFlowFailure {
        TaskFlowFailure(
            "cache-unusable", "cannot use the cache \(path): \(reason(error))",
            hint: "check that its folder is writable and its disk has room")
    }
}
