import Foundation

/// Open-addressing hash table from a lower-cased word's UTF-8 bytes to its entry.
///
/// Keys of up to 16 bytes (nearly all) live inside their 32-byte slot, so a lookup
/// usually touches a single cache line; longer keys sit in a small side dictionary.
struct VADERWordTable: Sendable {
    /// One slot: the entry and, inline, its key.
    struct Entry: Sendable {
        /// High hash bits, never 0 in a used slot (0 marks an empty slot).
        var tag: UInt32 = 0
        var length: UInt8 = 0
        var flags: UInt8 = 0
        var word = VADERWord.other
        var phraseID: UInt8 = 0
        var valence = 0.0
        var key0: UInt64 = 0
        var key1: UInt64 = 0
    }

    /// The first 16 bytes of a word, little-endian and zero-padded, with its length.
    struct Key {
        var word0: UInt64 = 0
        var word1: UInt64 = 0
        var length: Int

        init(length: Int) {
            self.length = length
        }

        /// Stores `byte` at position `k`; positions past 15 are ignored.
        @inline(__always)
        mutating func append(_ byte: UInt8, at k: Int) {
            if k < 8 {
                word0 |= UInt64(byte) << UInt64(k &* 8)
            } else if k < 16 {
                word1 |= UInt64(byte) << UInt64((k &- 8) &* 8)
            }
        }

        @inline(__always)
        var hash: UInt64 {
            var h = word0 &* 0x9E37_79B9_7F4A_7C15
            h ^= (word1 ^ UInt64(truncatingIfNeeded: length)) &* 0xC2B2_AE3D_27D4_EB4F
            h ^= h >> 31
            h &*= 0xBF58_476D_1CE4_E5B9
            return h ^ (h >> 29)
        }
    }

    static let inlineKeyLimit = 16
    private static let filterMask = (1 << 16) - 1

    private let slots: [Entry]
    /// One bit per hash value (bits 16–31 of the hash) that some stored key has.
    private let filter: [UInt64]
    private let mask: Int
    private let longEntries: [[UInt8]: Entry]
    let lexiconCount: Int

    /// Finds the entry whose key equals `word` with ASCII letters lower-cased; `key` must
    /// hold the first 16 lower-cased bytes of `word`.
    @inline(__always)
    func lookup(_ key: Key, _ word: UnsafeBufferPointer<UInt8>) -> Entry? {
        if key.length > Self.inlineKeyLimit {
            return longEntries[word.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }]
        }
        let hash = key.hash
        // Most words of a text are in no list; the 8 KiB filter answers those from L1.
        let bit = Int(truncatingIfNeeded: hash >> 16) & Self.filterMask
        if filter[bit >> 6] >> UInt64(bit & 63) & 1 == 0 { return nil }
        let tag = UInt32(truncatingIfNeeded: hash >> 32) | 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            while true {
                let entry = slots[slot]
                if entry.tag == tag && Int(entry.length) == key.length
                    && entry.key0 == key.word0 && entry.key1 == key.word1
                {
                    return entry
                }
                if entry.tag == 0 { return nil }
                slot = (slot &+ 1) & mask
            }
        }
    }

    /// Collects entries during initialisation.
    struct Builder {
        private var index: [[UInt8]: Int] = [:]
        private var entries: [Entry] = []
        private var keys: [[UInt8]] = []
        private var phraseIDs: [[UInt8]: UInt8] = [:]
        private var lexiconCount = 0

        private mutating func entryIndex(_ word: String) -> Int {
            let key = Array(word.utf8)
            if let existing = index[key] { return existing }
            entries.append(Entry())
            keys.append(key)
            index[key] = entries.count - 1
            return entries.count - 1
        }

        mutating func setValence(_ valence: Double, for word: String) {
            let i = entryIndex(word)
            if entries[i].flags & VADERToken.inLexicon == 0 { lexiconCount += 1 }
            entries[i].valence = valence
            entries[i].flags |= VADERToken.inLexicon
        }

        mutating func markBooster(_ word: String, dampener: Bool) {
            let i = entryIndex(word)
            entries[i].flags &= ~VADERToken.dampener
            entries[i].flags |= VADERToken.booster | (dampener ? VADERToken.dampener : 0)
        }

        mutating func markNegation(_ word: String) {
            entries[entryIndex(word)].flags |= VADERToken.negation
        }

        mutating func assign(_ word: VADERWord, to text: String) {
            entries[entryIndex(text)].word = word
        }

        /// Registers a phrase of two or three words; other lengths can never match and give nil.
        mutating func phrase(_ text: String, value: Double) -> VADERPhrase? {
            let parts = text.split(separator: " ").map(String.init)
            guard parts.count == 2 || parts.count == 3 else { return nil }
            var ids: [UInt8] = []
            for part in parts {
                let key = Array(part.utf8)
                let id: UInt8
                if let existing = phraseIDs[key] {
                    id = existing
                } else {
                    guard phraseIDs.count < Int(UInt8.max) else { return nil }
                    id = UInt8(phraseIDs.count + 1)
                    phraseIDs[key] = id
                }
                entries[entryIndex(part)].phraseID = id
                ids.append(id)
            }
            let key = ids.count == 2
                ? VADERPhrase.key(ids[0], ids[1])
                : VADERPhrase.key(ids[0], ids[1], ids[2])
            return VADERPhrase(key: key, value: value)
        }

        func build() -> VADERWordTable {
            VADERWordTable(entries: entries, keys: keys, lexiconCount: lexiconCount)
        }
    }

    private init(entries: [Entry], keys: [[UInt8]], lexiconCount: Int) {
        var short: [(Key, Entry)] = []
        var long: [[UInt8]: Entry] = [:]
        for (entry, bytes) in zip(entries, keys) where !bytes.isEmpty {
            if bytes.count > Self.inlineKeyLimit {
                long[bytes] = entry
                continue
            }
            var key = Key(length: bytes.count)
            for (k, byte) in bytes.enumerated() { key.append(byte, at: k) }
            var entry = entry
            entry.length = UInt8(bytes.count)
            entry.key0 = key.word0
            entry.key1 = key.word1
            entry.tag = UInt32(truncatingIfNeeded: key.hash >> 32) | 1
            short.append((key, entry))
        }
        var size = 16
        while size < short.count * 2 { size *= 2 }
        var slots = [Entry](repeating: Entry(), count: size)
        var filter = [UInt64](repeating: 0, count: (Self.filterMask + 1) / 64)
        for (key, entry) in short {
            let bit = Int(truncatingIfNeeded: key.hash >> 16) & Self.filterMask
            filter[bit >> 6] |= 1 << UInt64(bit & 63)
            var slot = Int(truncatingIfNeeded: key.hash) & (size - 1)
            while slots[slot].tag != 0 { slot = (slot + 1) & (size - 1) }
            slots[slot] = entry
        }
        self.slots = slots
        self.filter = filter
        self.mask = size - 1
        self.longEntries = long
        self.lexiconCount = lexiconCount
    }
}
