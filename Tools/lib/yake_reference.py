"""Times the reference `yake` package (0.7.3) on one core: prints records/s (best of 3).

Same parameters as TaskFlow's keyphrase.yake defaults: n=3, top=10, dedup_lim=0.9 (seqm),
window_size=1, and the same English stop-word list. Each pass makes a fresh extractor, as a
user's one pass over a dataset would (yake caches de-duplication similarities per extractor).
The package is only run here, as a reference; none of its code is part of TaskFlow.

usage: yake_reference.py TWEETS_GROUNDTRUTH.txt STOPWORDS.txt
"""
import sys
import time

import yake

texts = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        parts = line.rstrip("\r\n").split("\t", 2)
        if len(parts) == 3:
            texts.append(parts[2])
with open(sys.argv[2], encoding="utf-8") as f:
    stopwords = {w.strip() for w in f if w.strip()}

best = 0.0
for _ in range(3):
    extractor = yake.KeywordExtractor(
        lan="en", n=3, top=10, dedup_lim=0.9, dedup_func="seqm", window_size=1, stopwords=stopwords)
    t0 = time.perf_counter()
    for t in texts:
        extractor.extract_keywords(t)
    best = max(best, len(texts) / (time.perf_counter() - t0))
print(int(best))
