import Foundation
import GRDB
import TaskFlowCore
import TaskFlowPluginAPI

extension SQLiteStore {
    /// `pool.write`, with SQLite's errors turned into failures that name the database and the fix.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(body)
        } catch let error as DatabaseError {
            throw Self.failure(error, path: path, doing: "write")
        }
    }

    /// `pool.read`, with SQLite's errors turned into failures that name the database and the fix.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try pool.read(body)
        } catch let error as DatabaseError {
            throw Self.failure(error, path: path, doing: "read")
        }
    }

    /// What an SQLite error on the results database at `path` means for the person running
    /// TaskFlow: the database, the cause and the fix — never the SQL that failed.
    ///
    /// - Parameter doing: `open`, `read` or `write`, for the message.
    static func failure(_ error: DatabaseError, path: String, doing: String) -> TaskFlowFailure {
        let cause = error.message ?? "SQLite error \(error.resultCode.rawValue)"
        let elsewhere = Fix(.database, example: "OTHER-FOLDER/taskflow.sqlite")
        switch error.resultCode {
        case .SQLITE_FULL:
            return TaskFlowFailure(
                "store-full", "the results database \(path) is full: the disk holding it has no space left",
                fix: Fix(.database, example: "OTHER-DISK/taskflow.sqlite"),
                hint: "or free space on its disk and run again (finished batches are kept)")
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_AUTH:
            return TaskFlowFailure(
                "store-read-only", "cannot \(doing) the results database \(path): \(cause)",
                fix: elsewhere, hint: "or make the file and its folder writable")
        case .SQLITE_CANTOPEN:
            return TaskFlowFailure(
                "store-unusable", "cannot \(doing) the results database \(path): \(cause)",
                fix: elsewhere, hint: "or check that its folder exists and is writable")
        case .SQLITE_NOTADB, .SQLITE_CORRUPT:
            return TaskFlowFailure(
                "store-damaged", "the results database \(path) is damaged or not a database (\(cause))",
                fix: Fix(.database, example: "NEW.sqlite"), hint: "or move the file aside")
        case .SQLITE_BUSY, .SQLITE_LOCKED:
            return TaskFlowFailure(
                "store-busy", "the results database \(path) stayed locked by another process (\(cause))",
                fix: elsewhere, hint: "or wait for the other process and run again")
        case .SQLITE_IOERR:
            return TaskFlowFailure(
                "store-io-error", "cannot \(doing) the results database \(path): \(cause)",
                fix: elsewhere, hint: "or check the disk holding it")
        default:
            return TaskFlowFailure("store-error", "cannot \(doing) the results database \(path): \(cause)")
        }
    }
}
