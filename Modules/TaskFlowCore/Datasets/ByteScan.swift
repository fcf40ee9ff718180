/// Finding the next byte of interest in a buffer, eight bytes at a time.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// The index of the first byte at or after `start` equal to `a`, `b` or `c`; `buffer.count` if none.
    @inline(__always)
    static func firstIndex(
        in buffer: UnsafeBufferPointer<UInt8>, from start: Int, of a: UInt8, _ b: UInt8, _ c: UInt8
    ) -> Int {
        var i = start
        let count = buffer.count
        if let base = buffer.baseAddress {
            let raw = UnsafeRawPointer(base)
            let pa = UInt64(a) &* ones, pb = UInt64(b) &* ones, pc = UInt64(c) &* ones
            while i &+ 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if hasZeroByte(word ^ pa) | hasZeroByte(word ^ pb) | hasZeroByte(word ^ pc) != 0 {
                    break
                }
                i &+= 8
            }
        }
        while i < count {
            let byte = buffer[i]
            if byte == a || byte == b || byte == c { break }
            i &+= 1
        }
        return i
    }

    /// Nonzero when some byte of `word` is zero.
    @inline(__always)
    private static func hasZeroByte(_ word: UInt64) -> UInt64 {
        (word &- ones) & ~word & highs
    }
}
