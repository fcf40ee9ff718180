import Foundation

/// NUL characters (U+0000) in record text: found and replaced by U+FFFD.
///
/// A NUL is valid UTF-8 but ends a C string, and C strings are how SQLite's bindings (through
/// GRDB), terminals and many tools take text: `hello\0world` would be stored and shown as
/// `hello`. Readers replace NULs in texts and ids and count the records (`ReadReport.nulReplaced`),
/// as they do with invalid UTF-8, so every path — outputs, the store, reports — carries the same
/// whole text.
public enum NULCharacters {
    /// What replaces each NUL.
    public static let replacement: Unicode.Scalar = "\u{FFFD}"

    /// Whether `text` holds a NUL.
    public static func occur(in text: String) -> Bool {
        let found = text.utf8.withContiguousStorageIfAvailable { utf8 in
            utf8.baseAddress.map { memchr($0, 0, utf8.count) != nil } ?? false
        }
        return found ?? text.utf8.contains(0)
    }

    /// `text` with every NUL replaced by U+FFFD (the same string when it holds none).
    public static func replaced(in text: String) -> String {
        guard occur(in: text) else { return text }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: text.unicodeScalars.lazy.map { $0 == "\0" ? replacement : $0 })
        return String(scalars)
    }
}
