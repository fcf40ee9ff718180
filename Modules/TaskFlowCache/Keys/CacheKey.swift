import Crypto
import Foundation
import TaskFlowPluginAPI

/// A content address: SHA-256 over everything that determines an analyzer's output.
///
/// Analyzer id, version, canonical options, model/lexicon fingerprints and the exact text enter
/// the key; nothing else does.
public struct CacheKey: Hashable, Sendable, CustomStringConvertible {
    /// The 32 digest bytes.
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    public var hex: String {
        bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    public var description: String { hex }
}

/// Makes the cache keys of one analyzer instance (or one feature extractor): its part is hashed
/// once, then each text is added to a copy of that state.
public struct CacheKeyMaker: @unchecked Sendable {  // SHA256 is a copy-on-write value; copies are never shared mutably
    /// The analyzer's id, or the feature's (`feature:embedding`).
    public let analyzerID: String
    private let prefix: SHA256

    /// The keys of an analyzer's outputs.
    public init(descriptor: AnalyzerDescriptor, options: AnalyzerOptions, fingerprints: [String: String]) {
        self.init(id: descriptor.id, version: descriptor.version, options: options, fingerprints: fingerprints)
    }

    /// The keys of anything cached like an analyzer output: its id, version, effective options
    /// and the fingerprints of the files it uses enter every key.
    public init(id: String, version: String, options: AnalyzerOptions, fingerprints: [String: String]) {
        analyzerID = id
        var h = SHA256()
        // Length-prefixed fields, so no two different inputs share a byte stream.
        func field(_ s: String) {
            var n = UInt64(s.utf8.count).littleEndian
            withUnsafeBytes(of: &n) { h.update(bufferPointer: $0) }
            h.update(data: Array(s.utf8))
        }
        field("taskflow-cache-v1")
        field(id)
        field(version)
        field(options.canonicalJSON)
        for name in fingerprints.keys.sorted() {
            field(name)
            field(fingerprints[name]!)
        }
        prefix = h
    }

    /// What this maker's keys start from (id, version, options, fingerprints), as a digest:
    /// lets another key depend on this analyzer's identity.
    public var identity: CacheKey {
        CacheKey(bytes: Array(prefix.finalize()))
    }

    /// The key of a sequence of texts taken together (a whole run's records for a corpus
    /// analyzer): each length-prefixed, so no two different sequences share a key.
    public func key(forAll texts: some Sequence<String>) -> CacheKey {
        var h = prefix
        var count: UInt64 = 0
        for text in texts {
            var n = UInt64(text.utf8.count).littleEndian
            withUnsafeBytes(of: &n) { h.update(bufferPointer: $0) }
            var t = text
            t.withUTF8 { h.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            count += 1
        }
        // The count last, so a sequence and its first text alone never share a key.
        var c = count.littleEndian
        withUnsafeBytes(of: &c) { h.update(bufferPointer: $0) }
        return CacheKey(bytes: Array(h.finalize()))
    }

    /// The key of one text.
    public func key(for text: String) -> CacheKey {
        var h = prefix
        var n = UInt64(text.utf8.count).littleEndian
        withUnsafeBytes(of: &n) { h.update(bufferPointer: $0) }
        var t = text
        t.withUTF8 { h.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        return CacheKey(bytes: Array(h.finalize()))
    }
}
