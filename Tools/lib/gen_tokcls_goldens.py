#!/usr/bin/env python3
"""Writes the token-classification aggregation goldens of the tiny-bert-tokcls fixture.

Runs Hugging Face transformers' token-classification pipeline on the fixture model for every
aggregation strategy (none, simple, first, average, max) over the fixture's four inputs and a
few more (subword-split words, punctuation, accents, emoji, a text longer than the 62-token
window, run with `stride`), and writes what it returns as JSON.

Usage (needs torch and transformers; see the README beside the goldens for the versions):

    python3 Tools/lib/gen_tokcls_goldens.py [MODEL_DIR] [OUT.json]

Defaults: Tests/Fixtures/tiny-models/tiny-bert-tokcls, and tiny-bert-tokcls-aggregation.json beside it
(outside the model folder, so the folder stays a plain model).
"""

import json
import os
import sys

import tokenizers
import torch
import transformers
from transformers import AutoModelForTokenClassification, AutoTokenizer, pipeline

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
MODEL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "Tests/Fixtures/tiny-models/tiny-bert-tokcls")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "Tests/Fixtures/tiny-models/tiny-bert-tokcls-aggregation.json")
STRATEGIES = ["none", "simple", "first", "average", "max"]

# A long text: more than the 62 content tokens the 64-position window leaves.
LONG = (
    "Marie Curie moved from Warsaw to Paris in 1891, where she met Pierre at the Sorbonne. "
    "The service was terrible and the food was cold, but the product itself is great! "
    "Apple and Google opened offices in London, Berlin and New York last year; "
    "customers in Tokyo said the battery life was disappointing. "
    "meh... ok, I love this product, really."
)


def own_inputs():
    return [
        "Angela Merkel visited Microsoft headquarters in Redmond, Washington.",
        "Supercalifragilistic unbelievability: extraordinarily disproportionate!",
        "Hello, world! (Really?) Yes -- it's 9:30 a.m. & $4.50...",
        "Café Müller in São Paulo served crème brûlée to Zoë.",
        "Great phone 📱 but the 🔋 dies fast 😡 #fail @support",
        "",
        "   ",
    ]


def clean(entities):
    out = []
    for e in entities:
        item = {}
        for k, v in e.items():
            if hasattr(v, "item"):
                v = v.item()
            if isinstance(v, float):
                v = float(f"{v:.7g}")
            item[k] = v
        out.append(item)
    return out


def main():
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    model = AutoModelForTokenClassification.from_pretrained(MODEL)
    model.eval()
    with open(os.path.join(MODEL, "expected_outputs.json")) as f:
        fixture_inputs = [i["text"] for i in json.load(f)["inputs"]]
    texts = fixture_inputs + own_inputs()
    pipes = {s: pipeline("token-classification", model=model, tokenizer=tokenizer, aggregation_strategy=s) for s in STRATEGIES}
    items = []
    for text in texts:
        enc = tokenizer(text)
        items.append(
            {
                "text": text,
                "tokens": tokenizer.convert_ids_to_tokens(enc["input_ids"]),
                "strategies": {s: clean(pipes[s](text)) if text.strip() else [] for s in STRATEGIES},
            }
        )
    # A text longer than the window, in overlapping chunks (`stride` needs a fast tokenizer and
    # an aggregation other than none).
    stride = 16
    long_item = {"text": LONG, "stride": stride, "token_count": len(tokenizer(LONG)["input_ids"]), "strategies": {}}
    for s in STRATEGIES[1:]:
        long_item["strategies"][s] = clean(pipes[s](LONG, stride=stride))
    out = {
        "model": os.path.basename(os.path.normpath(MODEL)),
        "generated_with": {
            "python": sys.version.split()[0],
            "torch": torch.__version__,
            "transformers": transformers.__version__,
            "tokenizers": tokenizers.__version__,
        },
        "note": (
            "pipeline('token-classification', aggregation_strategy=S) outputs; floats rounded to 7 significant digits. "
            "Empty and whitespace-only texts were not run (the pipeline returns nothing for them). "
            "'long' was run with stride=%d: the pipeline aggregates each chunk, then keeps the longest of overlapping entities." % stride
        ),
        "inputs": items,
        "long": long_item,
    }
    with open(OUT, "w") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(f"wrote {OUT}: {len(items)} inputs + 1 long text, strategies {', '.join(STRATEGIES)}")


if __name__ == "__main__":
    main()
