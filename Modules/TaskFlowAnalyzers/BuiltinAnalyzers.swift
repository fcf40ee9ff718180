import TaskFlowPluginAPI

/// The analyzers and feature extractors built into TaskFlow, registered through the same
/// registrar plugins use.
public enum BuiltinAnalyzers {
    public static func register(into registrar: any PluginRegistrar) throws {
        try registrar.register(VADERSentimentAnalyzer.self)
        try registrar.register(YAKEKeyphraseAnalyzer.self)
        try registrar.register(RulesEntityAnalyzer.self)
        try registrar.register(EmotionHeadAnalyzer.self)
        try registrar.register(SentimentHeadAnalyzer.self)
        try registrar.register(HeadClassifierAnalyzer.self)
        try registrar.register(SentimentModelAnalyzer.self)
        try registrar.register(EmotionModelAnalyzer.self)
        try registrar.register(ClassifyModelAnalyzer.self)
        try registrar.register(TransformerEmbeddingAnalyzer.self)
        try registrar.register(EmbeddingKeyphraseAnalyzer.self)
        try registrar.register(ModelEntityAnalyzer.self)
        try registrar.register(MiniLMEntityAnalyzer.self)
        try registrar.register(HeadEntityAnalyzer.self)
        try registrar.register(corpusAnalyzer: TopicClusterAnalyzer.self)
        try registrar.register(featureExtractor: EmbeddingFeatureExtractor.self)
        try registrar.register(agent: WriterAgent.self)
        try registrar.register(agent: CriticAgent.self)
    }
}
