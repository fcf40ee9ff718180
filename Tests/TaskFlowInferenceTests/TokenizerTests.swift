import Foundation
import Testing

@testable import TaskFlowInference

/// The all-MiniLM-L6-v2 tokenizer (from its tokenizer.json), loaded once.
private let minilmTokenizer: Result<Tokenizer, any Error> = Result {
    try Tokenizer(directory: Fixtures.minilm.path)
}

@Suite("WordPiece against Hugging Face tokenizers (all-MiniLM-L6-v2)")
struct WordPieceGoldenTests {
    @Test("ids, tokens and offsets equal the golden", arguments: try WordPieceGoldens.load())
    func matchesGolden(_ item: WordPieceGoldens.Item) throws {
        let tokenizer = try minilmTokenizer.get()
        let e = tokenizer.encode(item.text)
        #expect(e.ids == item.ids)
        #expect(e.tokens == item.tokens)
        #expect(e.offsets.map { [$0.lowerBound, $0.upperBound] } == item.offsets)
        if let truncated = item.ids_truncated_256 {
            let t = tokenizer.encode(item.text, maxLength: 256)
            #expect(t.ids == truncated)
            #expect(t.truncatedTokens == item.ids.count - truncated.count)
        }
    }

    @Test("the 32 embedding-golden texts give sentence-transformers' input ids (window 256)", arguments: try MiniLMGoldens.load())
    func embeddingGoldenIDs(_ item: MiniLMGoldens.Item) throws {
        #expect(try minilmTokenizer.get().encode(item.text, maxLength: 256).ids == item.input_ids)
    }

    @Test("the golden file has every case")
    func caseCount() throws {
        #expect(try WordPieceGoldens.load().count == 61)
    }

    @Test("tokenizer.json's truncation and padding are ignored")
    func storedTruncationIgnored() throws {
        let tokenizer = try minilmTokenizer.get()
        let long = Array(repeating: "token", count: 300).joined(separator: " ")
        #expect(tokenizer.encode(long).count == 302)  // tokenizer_config's model_max_length is 512
        #expect(tokenizer.encode("hi").count == 3)  // no padding to 128
    }

    @Test("vocab.txt alone gives the same ids as tokenizer.json")
    func vocabFallback() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = URL(fileURLWithPath: Fixtures.tinyModel("tiny-bert"))
        for f in ["vocab.txt", "tokenizer_config.json"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        let fromVocab = try Tokenizer(directory: dir.path)
        let fromJSON = try Tokenizer(directory: source.path)
        for text in ["I love this product!", "Marie Curie moved from Warsaw to Paris in 1891.", "meh... ok 😀 [CLS] x"] {
            #expect(fromVocab.encode(text) == fromJSON.encode(text))
        }
    }
}

@Suite("Tokenisation of the tiny models")
struct TinyModelTokenizationTests {
    @Test("ids, tokens and offsets equal transformers'", arguments: Fixtures.tinyModelNames)
    func matchesExpected(_ model: String) throws {
        let expected = try TinyModelExpectations.load(model)
        let tokenizer = try Tokenizer(directory: Fixtures.tinyModel(model))
        for input in expected.inputs {
            let e = tokenizer.encode(input.text)
            #expect(e.ids == input.input_ids, "\(input.text)")
            #expect(e.tokens == input.tokens, "\(input.text)")
            #expect(e.offsets.map { [$0.lowerBound, $0.upperBound] } == input.offsets, "\(input.text)")
        }
    }

    @Test("vocab.json + merges.txt alone give the same BPE tokens as tokenizer.json")
    func bpeFallback() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = URL(fileURLWithPath: Fixtures.tinyModel("tiny-roberta-seqcls"))
        for f in ["vocab.json", "merges.txt", "tokenizer_config.json"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(f), to: dir.appendingPathComponent(f))
        }
        let fromFiles = try Tokenizer(directory: dir.path)
        let fromJSON = try Tokenizer(directory: source.path)
        let expected = try TinyModelExpectations.load("tiny-roberta-seqcls")
        for input in expected.inputs {
            #expect(fromFiles.encode(input.text).ids == input.input_ids)
            #expect(fromFiles.encode(input.text) == fromJSON.encode(input.text))
        }
    }
}

@Suite("Byte-level BPE details")
struct ByteLevelTests {
    @Test(
        "GPT-2 split",
        arguments: [
            ("Hello world", ["Hello", " world"]),
            ("I'm here's", ["I", "'m", " here", "'s"]),
            ("a  b", ["a", " ", " b"]),
            ("x\n\ny", ["x", "\n", "\n", "y"]),
            ("end   ", ["end", "   "]),
            ("in 1891.", ["in", " 1891", "."]),
            ("ok 😀!", ["ok", " 😀!"]),
        ])
    func gpt2Split(_ text: String, _ pieces: [String]) {
        let s = Array(text.unicodeScalars)
        let got = PreTokenizer.gpt2Split(s).map { r in
            var out = ""
            out.unicodeScalars.append(contentsOf: s[r])
            return out
        }
        #expect(got == pieces)
    }

    @Test("add_prefix_space keeps the first word's offsets")
    func prefixSpace() throws {
        let source = Fixtures.tinyModel("tiny-roberta-seqcls")
        var tokenizer = try Tokenizer(directory: source)
        let plain = tokenizer.encode("love this")
        tokenizer = Tokenizer(
            addedTokens: tokenizer.addedTokens, normalizer: nil, preTokenizer: .byteLevel(addPrefixSpace: true),
            model: tokenizer.model,
            postProcessor: .roberta(
                cls: .init(token: "<s>", id: 0), sep: .init(token: "</s>", id: 2), trimOffsets: true, addPrefixSpace: true),
            maxLength: nil)
        let prefixed = tokenizer.encode("love this")
        #expect(plain.tokens[1] == "l" || plain.tokens[1] == "lo" || plain.tokens[1] == "love")
        #expect(prefixed.tokens[1] == "Ġlove")
        #expect(prefixed.offsets[1] == 0..<4)
        #expect(prefixed.offsets[2] == 5..<9)
    }
}

@Suite("Tokenizer loading errors")
struct TokenizerErrorTests {
    @Test("an unknown model type is refused by name")
    func unknownModel() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"added_tokens":[],"normalizer":null,"pre_tokenizer":null,"post_processor":null,"model":{"type":"Unigram","vocab":[["a",0.0]]}}"#
            .write(to: dir.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
        #expect {
            _ = try Tokenizer(directory: dir.path)
        } throws: { error in
            "\(error)".contains("model type 'Unigram' is not supported")
        }
    }

    @Test("an unknown pre-tokenizer is refused by name")
    func unknownPreTokenizer() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try #"{"pre_tokenizer":{"type":"Metaspace"},"model":{"type":"WordPiece","unk_token":"[UNK]","vocab":{"[UNK]":0}}}"#
            .write(to: dir.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
        #expect {
            _ = try Tokenizer(directory: dir.path)
        } throws: { error in
            "\(error)".contains("pre_tokenizer type 'Metaspace'")
        }
    }

    /// Found by `Tools/fuzz tokenizer`: one id of 400000000 made loading allocate 6.4 GB.
    @Test(
        "a vocabulary id far beyond the vocabulary's size is refused, not allocated",
        arguments: ["400000000.0", "9223372036854775807", "-1"])
    func hugeVocabularyID(_ id: String) throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (type, extra) in [("BPE", #""merges":[]"#), ("WordPiece", #""unk_token":"[UNK]""#)] {
            try #"{"model":{"type":"\#(type)",\#(extra),"vocab":{"[UNK]":0,"a":1,"b":\#(id)}}}"#
                .write(to: dir.appendingPathComponent("tokenizer.json"), atomically: true, encoding: .utf8)
            #expect {
                _ = try Tokenizer(directory: dir.path)
            } throws: { error in
                "\(error)".contains("vocabulary token 'b' has id") && "\(error)".contains("must lie in 0..<65548")
            }
        }
    }

    @Test("a folder without tokenizer files says what it looked for")
    func missing() throws {
        let dir = try Fixtures.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect {
            _ = try Tokenizer(directory: dir.path)
        } throws: { error in
            "\(error)".contains("tokenizer.json, vocab.txt, vocab.json + merges.txt")
        }
    }
}

@Suite("Hostile text")
struct HostileTextTests {
    static let texts: [String] = [
        "", " ", "\u{0301}\u{0301}", "a\u{0000}b", "\u{FEFF}\u{200B}\u{200D}", "👨‍👩‍👧‍👦🏳️‍🌈",
        String(repeating: "x", count: 10_000), String(repeating: "é ", count: 2_000), "\u{202E}evil\u{202C}",
        "[CLS][SEP][MASK]<s></s><mask>", "'s're've'll", "\r\n\t\u{0B}\u{0C}\u{85}\u{2028}", "ﷺ ﷽ 𒐫",
        String(repeating: "🙂", count: 300),
    ]

    @Test("every tokenizer handles it, offsets stay inside the text", arguments: Fixtures.tinyModelNames, texts)
    func neverCrashes(_ model: String, _ text: String) throws {
        let tokenizer = try Tokenizer(directory: Fixtures.tinyModel(model))
        let e = tokenizer.encode(text)
        let scalars = text.unicodeScalars.count
        #expect(e.count <= 64)
        #expect(e.offsets.allSatisfy { $0.lowerBound >= 0 && $0.upperBound <= scalars })
        #expect(e.ids.count == e.tokens.count && e.ids.count == e.offsets.count)
    }
}

extension HostileTextTests {
    @Test("the encoders embed and classify it", arguments: ["tiny-bert", "tiny-roberta-seqcls", "tiny-distilbert-seqcls"])
    func encodersHandleIt(_ model: String) throws {
        let encoder = try TextEncoder(model: EncoderModel(directory: Fixtures.tinyModel(model)), device: .cpu(threads: 2))
        let (vectors, report) = try encoder.embed(Self.texts)
        #expect(vectors.count == Self.texts.count)
        #expect(vectors.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isFinite) })
        #expect(report.truncatedTexts >= 1)  // "é é é …" at least; BPE cuts the long runs too
        if encoder.model.encoder.task == .sequenceClassification {
            let (predictions, _) = try encoder.classify(Self.texts)
            #expect(predictions.allSatisfy { $0.probabilities.allSatisfy(\.isFinite) })
        }
    }
}

@Suite struct WordPieceBoundsTests {
    /// A hostile tokenizer.json (700-scalar pieces, max_input_chars_per_word 789) must not make
    /// the longest-match search cost seconds a word: pieces beyond 200 scalars are not tried and
    /// words beyond 1,000 are unknown whatever the file says.
    @Test func aHostileVocabularyCannotMakeTheMatchSearchUnbounded() throws {
        let long = String(repeating: "a", count: 700)
        let model = try WordPieceModel(vocab: ["[UNK]": 0, "a": 1, "##a": 2, long: 3], unkToken: "[UNK]", maxInputCharsPerWord: 5_000)
        #expect(model.longestEntry == WordPieceModel.searchLimit)
        #expect(model.maxInputCharsPerWord == WordPieceModel.wordLimit)
        var out: [RawToken] = []
        let word = Array(String(repeating: "a", count: 789).unicodeScalars)
        model.tokenize(word[...], origins: Array(0..<789)[...], into: &out)
        #expect(out.count == 789, "one piece per letter: the 700-scalar piece is beyond the search")
        #expect(out.first?.id == 1 && out.last?.id == 2)
    }
}
