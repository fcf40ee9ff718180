import Synchronization

/// Models already loaded in this process, so repeated runs (the REPL, several analyzers
/// naming the same model) do not read the weights again.
///
/// Keyed by directory and fingerprint: a re-pulled model (new hashes) loads afresh. Holds the
/// few most recently used models.
public enum LoadedModels {
    private static let cache = Mutex<[(key: String, model: EncoderModel)]>([])
    private static let capacity = 3

    /// The loaded model for `resolved`, loading it on first use.
    ///
    /// Its files are checked against the manifest's hashes first (`ModelVerifier`): in full
    /// the first time, then only those touched since they last matched — so a file damaged
    /// while the REPL runs is caught at the next run, not served.
    ///
    /// - Throws: `corrupt-model-file` naming the damaged file and the repair.
    public static func model(for resolved: ResolvedModel) throws -> EncoderModel {
        try ModelVerifier.verify(resolved)
        let key = resolved.directory + "\u{0}" + resolved.manifest.fingerprint
        if let hit = cache.withLock({ list -> EncoderModel? in
            guard let i = list.firstIndex(where: { $0.key == key }) else { return nil }
            let entry = list.remove(at: i)
            list.append(entry)
            return entry.model
        }) {
            return hit
        }
        let model = try EncoderModel(directory: resolved.directory, name: resolved.name)
        cache.withLock { list in
            list.removeAll { $0.key == key }
            list.append((key, model))
            if list.count > capacity { list.removeFirst(list.count - capacity) }
        }
        return model
    }
}
