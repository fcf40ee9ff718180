#!/usr/bin/env python3
"""transformers' token-classification pipeline on the texts TaskFlow's entity.model analysed:
its speed on one thread, and how many records got exactly the same entities.

Usage (needs torch and transformers):

    tf analyze IN.jsonl --tools entity.model --set entity.model.model=DIR \\
        [--set entity.model.aggregation=S] --threads 1 --no-cache --format jsonl -o OUT.jsonl
    python3 Tools/lib/tokcls_reference.py DIR IN.jsonl OUT.jsonl [S]

Prints `reference.transformers: N records/s` and `agreement: K of N records` (same labels and
offsets, in order) with the largest score difference among them.
"""

import json
import sys
import time

import torch
from transformers import pipeline


def main():
    model, inputs, ours_path = sys.argv[1:4]
    strategy = sys.argv[4] if len(sys.argv) > 4 else "simple"
    torch.set_num_threads(1)
    records = [json.loads(line) for line in open(inputs, encoding="utf-8")]
    ours = {r["id"]: r for r in (json.loads(line) for line in open(ours_path, encoding="utf-8"))}
    pipe = pipeline("token-classification", model=model, aggregation_strategy=strategy, device="cpu")
    start = time.perf_counter()
    theirs = [pipe(r["text"]) if r["text"].strip() else [] for r in records]
    elapsed = time.perf_counter() - start
    print(f"reference.transformers: {len(records) / elapsed:.1f} records/s")
    same = 0
    worst = 0.0
    key = "entity" if strategy == "none" else "entity_group"
    for r, want in zip(records, theirs):
        got = ours.get(str(r["id"]), {}).get("entities", [])
        if [(e["start"], e["end"], e["label"]) for e in got] == [(e["start"], e["end"], e[key]) for e in want]:
            same += 1
            for a, b in zip(got, want):
                worst = max(worst, abs(a["score"] - float(b["score"])))
    print(f"agreement: {same} of {len(records)} records (largest score difference {worst:.2g})")


if __name__ == "__main__":
    main()
