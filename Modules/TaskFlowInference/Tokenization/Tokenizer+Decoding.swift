import Foundation

extension Tokenizer {
    /// The unknown token (`[UNK]`, `<unk>`), if the model has one.
    public var unknownToken: String? {
        switch model {
        case .wordPiece(let m): return m.unkToken
        case .bpe(let m): return m.unkToken
        }
    }

    /// Joins tokens into text as the tokenizer's decoder does (Hugging Face's
    /// `convert_tokens_to_string`).
    ///
    /// WordPiece: tokens are joined with spaces, a continuation (`##ing`) joins the token before
    /// it, and each token with its space is cleaned up: no space before `.`, `?`, `!`, `,`, or a
    /// token `n't`, `'s`, `'m`, `'ve`, `'re` (so `it ' s`, three tokens, stays apart).
    /// Byte-level BPE: the tokens' bytes are joined and read as UTF-8 (invalid sequences become
    /// U+FFFD).
    public func joinTokens(_ tokens: [String]) -> String {
        switch model {
        case .wordPiece(let m):
            var out = ""
            for (i, t) in tokens.enumerated() {
                if i > 0, t.hasPrefix(m.prefix) {
                    out += Self.cleanUpSpaces(String(t.dropFirst(m.prefix.count)))
                } else {
                    out += Self.cleanUpSpaces(i > 0 ? " " + t : t)
                }
            }
            return out
        case .bpe(let m):
            guard m.byteLevel else { return tokens.joined() }
            var bytes: [UInt8] = []
            for t in tokens {
                for s in t.unicodeScalars {
                    if let b = BPEModel.scalarToByte[s] {
                        bytes.append(b)
                    } else {
                        bytes.append(contentsOf: Array(String(s).utf8))
                    }
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The clean-up Hugging Face's WordPiece decoder applies to each token (with the space put
    /// before it): no space before `.`, `?`, `!`, `,`, around `'`, or before `n't`, `'m`, `'s`,
    /// `'ve`, `'re`.
    static func cleanUpSpaces(_ s: String) -> String {
        // Every pattern is a space and then one of . ? ! , ' n: most tokens have none.
        var previous: Unicode.Scalar = "x"
        var candidate = false
        for c in s.unicodeScalars {
            if previous == " ", c == "." || c == "?" || c == "!" || c == "," || c == "'" || c == "n" {
                candidate = true
                break
            }
            previous = c
        }
        guard candidate else { return s }
        var out = s
        for (a, b) in [
            (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"), (" 'm", "'m"),
            (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
        ] {
            out = out.replacingOccurrences(of: a, with: b)
        }
        return out
    }
}
