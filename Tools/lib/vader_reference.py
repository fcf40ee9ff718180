"""Times the reference vaderSentiment 3.3.2 on one core: prints records/s (best of 3)."""
import sys
import time

from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

texts = []
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        parts = line.rstrip("\r\n").split("\t", 2)
        if len(parts) == 3:
            texts.append(parts[2])
analyzer = SentimentIntensityAnalyzer()
best = 0.0
for _ in range(3):
    t0 = time.perf_counter()
    for t in texts:
        analyzer.polarity_scores(t)
    best = max(best, len(texts) / (time.perf_counter() - t0))
print(int(best))
