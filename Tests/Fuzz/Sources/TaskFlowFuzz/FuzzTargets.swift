import Foundation
import TaskFlowCore
import TaskFlowInference
import TaskFlowPluginAPI
import TaskFlowREPL
import TaskFlowReporting

/// The fuzz targets: each takes arbitrary bytes and must neither crash nor break its property.
///
/// A failed property is a `preconditionFailure`, which libFuzzer reports as a crash with the
/// input that caused it.
enum FuzzTargets {
    /// Target names, for `Tools/fuzz` and the replay mode.
    static let names = ["csv", "jsonl", "safetensors", "tokenizer", "config", "session", "json", "markdown", "html"]

    /// Runs one input through a target.
    static func run(_ target: String, _ bytes: [UInt8]) {
        switch target {
        case "csv": readDataset(bytes, ext: "csv")
        case "jsonl": readDataset(bytes, ext: "jsonl")
        case "safetensors": safetensors(bytes)
        case "tokenizer": tokenizer(bytes)
        case "config": config(bytes)
        case "session": session(bytes)
        case "json": json(bytes)
        case "markdown": markdown(bytes)
        case "html": html(bytes)
        default: preconditionFailure("unknown fuzz target '\(target)'; known: \(names.joined(separator: ", "))")
        }
    }

    /// A scratch folder of this process: inputs that must be files are written here. In memory
    /// (`/dev/shm`) where there is one, so an input costs no disk write.
    static let scratch: String = {
        var isDirectory: ObjCBool = false
        let shm = FileManager.default.fileExists(atPath: "/dev/shm", isDirectory: &isDirectory) && isDirectory.boolValue
            && access("/dev/shm", W_OK) == 0
        let dir = ((shm ? "/dev/shm" : NSTemporaryDirectory()) as NSString).appendingPathComponent("tf-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: FuzzTargets.scratch) }
        return dir
    }()

    /// Writes `bytes` to the file `name` in the scratch folder, in place.
    ///
    /// Plain `open`/`write`: `FileManager.createFile` writes a temporary file, fsyncs it and
    /// renames it, which made every input cost a disk flush (most of the time of these targets).
    @discardableResult
    static func file(_ name: String, _ bytes: [UInt8], in folder: String = scratch) -> String {
        let path = (folder as NSString).appendingPathComponent(name)
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        precondition(fd >= 0, "cannot write the scratch file \(path): errno \(errno)")
        defer { close(fd) }
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let n = write(fd, buffer.baseAddress! + done, buffer.count - done)
                if n < 0, errno == EINTR { continue }
                precondition(n > 0, "cannot write the scratch file \(path): errno \(errno)")
                done += n
            }
        }
        return path
    }

    /// Readers: any bytes read to the end or refused with a `TaskFlowError`; every record has
    /// text and a line number within the file.
    static func readDataset(_ bytes: [UInt8], ext: String) {
        let path = file("input." + ext, bytes)
        do {
            let reader = try DatasetReaders.open(DatasetSource(path: path, limit: 10_000))
            var records = 0
            while let batch = try reader.nextBatch(maxCount: 64) {
                precondition(!batch.isEmpty, "a reader returned an empty batch")
                records += batch.count
                for r in batch {
                    precondition(r.line >= 1, "record \(r.id) has line \(r.line)")
                    // The columns kept with the record type on demand: every value must come
                    // back, and a time must be one the trend views can place.
                    let values = r.columns.values
                    precondition(values.count == r.columns.names.names.count, "\(values.count) values for \(r.columns.names.names.count) columns")
                    for v in values {
                        if case .time(let t) = v { precondition(TimePeriod.month.key(.time(t)) != nil, "an unplaceable time \(t)") }
                    }
                    _ = StoredColumns.encode(r.columns)
                }
            }
            precondition(records == reader.report.records, "\(records) records read, the report says \(reader.report.records)")
        } catch is any TaskFlowError {
        } catch {
            preconditionFailure("a reader threw something that is not a TaskFlowError: \(error)")
        }
    }

    static func safetensors(_ bytes: [UInt8]) {
        let path = file("model.safetensors", bytes)
        do {
            let f = try SafetensorsFile(path: path)
            _ = f
        } catch is any TaskFlowError {
        } catch {
            preconditionFailure("safetensors threw something that is not a TaskFlowError: \(error)")
        }
    }

    static func tokenizer(_ bytes: [UInt8]) {
        let path = file("tokenizer.json", bytes)
        do {
            let t = try Tokenizer(tokenizerJSON: path)
            for text in ["Hello, world!", "", "ünïcødé 🙂 text", String(repeating: "a", count: 600)] {
                let e = t.encode(text)
                precondition(e.ids.count == e.offsets.count, "ids and offsets differ in length")
            }
        } catch is any TaskFlowError {
        } catch {
            preconditionFailure("tokenizer loading threw something that is not a TaskFlowError: \(error)")
        }
    }

    /// The model folder the config target loads from.
    static let modelFolder: String = {
        let dir = (scratch as NSString).appendingPathComponent("model")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }()

    static func config(_ bytes: [UInt8]) {
        file("config.json", bytes, in: modelFolder)
        let dir = modelFolder
        do {
            _ = try EncoderArchitectures.load(directory: dir)
        } catch is any TaskFlowError {
        } catch {
            preconditionFailure("config loading threw something that is not a TaskFlowError: \(error)")
        }
    }

    /// Session files: every command is one non-empty line without comments, in file order.
    static func session(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        var last = 0
        for c in SessionScript.commands(in: text) {
            precondition(c.line > last, "command lines out of order")
            last = c.line
            precondition(!c.text.isEmpty, "an empty command")
        }
    }

    /// The SDK's JSON: what parses writes back to text that parses to the same value.
    static func json(_ bytes: [UInt8]) {
        guard let value = try? JSONParser.parse(bytes) else { return }
        let again = try? JSONParser.parse(value.jsonString)
        precondition(again.map { same($0, value) } == true, "JSON did not round-trip: \(value.jsonString)")
    }

    /// Doubles may come back as the nearest representable text; compare them numerically.
    static func same(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
        case (.int(let x), .double(let y)), (.double(let y), .int(let x)): return Double(x) == y
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { same($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && same($0.value, $1.value) }
        default: return a == b
        }
    }

    /// The report escaper: one line, no raw markup from the input, code spans that stay closed.
    static func markdown(_ bytes: [UInt8]) {
        let s = String(decoding: bytes, as: UTF8.self)
        for out in [Markdown.text(s), Markdown.code(s), Markdown.code(s, inTable: true)] {
            for scalar in out.unicodeScalars {
                precondition(
                    !["\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar),
                    "a line break survived escaping: \(s.debugDescription)")
            }
        }
        // Markdown works on code points, so the checks do too (a combining mark after a
        // backtick is one Swift Character, but the backtick still counts for a parser).
        let text = Array(Markdown.text(s).unicodeScalars)
        precondition(!text.contains("<") && !text.contains(">"), "raw angle brackets survived: \(s.debugDescription)")
        let markup: Set<Unicode.Scalar> = ["*", "_", "`", "[", "]", "|", "~", "#"]
        var i = 0
        while i < text.count {
            if text[i] == "\\" {
                // An escaping backslash: it must escape something, which is then plain text.
                precondition(i + 1 < text.count, "a trailing lone backslash in \(s.debugDescription)")
                i += 2
                continue
            }
            precondition(!markup.contains(text[i]), "'\(text[i])' left live in the escaping of \(s.debugDescription)")
            i += 1
        }
        let code = Array(Markdown.code(s).unicodeScalars)
        let fence = code.prefix { $0 == "`" }.count
        precondition(fence > 0 && code.count >= 2 * fence && code.suffix(fence).allSatisfy { $0 == "`" },
            "a code span without its fence: \(s.debugDescription)")
        let inner = code.dropFirst(fence).dropLast(fence)
        var run = 0
        for c in inner {
            run = c == "`" ? run + 1 : 0
            precondition(run < fence, "a backtick run inside closes the fence: \(s.debugDescription)")
        }
    }

    /// The elements the HTML report writes.
    static let htmlElements: Set<String> = [
        "html", "head", "meta", "title", "style", "body", "main", "footer", "section", "h1", "h2", "h3", "h4", "h5", "h6", "p",
        "div", "b", "strong", "em", "code", "pre", "blockquote", "table", "caption", "thead", "tbody", "tr", "th", "td", "ul", "ol",
        "li", "a", "span", "figure", "details", "summary", "hr", "svg", "text", "rect", "line", "path", "circle",
    ]

    /// The input as an agent's section (title and Markdown body), a dataset path, a device and a
    /// note, through the HTML report: every tag is one the renderer writes, every link is
    /// http(s) or mailto, and no control character or bidi override reaches the page.
    static func html(_ bytes: [UInt8]) {
        let s = String(decoding: bytes, as: UTF8.self)
        var summary = RunSummary(
            dataset: DatasetFacts(path: s, format: "csv", textColumn: s, idColumn: nil, bytes: 0, read: ReadReport()),
            status: .completed, device: s, threads: 1, batchSize: 1, tools: [])
        summary.agents = [AgentFindings(agent: s, version: "1", status: .done, sections: [ReportSection(title: s, body: s)], notes: [s])]
        let page = Array(HTMLReportRenderer().render(summary).unicodeScalars)
        var i = 0
        while i < page.count {
            let c = page[i]
            let v = c.value
            precondition(
                !((v < 0x20 && v != 0x0A && v != 0x09) || (0x7F..<0xA0).contains(v) || (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v)),
                "U+\(String(v, radix: 16)) reached the page from \(s.debugDescription)")
            if c == "<" {
                var j = i + 1
                if j < page.count, page[j] == "/" { j += 1 }
                var name = ""
                while j < page.count, page[j].properties.isAlphabetic || ("0"..."9").contains(page[j]) {
                    name.unicodeScalars.append(page[j])
                    j += 1
                }
                precondition(htmlElements.contains(name.lowercased()) || (name == "" && page[j...].starts(with: "!DOCTYPE".unicodeScalars)),
                    "a tag <\(name)> not the renderer's from \(s.debugDescription)")
                // Links: an href's value is http(s) or mailto.
                let tag = String(String.UnicodeScalarView(page[i..<min(page.count, i + 2_100)].prefix { $0 != ">" }))
                if let href = tag.range(of: " href=\"") {
                    let url = tag[href.upperBound...].lowercased()
                    precondition(url.hasPrefix("http://") || url.hasPrefix("https://") || url.hasPrefix("mailto:"),
                        "a link \(url.prefix(40)) from \(s.debugDescription)")
                }
            }
            i += 1
        }
    }
}
