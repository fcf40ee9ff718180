/// Near-duplicate detection with MinHash signatures and locality-sensitive hashing.
///
/// Each text becomes a set of character shingles (after lower-casing and squeezing whitespace
/// and punctuation); its MinHash signature estimates Jaccard similarity between sets; banding
/// the signatures finds candidate pairs without comparing every pair; candidates at or above
/// the similarity threshold are joined into clusters.
struct MinHashIndex: Sendable {
    let shingleSize: Int
    let hashes: Int
    let bands: Int
    let seeds: [UInt64]

    init(shingleSize: Int = 5, hashes: Int = 128, bands: Int = 32) {
        self.shingleSize = shingleSize
        self.hashes = hashes
        self.bands = bands
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        seeds = (0..<hashes).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state | 1
        }
    }

    /// The text as compared: lower-case letters and digits, single spaces.
    static func canonical(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        var space = true
        for s in text.lowercased().unicodeScalars {
            if s.properties.isAlphabetic || ("0"..."9").contains(s) {
                out.append(s.value)
                space = false
            } else if !space {
                out.append(32)
                space = true
            }
        }
        if out.last == 32 { out.removeLast() }
        return out
    }

    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The MinHash signature of a text; nil for texts too short to shingle.
    func signature(_ text: String) -> [UInt64]? {
        let chars = Self.canonical(text)
        guard chars.count >= shingleSize else { return nil }
        var shingles = Set<UInt64>()
        for i in 0...(chars.count - shingleSize) {
            var h: UInt64 = 1_469_598_103_934_665_603
            for c in chars[i..<(i + shingleSize)] { h = (h ^ UInt64(c)) &* 1_099_511_628_211 }
            shingles.insert(h)
        }
        var sig = [UInt64](repeating: .max, count: hashes)
        for s in shingles {
            for k in 0..<hashes {
                let v = Self.mix(s ^ seeds[k])
                if v < sig[k] { sig[k] = v }
            }
        }
        return sig
    }

    static func similarity(_ a: [UInt64], _ b: [UInt64]) -> Double {
        var same = 0
        for i in a.indices where a[i] == b[i] { same += 1 }
        return Double(same) / Double(a.count)
    }

    /// Groups of near-duplicate texts (indexes into `texts`), largest first; singletons left out.
    func clusters(_ texts: [String], threshold: Double) -> [[Int]] {
        let signatures = texts.map(signature)
        let rows = hashes / bands
        var buckets: [Int: [UInt64: [Int]]] = [:]
        for (i, sig) in signatures.enumerated() {
            guard let sig else { continue }
            for b in 0..<bands {
                var h: UInt64 = UInt64(b) &* 0x100_0000_01B3
                for r in 0..<rows { h = Self.mix(h ^ sig[b * rows + r]) }
                buckets[b, default: [:]][h, default: []].append(i)
            }
        }
        var parent = Array(texts.indices)
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        var checked = Set<Int64>()
        for (_, table) in buckets {
            for (_, members) in table where members.count > 1 {
                for i in 0..<members.count {
                    for j in (i + 1)..<members.count {
                        let a = members[i], b = members[j]
                        let key = Int64(min(a, b)) << 32 | Int64(max(a, b))
                        guard checked.insert(key).inserted, let sa = signatures[a], let sb = signatures[b] else { continue }
                        if Self.similarity(sa, sb) >= threshold {
                            let ra = find(a), rb = find(b)
                            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
                        }
                    }
                }
            }
        }
        var groups: [Int: [Int]] = [:]
        for i in texts.indices where signatures[i] != nil { groups[find(i), default: []].append(i) }
        return groups.values.filter { $0.count > 1 }.map { $0.sorted() }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0[0] < $1[0] }
    }
}
