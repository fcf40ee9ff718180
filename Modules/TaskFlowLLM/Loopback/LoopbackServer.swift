import Dispatch
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import TaskFlowPluginAPI

/// A small HTTP/1.1 server on 127.0.0.1 that answers with whatever its handler says, down
/// to the timing of each byte: a slow head, a pause inside a stream, a connection cut in the
/// middle. The tests and `tf bench llm` stand it in for a language-model provider, so every
/// client path runs over a real socket without a network.
public final class LoopbackServer: Sendable {
    /// A request as received.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [(String, String)]
        public var body: [UInt8]

        /// The first value of a header (case-insensitive name).
        public func header(_ name: String) -> String? {
            headers.first { $0.0.lowercased() == name.lowercased() }?.1
        }

        /// The body as JSON, when it is.
        public var json: JSONValue? { try? JSONParser.parse(body) }
    }

    /// A piece of a response body, in order.
    public enum Part: Sendable {
        case bytes([UInt8])
        /// Wait before the next piece, in seconds.
        case pause(Double)
        /// Close the connection here, mid-answer.
        case cut
    }

    /// What to answer.
    public struct Response: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        /// Seconds to wait before sending the head (a slow first byte).
        public var headDelay: Double
        public var parts: [Part]

        public init(status: Int = 200, headers: [(String, String)] = [], headDelay: Double = 0, parts: [Part] = []) {
            self.status = status
            self.headers = headers
            self.headDelay = headDelay
            self.parts = parts
        }

        /// A JSON body.
        public static func json(_ value: JSONValue, status: Int = 200, headers: [(String, String)] = []) -> Response {
            let bytes = Array(value.jsonString.utf8)
            return Response(
                status: status, headers: [("content-type", "application/json"), ("content-length", String(bytes.count))] + headers,
                parts: [.bytes(bytes)])
        }

        /// Raw text with a content type.
        public static func text(_ text: String, status: Int = 200, contentType: String = "text/plain") -> Response {
            let bytes = Array(text.utf8)
            return Response(
                status: status, headers: [("content-type", contentType), ("content-length", String(bytes.count))], parts: [.bytes(bytes)])
        }
    }

    public typealias Handler = @Sendable (Request) async -> Response

    private let channel: any Channel
    private let task: Task<Void, Never>
    /// The port it listens on.
    public let port: Int
    private let served: RequestCounter

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Requests answered so far.
    public var requestCount: Int { served.value }

    private init(channel: any Channel, task: Task<Void, Never>, port: Int, served: RequestCounter) {
        self.channel = channel
        self.task = task
        self.port = port
        self.served = served
    }

    /// Starts listening on 127.0.0.1 (`port` 0 picks a free one).
    public static func start(port: Int = 0, handler: @escaping Handler) async throws -> LoopbackServer {
        let counter = RequestCounter()
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .serverChannelOption(.backlog, value: 256)
            .bind(host: "127.0.0.1", port: port) { child in
                child.eventLoop.makeCompletedFuture {
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: child)
                }
            }
        let raw = server.channel
        // Connections are served on threads of their own, not Swift's cooperative pool: a test
        // run that blocks the pool's few threads must not keep the stand-in provider silent.
        let task = Task<Void, Never>(executorPreference: LoopbackExecutor.shared) {
            _ = try? await withThrowingDiscardingTaskGroup { group in
                try await server.executeThenClose { inbound in
                    for try await connection in inbound {
                        group.addTask { await serve(connection, handler: handler, counter: counter) }
                    }
                }
            }
        }
        return LoopbackServer(channel: raw, task: task, port: raw.localAddress?.port ?? port, served: counter)
    }

    /// Stops listening and waits for the accept loop to end.
    public func stop() async {
        try? await channel.close()
        task.cancel()
        _ = await task.value
    }

    final class RequestCounter: Sendable {
        private let m = Mutex(0)
        func add() { m.withLock { $0 += 1 } }
        var value: Int { m.withLock { $0 } }
    }

    private static func serve(
        _ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, handler: Handler, counter: RequestCounter
    ) async {
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body: [UInt8] = []
            for try await part in inbound {
                switch part {
                case .head(let h):
                    head = h
                    body = []
                case .body(let buffer):
                    body.append(contentsOf: buffer.readableBytesView)
                case .end:
                    guard let h = head else { continue }
                    let request = Request(
                        method: h.method.rawValue, path: h.uri, headers: h.headers.map { ($0.name, $0.value) }, body: body)
                    let response = await handler(request)
                    counter.add()
                    if response.headDelay > 0 { try await Task.sleep(nanoseconds: UInt64(response.headDelay * 1e9)) }
                    var headers = HTTPHeaders(response.headers)
                    if !headers.contains(name: "content-length") && !headers.contains(name: "transfer-encoding") {
                        headers.add(name: "transfer-encoding", value: "chunked")
                    }
                    try await outbound.write(
                        .head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)))
                    for p in response.parts {
                        switch p {
                        case .bytes(let b): try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: b))))
                        case .pause(let s): try await Task.sleep(nanoseconds: UInt64(max(0, s) * 1e9))
                        case .cut: return
                        }
                    }
                    try await outbound.write(.end(nil))
                    head = nil
                }
            }
        }
    }
}

/// Runs the loopback server's tasks on a Dispatch queue, apart from the cooperative pool.
final class LoopbackExecutor: TaskExecutor {
    static let shared = LoopbackExecutor()
    private let queue = DispatchQueue(label: "taskflow.loopback", attributes: .concurrent)

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
