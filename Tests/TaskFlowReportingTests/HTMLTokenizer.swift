/// A small HTML tokenizer for the tests: enough of the HTML syntax to find every tag, its
/// attributes and the text between tags in a report page, and to flag anything a report must
/// never contain (comments, unquoted or unterminated attributes, a stray `<`).
struct HTMLTokens {
    struct Tag: Equatable {
        var name: String
        var closing: Bool
        var attributes: [(name: String, value: String)]

        static func == (a: Tag, b: Tag) -> Bool {
            a.name == b.name && a.closing == b.closing && a.attributes.map(\.name) == b.attributes.map(\.name)
                && a.attributes.map(\.value) == b.attributes.map(\.value)
        }
    }

    var tags: [Tag] = []
    /// The text between tags, character references left as they are.
    var texts: [String] = []
    /// The contents of `<style>` elements.
    var styles: [String] = []
    var problems: [String] = []

    init(_ html: String) {
        let s = Array(html.unicodeScalars)
        var i = 0
        var text = String.UnicodeScalarView()
        func flush() {
            if !text.isEmpty { texts.append(String(text)) }
            text = .init()
        }
        func isNameChar(_ c: Unicode.Scalar) -> Bool {
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "-" || c == ":" || c == "_"
        }
        while i < s.count {
            guard s[i] == "<" else {
                if s[i] == ">" { problems.append("a stray > at \(i)") }
                text.append(s[i])
                i += 1
                continue
            }
            flush()
            if i + 1 < s.count, s[i + 1] == "!" {
                let rest = String(String.UnicodeScalarView(s[i..<min(s.count, i + 15)])).lowercased()
                if rest.hasPrefix("<!doctype html>") {
                    i += 15
                    continue
                }
                problems.append("a comment or declaration at \(i)")
                i += 2
                continue
            }
            var j = i + 1
            let closing = j < s.count && s[j] == "/"
            if closing { j += 1 }
            var name = String.UnicodeScalarView()
            while j < s.count, isNameChar(s[j]) {
                name.append(s[j])
                j += 1
            }
            if name.isEmpty {
                problems.append("a < that opens no tag at \(i)")
                i += 1
                continue
            }
            var tag = Tag(name: String(name).lowercased(), closing: closing, attributes: [])
            // Attributes: name="value", separated by spaces.
            while j < s.count {
                while j < s.count, s[j] == " " || s[j] == "\n" { j += 1 }
                guard j < s.count else { break }
                if s[j] == ">" {
                    j += 1
                    break
                }
                var attribute = String.UnicodeScalarView()
                while j < s.count, isNameChar(s[j]) {
                    attribute.append(s[j])
                    j += 1
                }
                guard !attribute.isEmpty, j + 1 < s.count, s[j] == "=", s[j + 1] == "\"" else {
                    problems.append("a malformed attribute in <\(tag.name)> at \(j)")
                    j += 1
                    continue
                }
                j += 2
                var value = String.UnicodeScalarView()
                while j < s.count, s[j] != "\"" {
                    if s[j] == "<" || s[j] == ">" { problems.append("< or > inside an attribute of <\(tag.name)>") }
                    value.append(s[j])
                    j += 1
                }
                j += 1
                tag.attributes.append((String(attribute).lowercased(), String(value)))
            }
            tags.append(tag)
            i = j
            if !closing, tag.name == "style" || tag.name == "script" {
                let end = "</\(tag.name)>".unicodeScalars
                var k = i
                while k < s.count, !s[k...].starts(with: end) { k += 1 }
                let body = String(String.UnicodeScalarView(s[i..<k]))
                if tag.name == "style" { styles.append(body) }
                i = k
            }
        }
        flush()
    }
}
