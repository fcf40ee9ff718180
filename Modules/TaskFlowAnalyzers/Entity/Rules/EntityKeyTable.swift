/// A map from `EntityKey` hashes to small values, with open addressing: the keys are hashes
/// already, so lookups skip `Hasher` (this is on the per-token path).
struct EntityKeyTable<Value: Sendable>: Sendable {
    private var keys: [UInt64]
    private var values: [Value?]
    private var mask: Int
    private(set) var count = 0

    init() {
        keys = [UInt64](repeating: 0, count: 16)
        values = [Value?](repeating: nil, count: 16)
        mask = 15
    }

    /// 0 marks an empty slot; a key that is 0 is stored as 1.
    @inline(__always)
    private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask }

    subscript(key: UInt64) -> Value? {
        get {
            let k = Self.stored(key)
            var i = slot(k)
            while true {
                let found = keys[i]
                if found == k { return values[i] }
                if found == 0 { return nil }
                i = (i + 1) & mask
            }
        }
        set {
            guard let newValue else { return }  // removal is never needed
            if (count + 1) * 2 > keys.count { grow() }
            let k = Self.stored(key)
            var i = slot(k)
            while keys[i] != 0 && keys[i] != k { i = (i + 1) & mask }
            if keys[i] == 0 { count += 1 }
            keys[i] = k
            values[i] = newValue
        }
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Value?](repeating: nil, count: oldKeys.count * 2)
        mask = keys.count - 1
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != 0 { self[k] = v }
    }
}
