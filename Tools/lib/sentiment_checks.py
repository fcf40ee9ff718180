#!/usr/bin/env python3
"""Held-out checks of a sentiment analyzer, printed as `name: value` lines:
  sentiment_checks.py TOOL AMAZON.jsonl AMAZON-RESULTS.jsonl PLAYGROUND-RESULTS.jsonl
- Pearson r of `score` with the mean human rating of the Amazon review snippets;
- agreement of the label with the Playground's star ratings: 1-2 stars negative, 3 neutral,
  4-5 positive (3-class), and on the clearly rated ones (1-2 against 4-5: negative vs positive)."""
import json
import math
import sys

tool, amazon, amazon_results, playground = sys.argv[1:5]
truth = {}
for line in open(amazon, encoding="utf-8"):
    r = json.loads(line)
    truth[r["id"]] = r["rating"]
xs, ys = [], []
for line in open(amazon_results, encoding="utf-8"):
    r = json.loads(line)
    xs.append(r["sentiment"]["score"])
    ys.append(truth[r["id"]])
n = len(xs)
mx, my = sum(xs) / n, sum(ys) / n
cov = sum((x - mx) * (y - my) for x, y in zip(xs, ys))
r = cov / math.sqrt(sum((x - mx) ** 2 for x in xs) * sum((y - my) ** 2 for y in ys))
print(f"{tool}.amazon.pearson_r: {r:.3f} ({n} snippets)")

three = agree3 = clear = agree_clear = 0
for line in open(playground, encoding="utf-8"):
    rec = json.loads(line)
    stars = (rec.get("columns") or {}).get("rating")
    if not isinstance(stars, (int, float)) or "sentiment" not in rec:
        continue
    want = "negative" if stars <= 2 else "neutral" if stars == 3 else "positive"
    got = rec["sentiment"]["label"]
    three += 1
    agree3 += got == want
    if stars != 3:
        clear += 1
        agree_clear += got == want
print(f"{tool}.playground.agreement: {agree3 / three * 100:.1f} % ({three} rated comments)")
print(f"{tool}.playground.agreement_clear: {agree_clear / clear * 100:.1f} % ({clear} comments rated 1-2 or 4-5)")
