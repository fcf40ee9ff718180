"""Topic quality as NMI against a known grouping: the four VADER ground-truth corpora mixed.

  topic_nmi.py dataset VADER_DIR OUT.csv       writes id,text,source (RFC 4180, CRLF): every
                                               record of the four *_GroundTruth.txt corpora;
                                               source is the corpus file, id is FILE-STEM:ID
  topic_nmi.py score RESULTS.jsonl DATA.csv    TaskFlow's per-record JSON against the sources:
                                               topic.nmi, topic.count, topic.outliers
  topic_nmi.py baselines DATA.csv MODEL_DIR CACHE_DIR
                                               (in the pipeline venv) all-MiniLM-L6-v2 embeddings,
                                               then k-means with k=4 and BERTopic's defaults:
                                               baseline.kmeans4.nmi, baseline.bertopic.nmi, ...
  topic_nmi.py selftest                        the NMI code on labellings with known answers
                                               (and against scikit-learn where it is installed)

NMI is mutual information over the arithmetic mean of the two entropies (scikit-learn's
normalized_mutual_info_score default). The outlier topic (id -1) counts as one more cluster,
so a method that leaves many records unassigned pays for it.
"""
import csv
import json
import math
import os
import sys
from collections import Counter

CORPORA = ["tweets", "movieReviewSnippets", "amazonReviewSnippets", "nytEditorialSnippets"]


def fail(message, hint):
    print(f"topic-nmi: {message}\n  hint: {hint}", file=sys.stderr)
    sys.exit(1)


def entropy(counts, n):
    return -sum(c / n * math.log(c / n) for c in counts.values())


def nmi(labels_true, labels_pred):
    """Normalised mutual information, arithmetic-mean normalisation; 1.0 when both are one class."""
    n = len(labels_true)
    if n != len(labels_pred):
        raise ValueError(f"labellings differ in length: {n} and {len(labels_pred)}")
    if n == 0:
        raise ValueError("no labels to compare")
    true_counts, pred_counts = Counter(labels_true), Counter(labels_pred)
    if len(true_counts) == len(pred_counts) == 1:
        return 1.0
    joint = Counter(zip(labels_true, labels_pred))
    mi = sum(c / n * math.log(c * n / (true_counts[a] * pred_counts[b])) for (a, b), c in joint.items())
    if mi <= 0:
        return 0.0
    return mi / ((entropy(true_counts, n) + entropy(pred_counts, n)) / 2)


def write_dataset(vader_dir, out):
    rows = []
    for corpus in CORPORA:
        name = f"{corpus}_GroundTruth.txt"
        path = os.path.join(vader_dir, name)
        if not os.path.isfile(path):
            fail(f"no VADER corpus at {path}", "the shared data folder sits beside the repository")
        with open(path, encoding="utf-8", newline="") as f:
            for number, line in enumerate(f.read().split("\r\n"), start=1):
                if not line:
                    continue
                parts = line.split("\t", 2)
                if len(parts) != 3:
                    fail(f"{path} line {number} has {len(parts)} tab-separated fields, not 3",
                         "the corpora must be byte-identical to the shared copies (see their README)")
                rows.append((f"{corpus}:{parts[0]}", parts[2], name))
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out + ".tmp", "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\r\n")
        writer.writerow(["id", "text", "source"])
        writer.writerows(rows)
    os.replace(out + ".tmp", out)
    print(f"topic-nmi: {len(rows)} texts from {len(CORPORA)} corpora in {out}", file=sys.stderr)


def read_sources(path):
    if not os.path.isfile(path):
        fail(f"no dataset at {path}", "write it with `topic_nmi.py dataset VADER_DIR OUT.csv`")
    with open(path, encoding="utf-8", newline="") as f:
        return {row["id"]: row["source"] for row in csv.DictReader(f)}


def score(results, data):
    sources = read_sources(data)
    topics = {}
    if not os.path.isfile(results):
        fail(f"no results file at {results}", "run `tf analyze DATA --tools topic --format jsonl -o RESULTS` first")
    with open(results, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                fail(f"{results} line {number} is not JSON ({e.msg})", "pass the jsonl that `tf analyze --format jsonl` wrote")
            topic = record.get("topic")
            if not isinstance(topic, dict) or "id" not in topic:
                fail(f"{results} line {number} (record {record.get('id')!r}) has no topic",
                     "run `tf analyze` with `--tools topic`")
            topics[str(record.get("id"))] = topic["id"]
    missing = [i for i in sources if i not in topics]
    if missing:
        fail(f"{len(missing)} of {len(sources)} records of {data} have no result in {results} (first: {missing[0]})",
             "check the run's skipped-row count; every record must come back")
    ids = list(sources)
    pred = [topics[i] for i in ids]
    print(f"topic.nmi: {nmi([sources[i] for i in ids], pred):.3f}")
    print(f"topic.count: {len(set(pred) - {-1})}")
    print(f"topic.outliers: {sum(1 for t in pred if t == -1) / len(pred):.3f}")


def baselines(data, model_dir, cache_dir):
    import hashlib

    import numpy as np
    import torch
    from bertopic import BERTopic
    from python_pipeline import load_encoder
    from sklearn.cluster import KMeans

    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS", "2")))
    with open(data, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    texts, sources = [r["text"] for r in rows], [r["source"] for r in rows]
    encoder = load_encoder(model_dir)
    key = hashlib.sha256()
    with open(os.path.join(model_dir, "model.safetensors"), "rb") as f:
        key.update(hashlib.sha256(f.read()).digest())
    for t in texts:
        key.update(t.encode("utf-8", "replace") + b"\0")
    path = os.path.join(cache_dir, f"embeddings-{key.hexdigest()[:16]}.npy")
    if os.path.isfile(path):
        x = np.load(path)
    else:
        print(f"topic-nmi: embedding {len(texts)} texts with all-MiniLM-L6-v2 (once; cached in {cache_dir})…",
              file=sys.stderr, flush=True)
        x = encoder.encode(texts, batch_size=32, convert_to_numpy=True)
        os.makedirs(cache_dir, exist_ok=True)
        np.save(path + ".tmp.npy", x)
        os.replace(path + ".tmp.npy", path)
    kmeans = KMeans(n_clusters=4, n_init=10, random_state=0).fit_predict(x)
    print(f"baseline.kmeans4.nmi: {nmi(sources, kmeans.tolist()):.3f}")
    topics, _ = BERTopic(embedding_model=encoder).fit_transform(texts, x)
    print(f"baseline.bertopic.nmi: {nmi(sources, list(topics)):.3f}")
    print(f"baseline.bertopic.count: {len(set(topics) - {-1})}")
    print(f"baseline.bertopic.outliers: {sum(1 for t in topics if t == -1) / len(topics):.3f}")


def selftest():
    import random

    checks = 0

    def close(got, want, what):
        nonlocal checks
        checks += 1
        if abs(got - want) > 1e-9:
            fail(f"selftest {what}: NMI {got!r}, expected {want!r}", "the NMI code is wrong")

    close(nmi([0, 0, 1, 1], [0, 0, 1, 1]), 1.0, "identical")
    close(nmi([0, 0, 1, 1], ["b", "b", "a", "a"]), 1.0, "renamed clusters")
    close(nmi([0, 0, 1, 1], [0, 1, 0, 1]), 0.0, "independent")
    close(nmi([0, 0, 0], [1, 1, 1]), 1.0, "one class each")
    close(nmi([0, 0, 1, 1], [0, 0, 0, 0]), 0.0, "one cluster")
    # Two classes of 2, split into clusters {a0,a1}, {b0}, {b1}: MI = ln 2,
    # H(true) = ln 2, H(pred) = 1.5 ln 2, so NMI = ln 2 / (1.25 ln 2) = 0.8.
    close(nmi(["a", "a", "b", "b"], [0, 0, 1, 2]), 0.8, "split cluster")
    close(nmi(["a", "a", "b", "b"], [0, 0, 1, 2]), nmi([0, 0, 1, 2], ["a", "a", "b", "b"]), "symmetry")
    # A synthetic mixed corpus: four sources of 1000, topics that get 80 % right and send the
    # rest to random topics or the outlier id -1; NMI must rise with the share right.
    rng = random.Random(7)
    truth = [s for s in range(4) for _ in range(1000)]
    previous = -1.0
    for right in (0.0, 0.25, 0.5, 0.8, 1.0):
        pred = [s if rng.random() < right else rng.choice([-1, 0, 1, 2, 3]) for s in truth]
        value = nmi(truth, pred)
        checks += 1
        if not previous < value <= 1.0:
            fail(f"selftest synthetic: NMI {value} at {right:.0%} right, not above {previous}", "the NMI code is wrong")
        previous = value
    try:
        from sklearn.metrics import normalized_mutual_info_score
    except ImportError:
        normalized_mutual_info_score = None
    if normalized_mutual_info_score is not None:
        for trial in range(50):
            n = rng.randint(1, 300)
            a = [rng.randint(0, rng.randint(0, 6)) for _ in range(n)]
            b = [rng.randint(-1, rng.randint(0, 9)) for _ in range(n)]
            close(nmi(a, b), float(normalized_mutual_info_score(a, b)), f"against scikit-learn, trial {trial}")
    print(f"topic-nmi selftest: {checks} passed, 0 failed"
          + ("" if normalized_mutual_info_score else " (scikit-learn absent: not compared)"))


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "dataset" and len(sys.argv) == 4:
        write_dataset(sys.argv[2], sys.argv[3])
    elif command == "score" and len(sys.argv) == 4:
        score(sys.argv[2], sys.argv[3])
    elif command == "baselines" and len(sys.argv) == 5:
        baselines(sys.argv[2], sys.argv[3], sys.argv[4])
    elif command == "selftest" and len(sys.argv) == 2:
        selftest()
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
