import Foundation

/// Facts about the terminal on standard output.
public enum Terminal {
    /// Columns of the terminal on stdout: from the terminal, else `$COLUMNS`, else 100.
    public static func width() -> Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 20 { return Int(size.ws_col) }
        if let c = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), c > 20 { return c }
        return 100
    }
}
