#!/usr/bin/env python3
"""Writes the shipped heads into a Swift source file, so the tf binary carries them:
  embed_heads.py MODELS_DIR OUT.swift NAME...
Each head folder MODELS_DIR/NAME holds head.json and head.safetensors."""
import base64
import os
import sys

models, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
lines = [
    "// Written by Tools/train-heads; do not edit. Each head: its head.json and head.safetensors, base64.",
    "extension ShippedHeads {",
    "    static let all: [String: Files] = [",
]
for name in names:
    folder = os.path.join(models, name)
    manifest = base64.b64encode(open(os.path.join(folder, "head.json"), "rb").read()).decode()
    weights = base64.b64encode(open(os.path.join(folder, "head.safetensors"), "rb").read()).decode()
    lines.append(f'        "{name}": Files(')
    lines.append(f'            manifestBase64: "{manifest}",')
    lines.append(f'            weightsBase64: "{weights}"),')
lines += ["    ]", "}", ""]
open(out, "w", encoding="utf-8").write("\n".join(lines))
print(f"{out}: {len(names)} heads, {os.path.getsize(out):,} bytes", file=sys.stderr)
