import Synchronization
import TaskFlowPluginAPI

/// A feature extractor as registered, with the plugin that provided it.
public struct RegisteredFeatureExtractor: Sendable {
    public let type: any FeatureExtractor.Type
    /// The plugin's name, or nil for a built-in.
    public let plugin: String?
    public var kind: String { type.kind }

    public init(type: any FeatureExtractor.Type, plugin: String?) {
        self.type = type
        self.plugin = plugin
    }
}

/// The feature extractors TaskFlow knows, one per kind (`embedding`, `tokens`).
///
/// Kinds are not namespaced: an analyzer asks for `embedding`, whoever provides it.
public final class FeatureExtractorRegistry: Sendable {
    private let list = Mutex([RegisteredFeatureExtractor]())

    public init() {}

    /// Every extractor, in registration order.
    public var all: [RegisteredFeatureExtractor] { list.withLock { $0 } }

    /// The extractor of each kind, as a pipeline needs them (`PipelineSpec.featureExtractors`).
    public var byKind: [String: any FeatureExtractor.Type] {
        list.withLock { Dictionary($0.map { ($0.kind, $0.type) }, uniquingKeysWith: { first, _ in first }) }
    }

    /// The extractor of one kind, if any.
    public func extractor(kind: String) -> (any FeatureExtractor.Type)? {
        list.withLock { $0.first { $0.kind == kind }?.type }
    }

    /// Adds extractors all together, or none when a kind is taken.
    public func add(_ extractors: [RegisteredFeatureExtractor]) throws {
        try list.withLock { l in
            var kinds = Set(l.map(\.kind))
            for e in extractors where !kinds.insert(e.kind).inserted {
                let owner = l.first { $0.kind == e.kind }.map { $0.plugin.map { "plugin \($0)" } ?? "TaskFlow" }
                throw TaskFlowFailure(
                    "duplicate-feature-extractor",
                    "a feature extractor of kind '\(e.kind)' is already registered" + (owner.map { " (by \($0))" } ?? ""),
                    hint: "load only one plugin that computes '\(e.kind)', or give the new extractor another kind")
            }
            l += extractors
        }
    }
}
