import Foundation

/// Words the rules test for by identity; the raw value is the word itself.
enum VADERWord: String, CaseIterable, Sendable {
    case other = ""
    case no, but, least, at, very, kind, of, so, this, never, without, doubt, or, nor
}
