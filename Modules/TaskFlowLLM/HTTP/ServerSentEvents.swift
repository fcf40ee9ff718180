/// One server-sent event: its `event:` name (empty for the default) and its `data:` lines joined.
public struct ServerSentEvent: Sendable, Hashable {
    public var event: String
    public var data: String
}

/// Splits a byte stream into server-sent events (the `text/event-stream` format): lines end
/// with LF, CR LF or CR; `data:` lines accumulate; a blank line dispatches; `:` lines are
/// comments. Bytes may arrive split anywhere, even inside a UTF-8 character.
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var event = ""
    private var lastWasCR = false
    /// Bytes buffered for one line at most; a longer line is an error (a hostile server).
    public var maxLineBytes = 8 << 20

    public init() {}

    /// Feeds bytes; returns the events they complete.
    public mutating func feed<C: Collection>(_ bytes: C) throws -> [ServerSentEvent] where C.Element == UInt8 {
        var out: [ServerSentEvent] = []
        for b in bytes {
            if b == 0x0A, lastWasCR {
                lastWasCR = false
                continue
            }
            lastWasCR = b == 0x0D
            if b == 0x0A || b == 0x0D {
                if let e = endLine() { out.append(e) }
            } else {
                line.append(b)
                if line.count > maxLineBytes { throw SSEOverflow() }
            }
        }
        return out
    }

    /// The event left when the stream ends without a final blank line.
    public mutating func finish() -> ServerSentEvent? {
        if !line.isEmpty { _ = endLine() }
        return endLine()
    }

    private mutating func endLine() -> ServerSentEvent? {
        defer { line.removeAll(keepingCapacity: true) }
        if line.isEmpty {
            guard hasData else {
                event = ""
                return nil
            }
            let e = ServerSentEvent(event: event, data: String(decoding: data, as: UTF8.self))
            data.removeAll(keepingCapacity: true)
            hasData = false
            event = ""
            return e
        }
        if line.first == 0x3A { return nil }
        let colon = line.firstIndex(of: 0x3A) ?? line.endIndex
        let field = String(decoding: line[..<colon], as: UTF8.self)
        var valueStart = colon < line.endIndex ? colon + 1 : colon
        if valueStart < line.endIndex, line[valueStart] == 0x20 { valueStart += 1 }
        let value = line[valueStart...]
        switch field {
        case "data":
            if hasData { data.append(0x0A) }
            data.append(contentsOf: value)
            hasData = true
        case "event":
            event = String(decoding: value, as: UTF8.self)
        default: break
        }
        return nil
    }

    struct SSEOverflow: Error {}
}

/// Tells when a streamed JSON text is one complete value: counts brackets outside strings,
/// so a caller can stop reading the moment the object closes.
public struct JSONCompletionTracker: Sendable {
    private var depth = 0
    private var started = false
    private var inString = false
    private var escaped = false
    public private(set) var isComplete = false

    public init() {}

    /// Feeds text; true once the first top-level object or array has closed.
    @discardableResult
    public mutating func feed(_ text: String) -> Bool {
        _ = consume(text)
        return isComplete
    }

    /// Feeds text and returns the part of it that belongs to the value: all of it, or the
    /// prefix up to the bracket that closes the value (what follows is not the answer's).
    public mutating func consume(_ text: String) -> Substring {
        guard !isComplete else { return text[text.endIndex...] }
        var i = text.utf8.startIndex
        for b in text.utf8 {
            i = text.utf8.index(after: i)
            if inString {
                if escaped {
                    escaped = false
                } else if b == 0x5C {
                    escaped = true
                } else if b == 0x22 {
                    inString = false
                }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x7B, 0x5B:
                depth += 1
                started = true
            case 0x7D, 0x5D:
                depth -= 1
                if started, depth == 0 {
                    isComplete = true
                    return text[..<i]
                }
            default: break
            }
        }
        return text[...]
    }
}
