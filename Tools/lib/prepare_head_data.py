#!/usr/bin/env python3
"""Writes the labelled JSONL files the shipped heads are trained and measured on, from the
public data in ../shared/data (GoEmotions, Apache-2.0; VADER ground truth, MIT).

  prepare_head_data.py SHARED_DATA_DIR OUT_DIR

emotion-{train,dev,test}.jsonl   GoEmotions rows with exactly one Ekman-7 class
                                 (anger, disgust, fear, joy, sadness, surprise, neutral)
emotion-fine-{train,dev,test}.jsonl  all GoEmotions rows, the 28 labels joined by ','
sentiment-{train,dev}.jsonl      positive/neutral/negative: GoEmotions by the paper's sentiment
                                 grouping (rows whose labels disagree, or only "ambiguous"
                                 ones, are left out) plus the human-rated tweets, movie and NYT
                                 snippets (mean rating > 0.5 positive, < -0.5 negative, else
                                 neutral); a tenth of the snippets, chosen by id hash, is dev.
                                 The Amazon snippets are NOT used: they are the held-out check.
sentiment-amazon.jsonl           the Amazon snippets with their mean human rating.
"""
import hashlib
import json
import os
import sys

POSITIVE = {"admiration", "amusement", "approval", "caring", "desire", "excitement", "gratitude", "joy", "love",
            "optimism", "pride", "relief"}
NEGATIVE = {"anger", "annoyance", "disappointment", "disapproval", "disgust", "embarrassment", "fear", "grief",
            "nervousness", "remorse", "sadness"}


def goemotions(data, split):
    names = [l.strip() for l in open(os.path.join(data, "goemotions", "emotions.txt"), encoding="utf-8")]
    for line in open(os.path.join(data, "goemotions", f"{split}.tsv"), encoding="utf-8"):
        text, ids, cid = line.rstrip("\n").split("\t")
        yield cid, text, [names[int(i)] for i in ids.split(",")]


def vader(data, name):
    path = os.path.join(data, "vader-groundtruth", f"{name}_GroundTruth.txt")
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\r\n"):
            if not line:
                continue
            rid, rating, text = line.split("\t", 2)
            yield rid, float(rating), text


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{os.path.basename(path)}: {len(rows)} rows", file=sys.stderr)


def main():
    data, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    ekman = json.load(open(os.path.join(data, "goemotions", "ekman_mapping.json")))
    to_ekman = {fine: group for group, fines in ekman.items() for fine in fines}
    to_ekman["neutral"] = "neutral"
    sentiment = {"train": [], "dev": []}
    for split in ["train", "dev", "test"]:
        single, fine = [], []
        for cid, text, labels in goemotions(data, split):
            fine.append({"id": cid, "text": text, "labels": ",".join(labels)})
            groups = sorted({to_ekman[l] for l in labels})
            if len(groups) == 1:
                single.append({"id": cid, "text": text, "label": groups[0]})
            if split != "test":
                s = {"positive" if l in POSITIVE else "negative" if l in NEGATIVE else "neutral" if l == "neutral" else "ambiguous"
                     for l in labels}
                s.discard("ambiguous")
                if len(s) == 1:
                    sentiment[split].append({"id": "ge-" + cid, "text": text, "label": s.pop()})
        write(os.path.join(out, f"emotion-{split}.jsonl"), single)
        write(os.path.join(out, f"emotion-fine-{split}.jsonl"), fine)
    for name in ["tweets", "movieReviewSnippets", "nytEditorialSnippets"]:
        for rid, rating, text in vader(data, name):
            label = "positive" if rating > 0.5 else "negative" if rating < -0.5 else "neutral"
            key = f"{name}-{rid}"
            split = "dev" if int(hashlib.sha256(key.encode()).hexdigest(), 16) % 10 == 0 else "train"
            sentiment[split].append({"id": key, "text": text, "label": label})
    write(os.path.join(out, "sentiment-train.jsonl"), sentiment["train"])
    write(os.path.join(out, "sentiment-dev.jsonl"), sentiment["dev"])
    write(os.path.join(out, "sentiment-amazon.jsonl"),
          [{"id": rid, "text": text, "rating": rating} for rid, rating, text in vader(data, "amazonReviewSnippets")])


if __name__ == "__main__":
    main()
