import CFuzzMain
import Foundation

#if TASKFLOW_FUZZ
    /// The target `TF_FUZZ_TARGET` names, read once.
    let fuzzTarget: String = {
        guard let t = ProcessInfo.processInfo.environment["TF_FUZZ_TARGET"], FuzzTargets.names.contains(t) else {
            FileHandle.standardError.write(Data("set TF_FUZZ_TARGET to one of: \(FuzzTargets.names.joined(separator: ", "))\n".utf8))
            exit(2)
        }
        return t
    }()

    /// libFuzzer's entry point (the build passes `-sanitize=fuzzer -parse-as-library`; the
    /// process starts in CFuzzMain, which runs libFuzzer's driver).
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
        let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        FuzzTargets.run(fuzzTarget, bytes)
        return 0
    }
#else
    /// Without libFuzzer: `tf-fuzz TARGET FILE|DIR…` replays inputs (a crash found by the fuzzer,
    /// or the seed corpus) through a target.
    @main
    struct FuzzReplay {
        static func main() {
            let args = Array(CommandLine.arguments.dropFirst())
            guard let target = args.first, FuzzTargets.names.contains(target), args.count >= 2 else {
                print("usage: tf-fuzz TARGET FILE|DIR…   targets: \(FuzzTargets.names.joined(separator: ", "))")
                exit(2)
            }
            var count = 0
            for path in args.dropFirst() {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { continue }
                let files = isDir.boolValue
                    ? ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted().map { (path as NSString).appendingPathComponent($0) }
                    : [path]
                for f in files {
                    guard let data = FileManager.default.contents(atPath: f) else { continue }
                    FuzzTargets.run(target, Array(data))
                    count += 1
                }
            }
            print("\(target): \(count) inputs replayed, none crashed")
        }
    }
#endif
