import TaskFlowPluginAPI

/// Opens the right `DatasetReader` for a `DatasetSource`.
public enum DatasetReaders {
    /// A reader for `source`, its format given or inferred from the extension.
    ///
    /// Reads the header (csv/tsv) or the first object (jsonl) before returning, so column errors
    /// surface here.
    /// - Throws: `TaskFlowFailure` for a missing or unreadable file, an unknown extension, an
    ///   unknown text or id column, or (strict) a malformed first row.
    public static func open(_ source: DatasetSource) throws -> any DatasetReader {
        try open(source, chunkSize: ByteChunkReader.defaultChunkSize)
    }

    /// `open(_:)` with a chosen read size, for tests of chunk boundaries.
    static func open(_ source: DatasetSource, chunkSize: Int) throws -> any DatasetReader {
        try ByteChunkReader.checkReadable(source.path)
        let format = try source.format ?? DatasetFormat.infer(fromPath: source.path)
        switch format {
        case .csv:
            return try CSVDatasetReader(source, delimiter: UInt8(ascii: ","), chunkSize: chunkSize)
        case .tsv:
            return try CSVDatasetReader(source, delimiter: UInt8(ascii: "\t"), chunkSize: chunkSize)
        case .jsonl:
            return try JSONLDatasetReader(source, chunkSize: chunkSize)
        case .txt:
            return try TextLineDatasetReader(source, chunkSize: chunkSize)
        }
    }
}
