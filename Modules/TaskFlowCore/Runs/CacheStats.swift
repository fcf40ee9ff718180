/// The content cache's figures, as the cache tiers keep them and the front ends show them.

/// What one tier holds and has done.
public struct CacheTierStats: Sendable, Hashable, Codable {
    public var tier: String
    public var entries: Int
    public var bytes: Int
    public var maxBytes: Int?
    public var hits: Int
    public var misses: Int
    public var evictions: Int
    /// Per analyzer: entries and bytes held.
    public var analyzers: [AnalyzerCacheStats]

    public var hitRate: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }

    public init(
        tier: String, entries: Int = 0, bytes: Int = 0, maxBytes: Int? = nil, hits: Int = 0, misses: Int = 0,
        evictions: Int = 0, analyzers: [AnalyzerCacheStats] = []
    ) {
        self.tier = tier
        self.entries = entries
        self.bytes = bytes
        self.maxBytes = maxBytes
        self.hits = hits
        self.misses = misses
        self.evictions = evictions
        self.analyzers = analyzers
    }
}

/// One analyzer's share of a tier.
public struct AnalyzerCacheStats: Sendable, Hashable, Codable {
    public var analyzer: String
    public var entries: Int
    public var bytes: Int
    public var hits: Int
    public var misses: Int
    /// Analysis seconds the hits saved (estimated from the analyzer's measured speed).
    public var savedSeconds: Double

    public var hitRate: Double { hits + misses == 0 ? 0 : Double(hits) / Double(hits + misses) }

    public init(analyzer: String, entries: Int = 0, bytes: Int = 0, hits: Int = 0, misses: Int = 0, savedSeconds: Double = 0) {
        self.analyzer = analyzer
        self.entries = entries
        self.bytes = bytes
        self.hits = hits
        self.misses = misses
        self.savedSeconds = savedSeconds
    }
}
