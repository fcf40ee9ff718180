import Foundation
import TaskFlowPluginAPI

extension Tokenizer {
    /// Loads the tokenizer of a model directory in the Hugging Face layout.
    ///
    /// Reads `tokenizer.json` when present; otherwise builds a BERT WordPiece tokenizer from
    /// `vocab.txt`, or a byte-level BPE (RoBERTa) tokenizer from `vocab.json` + `merges.txt`,
    /// configured by `tokenizer_config.json`. The truncation and padding stored in
    /// tokenizer.json are ignored (transformers and sentence-transformers override them); the
    /// window comes from `tokenizer_config.json`'s `model_max_length` here and is usually
    /// narrowed by the model loader.
    ///
    /// - Parameter modelName: the store name, for repair hints in errors.
    public init(directory: String, modelName: String? = nil) throws {
        let dir = URL(fileURLWithPath: directory)
        let fm = FileManager.default
        let config = try Self.readJSONIfPresent(dir.appendingPathComponent("tokenizer_config.json").path)
        let jsonPath = dir.appendingPathComponent("tokenizer.json").path
        if fm.fileExists(atPath: jsonPath) {
            try self.init(tokenizerJSON: jsonPath, modelName: modelName)
        } else if fm.fileExists(atPath: dir.appendingPathComponent("vocab.txt").path) {
            try self.init(vocabTXT: dir.appendingPathComponent("vocab.txt").path, config: config)
        } else if fm.fileExists(atPath: dir.appendingPathComponent("vocab.json").path),
            fm.fileExists(atPath: dir.appendingPathComponent("merges.txt").path)
        {
            try self.init(
                vocabJSON: dir.appendingPathComponent("vocab.json").path,
                merges: dir.appendingPathComponent("merges.txt").path, config: config)
        } else {
            throw TaskFlowFailure(
                "missing-tokenizer", "\(directory) has no tokenizer (looked for tokenizer.json, vocab.txt, vocab.json + merges.txt)",
                hint: InferenceFailure.repairHint(model: modelName))
        }
        if let m = config?["model_max_length"]?.intValue, m > 0, m < 1_000_000 { maxLength = m }
    }

    /// Parses a `tokenizer.json`.
    public init(tokenizerJSON path: String, modelName: String? = nil) throws {
        guard let root = try Self.readJSONIfPresent(path) else {
            throw InferenceFailure.missingFile(path, "the tokenizer", model: modelName)
        }
        func unsupported(_ what: String, _ type: String, _ known: String) -> TaskFlowFailure {
            InferenceFailure.unsupported(
                "\(path): \(what) type '\(type)' is not supported", hint: "supported \(what) types: \(known)")
        }

        // Added tokens.
        var added: [AddedToken] = []
        for t in root["added_tokens"]?.arrayValue ?? [] {
            guard let id = t["id"]?.intValue, let content = t["content"]?.stringValue else { continue }
            added.append(
                AddedToken(
                    id: id, content: content, special: t["special"]?.boolValue ?? false,
                    lstrip: t["lstrip"]?.boolValue ?? false, rstrip: t["rstrip"]?.boolValue ?? false,
                    singleWord: t["single_word"]?.boolValue ?? false))
        }

        // Normaliser.
        func normalizer(_ v: JSONValue) throws -> Normalizer? {
            if v.isNull { return nil }
            let type = v["type"]?.stringValue ?? "?"
            switch type {
            case "BertNormalizer":
                return .bert(
                    BertNormalizer(
                        cleanText: v["clean_text"]?.boolValue ?? true,
                        handleChineseChars: v["handle_chinese_chars"]?.boolValue ?? true,
                        stripAccents: v["strip_accents"]?.boolValue,
                        lowercase: v["lowercase"]?.boolValue ?? true))
            case "Lowercase": return .lowercase
            case "StripAccents": return .stripAccents
            case "NFD": return .nfd
            case "Sequence":
                return .sequence(try (v["normalizers"]?.arrayValue ?? []).compactMap(normalizer))
            default:
                throw unsupported("normalizer", type, "BertNormalizer, Lowercase, StripAccents, NFD, Sequence")
            }
        }
        let norm = try root["normalizer"].map(normalizer) ?? nil

        // Pre-tokeniser.
        var byteLevel = false
        var addPrefixSpace = false
        let pre: PreTokenizer
        let preJSON = root["pre_tokenizer"] ?? .null
        switch preJSON.isNull ? "null" : preJSON["type"]?.stringValue ?? "?" {
        case "null": pre = .none
        case "BertPreTokenizer": pre = .bert
        case "ByteLevel":
            byteLevel = true
            addPrefixSpace = preJSON["add_prefix_space"]?.boolValue ?? false
            pre = .byteLevel(addPrefixSpace: addPrefixSpace)
        case let other:
            throw unsupported("pre_tokenizer", other, "BertPreTokenizer, ByteLevel")
        }

        // Model.
        guard let modelJSON = root["model"], !modelJSON.isNull else {
            throw InferenceFailure.corruptFile(path, "it has no model section", model: modelName)
        }
        var vocab: [String: Int] = [:]
        if case .object(let fields)? = modelJSON["vocab"] {
            vocab.reserveCapacity(fields.count)
            for f in fields { if let i = f.value.intValue { vocab[f.key] = i } }
        }
        // Ids index a table as long as the largest id: a stray huge one (say 400000000) would
        // allocate gigabytes. Real vocabularies number their tokens 0..<n, perhaps with gaps.
        let idLimit = 4 * vocab.count + 65_536
        if let (token, id) = vocab.first(where: { $0.value < 0 || $0.value >= idLimit }) {
            throw InferenceFailure.corruptFile(
                path, "vocabulary token '\(token)' has id \(id), but ids of a vocabulary of \(vocab.count) tokens must lie in 0..<\(idLimit)",
                model: modelName)
        }
        let modelType =
            modelJSON["type"]?.stringValue
            ?? (modelJSON["merges"] != nil ? "BPE" : modelJSON["max_input_chars_per_word"] != nil ? "WordPiece" : "?")
        let model: Model
        switch modelType {
        case "WordPiece":
            model = .wordPiece(
                try WordPieceModel(
                    vocab: vocab, unkToken: modelJSON["unk_token"]?.stringValue ?? "[UNK]",
                    prefix: modelJSON["continuing_subword_prefix"]?.stringValue ?? "##",
                    maxInputCharsPerWord: modelJSON["max_input_chars_per_word"]?.intValue ?? 100))
        case "BPE":
            if let p = modelJSON["continuing_subword_prefix"]?.stringValue, !p.isEmpty {
                throw InferenceFailure.unsupported(
                    "\(path): BPE with continuing_subword_prefix '\(p)' is not supported", hint: "byte-level BPE (RoBERTa, GPT-2) is")
            }
            if let s = modelJSON["end_of_word_suffix"]?.stringValue, !s.isEmpty {
                throw InferenceFailure.unsupported(
                    "\(path): BPE with end_of_word_suffix '\(s)' is not supported", hint: "byte-level BPE (RoBERTa, GPT-2) is")
            }
            var merges: [(String, String)] = []
            for m in modelJSON["merges"]?.arrayValue ?? [] {
                if let s = m.stringValue {
                    let parts = s.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false)
                    if parts.count == 2 { merges.append((String(parts[0]), String(parts[1]))) }
                } else if let pair = m.arrayValue, pair.count == 2, let a = pair[0].stringValue, let b = pair[1].stringValue {
                    merges.append((a, b))
                }
            }
            model = .bpe(
                try BPEModel(
                    vocab: vocab, merges: merges, unkToken: modelJSON["unk_token"]?.stringValue, byteLevel: byteLevel))
        default:
            throw unsupported("model", modelType, "WordPiece, BPE (Unigram, as in XLM-R, is not implemented yet)")
        }

        // Post-processor.
        func special(_ v: JSONValue?) -> PostProcessor.SpecialToken? {
            guard let pair = v?.arrayValue, pair.count == 2, let t = pair[0].stringValue, let id = pair[1].intValue else {
                return nil
            }
            return .init(token: t, id: id)
        }
        let post: PostProcessor
        let postJSON = root["post_processor"] ?? .null
        switch postJSON.isNull ? "null" : postJSON["type"]?.stringValue ?? "?" {
        case "null": post = .none
        case "BertProcessing":
            guard let cls = special(postJSON["cls"]), let sep = special(postJSON["sep"]) else {
                throw InferenceFailure.corruptFile(path, "BertProcessing lacks cls/sep", model: modelName)
            }
            post = .template(before: [cls], after: [sep], sequenceTypeID: 0)
        case "RobertaProcessing":
            guard let cls = special(postJSON["cls"]), let sep = special(postJSON["sep"]) else {
                throw InferenceFailure.corruptFile(path, "RobertaProcessing lacks cls/sep", model: modelName)
            }
            post = .roberta(
                cls: cls, sep: sep, trimOffsets: postJSON["trim_offsets"]?.boolValue ?? true,
                addPrefixSpace: postJSON["add_prefix_space"]?.boolValue ?? addPrefixSpace)
        case "ByteLevel":
            post = .byteLevel(trimOffsets: postJSON["trim_offsets"]?.boolValue ?? true, addPrefixSpace: addPrefixSpace)
        case "TemplateProcessing":
            var before: [PostProcessor.SpecialToken] = []
            var after: [PostProcessor.SpecialToken] = []
            var sequenceType = 0
            var seenSequence = false
            let specials = postJSON["special_tokens"]
            for item in postJSON["single"]?.arrayValue ?? [] {
                if let s = item["SpecialToken"] {
                    let name = s["id"]?.stringValue ?? ""
                    guard let id = specials?[name]?["ids"]?.arrayValue?.first?.intValue ?? added.first(where: { $0.content == name })?.id
                    else {
                        throw InferenceFailure.corruptFile(path, "the template's special token '\(name)' has no id", model: modelName)
                    }
                    let token = PostProcessor.SpecialToken(token: name, id: id, typeID: s["type_id"]?.intValue ?? 0)
                    if seenSequence { after.append(token) } else { before.append(token) }
                } else if let s = item["Sequence"] {
                    seenSequence = true
                    sequenceType = s["type_id"]?.intValue ?? 0
                }
            }
            post = .template(before: before, after: after, sequenceTypeID: sequenceType)
        case let other:
            throw unsupported("post_processor", other, "TemplateProcessing, BertProcessing, RobertaProcessing, ByteLevel")
        }

        self.init(addedTokens: added, normalizer: norm, preTokenizer: pre, model: model, postProcessor: post, maxLength: nil)
    }

    /// A BERT WordPiece tokenizer from `vocab.txt` (one token per line, id = line number).
    init(vocabTXT path: String, config: JSONValue?) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InferenceFailure.unreadable(path, "no such file or unreadable")
        }
        var vocab: [String: Int] = [:]
        var lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        for (i, line) in lines.enumerated() {
            let token = line.hasSuffix("\r") ? String(line.dropLast()) : line
            if vocab[token] == nil { vocab[token] = i }
        }
        let unk = config?["unk_token"]?.stringValue ?? "[UNK]"
        let clsName = config?["cls_token"]?.stringValue ?? "[CLS]"
        let sepName = config?["sep_token"]?.stringValue ?? "[SEP]"
        guard let cls = vocab[clsName], let sep = vocab[sepName] else {
            throw InferenceFailure.unsupported(
                "\(path) has no \(clsName)/\(sepName) tokens", hint: "add a tokenizer.json to the model directory")
        }
        let lower = config?["do_lower_case"]?.boolValue ?? true
        let specials = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", unk, clsName, sepName]
        var added: [AddedToken] = []
        for name in Set(specials).sorted() {
            if let id = vocab[name] { added.append(AddedToken(id: id, content: name, special: true)) }
        }
        self.init(
            addedTokens: added,
            normalizer: .bert(
                BertNormalizer(
                    cleanText: true, handleChineseChars: config?["tokenize_chinese_chars"]?.boolValue ?? true,
                    stripAccents: config?["strip_accents"]?.boolValue, lowercase: lower)),
            preTokenizer: .bert, model: .wordPiece(try WordPieceModel(vocab: vocab, unkToken: unk)),
            postProcessor: .template(
                before: [.init(token: clsName, id: cls)], after: [.init(token: sepName, id: sep)], sequenceTypeID: 0),
            maxLength: nil)
    }

    /// A RoBERTa byte-level BPE tokenizer from `vocab.json` and `merges.txt`.
    init(vocabJSON: String, merges mergesPath: String, config: JSONValue?) throws {
        guard case .object(let fields)? = try Self.readJSONIfPresent(vocabJSON) else {
            throw InferenceFailure.unreadable(vocabJSON, "not a JSON object of token ids")
        }
        var vocab: [String: Int] = [:]
        for f in fields { if let i = f.value.intValue { vocab[f.key] = i } }
        guard let data = FileManager.default.contents(atPath: mergesPath) else {
            throw InferenceFailure.unreadable(mergesPath, "no such file or unreadable")
        }
        var merges: [(String, String)] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
            if line.hasPrefix("#version") { continue }
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            if parts.count == 2 { merges.append((String(parts[0]), String(parts[1].trimmingCharacters(in: .whitespaces)))) }
        }
        let bos = config?["cls_token"]?.stringValue ?? config?["bos_token"]?.stringValue ?? "<s>"
        let eos = config?["sep_token"]?.stringValue ?? config?["eos_token"]?.stringValue ?? "</s>"
        guard let cls = vocab[bos], let sep = vocab[eos] else {
            throw InferenceFailure.unsupported("\(vocabJSON) has no \(bos)/\(eos) tokens", hint: "add a tokenizer.json to the model directory")
        }
        let prefixSpace = config?["add_prefix_space"]?.boolValue ?? false
        let trim = config?["trim_offsets"]?.boolValue ?? true
        var added: [AddedToken] = []
        for key in ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"] {
            guard let name = config?[key]?.stringValue, let id = vocab[name], !added.contains(where: { $0.id == id }) else { continue }
            added.append(AddedToken(id: id, content: name, special: true, lstrip: key == "mask_token"))
        }
        self.init(
            addedTokens: added, normalizer: nil, preTokenizer: .byteLevel(addPrefixSpace: prefixSpace),
            model: .bpe(
                try BPEModel(
                    vocab: vocab, merges: merges, unkToken: config?["unk_token"]?.stringValue, byteLevel: true)),
            postProcessor: .roberta(
                cls: .init(token: bos, id: cls), sep: .init(token: eos, id: sep), trimOffsets: trim,
                addPrefixSpace: prefixSpace),
            maxLength: nil)
    }

    /// Parses a JSON file, or returns nil when it does not exist.
    static func readJSONIfPresent(_ path: String) throws -> JSONValue? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InferenceFailure.unreadable(path, "permission denied or not a file")
        }
        do {
            return try JSONParser.parse([UInt8](data))
        } catch {
            throw InferenceFailure.corruptFile(path, "not valid JSON (\(error))", model: nil)
        }
    }
}

extension JSONValue {
    var arrayValue: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    var intValue: Int? {
        switch self {
        case .int(let i): return i
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: return Int(d)
        default: return nil
        }
    }

    var boolValue: Bool? {
        if case .bool(let b) = self { return b }
        return nil
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}
