/// Byte-pair encoding (Sennrich et al. 2016) with GPT-2's byte-level alphabet (Radford et al. 2019).
///
/// A word is first turned into its UTF-8 bytes, each shown as a printable scalar (GPT-2's
/// byte-to-unicode table, so a space is `Ġ`), then the lowest-ranked adjacent pair in the merge
/// list is merged, repeatedly, until no pair of the word has a merge.
struct BPEModel: Sendable {
    let vocab: [String: Int]
    let idToToken: [String]
    /// (left id, right id) → (rank, merged id).
    let merges: [PairKey: Merge]
    let unkID: Int?
    let unkToken: String?
    /// Whether words are mapped to GPT-2's byte alphabet first (byte-level BPE).
    let byteLevel: Bool

    struct PairKey: Hashable, Sendable {
        var left: Int32
        var right: Int32
    }

    struct Merge: Sendable {
        var rank: Int32
        var id: Int32
    }

    init(vocab: [String: Int], merges: [(String, String)], unkToken: String?, byteLevel: Bool) throws {
        self.vocab = vocab
        self.byteLevel = byteLevel
        self.unkToken = unkToken
        unkID = unkToken.flatMap { vocab[$0] }
        var tokens = [String](repeating: "", count: (vocab.values.max() ?? -1) + 1)
        for (t, i) in vocab where i >= 0 { tokens[i] = t }
        idToToken = tokens
        var table: [PairKey: Merge] = [:]
        table.reserveCapacity(merges.count)
        for (rank, (a, b)) in merges.enumerated() {
            guard let ia = vocab[a], let ib = vocab[b], let merged = vocab[a + b] else {
                throw InferenceFailure.unsupported(
                    "BPE merge #\(rank + 1) '\(a) \(b)' uses a token missing from the vocabulary",
                    hint: "the vocabulary and merges do not belong together; re-export the tokenizer")
            }
            let key = PairKey(left: Int32(ia), right: Int32(ib))
            if table[key] == nil { table[key] = Merge(rank: Int32(rank), id: Int32(merged)) }
        }
        self.merges = table
    }

    /// GPT-2's byte → printable scalar table.
    static let byteToScalar: [Unicode.Scalar] = {
        var table = [Unicode.Scalar](repeating: " ", count: 256)
        var next: UInt32 = 256
        for b in 0..<256 {
            let printable = (33...126).contains(b) || (161...172).contains(b) || (174...255).contains(b)
            if printable {
                table[b] = Unicode.Scalar(UInt8(b))
            } else {
                table[b] = Unicode.Scalar(next) ?? " "
                next += 1
            }
        }
        return table
    }()

    /// The inverse of `byteToScalar`: printable scalar → byte.
    static let scalarToByte: [Unicode.Scalar: UInt8] = {
        var table: [Unicode.Scalar: UInt8] = [:]
        for (b, s) in byteToScalar.enumerated() { table[s] = UInt8(b) }
        return table
    }()

    /// Appends the tokens of one word.
    func tokenize(_ scalars: ArraySlice<Unicode.Scalar>, origins: ArraySlice<Int>, into out: inout [RawToken]) {
        // Symbols: one per byte (byte level) or per scalar, each with its original span.
        var symbols: [Int32] = []
        var starts: [Int] = []
        var ends: [Int] = []
        symbols.reserveCapacity(scalars.count * 2)
        for (s, o) in zip(scalars, origins) {
            if byteLevel {
                for b in String(s).utf8 {
                    // -1 marks a symbol outside the vocabulary: it never merges.
                    symbols.append(vocab[String(Self.byteToScalar[Int(b)])].map(Int32.init) ?? -1)
                    starts.append(o)
                    ends.append(o + 1)
                }
            } else {
                symbols.append(vocab[String(s)].map(Int32.init) ?? -1)
                starts.append(o)
                ends.append(o + 1)
            }
        }
        // Merge the lowest-ranked pair, all its occurrences left to right, until none is left.
        while symbols.count > 1 {
            var best = Int32.max
            var bestMerge: Merge?
            for i in 0..<(symbols.count - 1) {
                guard symbols[i] >= 0, symbols[i + 1] >= 0 else { continue }
                if let m = merges[PairKey(left: symbols[i], right: symbols[i + 1])], m.rank < best {
                    best = m.rank
                    bestMerge = m
                }
            }
            guard let merge = bestMerge else { break }
            var i = 0
            var newSymbols: [Int32] = []
            var newStarts: [Int] = []
            var newEnds: [Int] = []
            newSymbols.reserveCapacity(symbols.count)
            while i < symbols.count {
                if i + 1 < symbols.count, symbols[i] >= 0, symbols[i + 1] >= 0,
                    let m = merges[PairKey(left: symbols[i], right: symbols[i + 1])], m.rank == merge.rank
                {
                    newSymbols.append(m.id)
                    newStarts.append(starts[i])
                    newEnds.append(ends[i + 1])
                    i += 2
                } else {
                    newSymbols.append(symbols[i])
                    newStarts.append(starts[i])
                    newEnds.append(ends[i])
                    i += 1
                }
            }
            symbols = newSymbols
            starts = newStarts
            ends = newEnds
        }
        for (k, id) in symbols.enumerated() {
            if id >= 0 {
                out.append(RawToken(id: Int(id), token: idToToken[Int(id)], start: starts[k], end: ends[k]))
            } else if let unkID, let unkToken {
                out.append(RawToken(id: unkID, token: unkToken, start: starts[k], end: ends[k]))
            }
            // No unknown token configured: the symbol is dropped, as Hugging Face does.
        }
    }
}
