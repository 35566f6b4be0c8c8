#!/usr/bin/env python3
"""Times aisync's commands on a catalog of realistic size, offline, and prints a Markdown table.

    cargo build --release && python3 scripts/bench.py [--runs N] [--models N]

Everything runs against a temporary HOME: the mock provider serves a generated list of
--models models (ids, types, limits, capabilities), sync-pricing reads the LiteLLM snapshot
in ../shared/fixtures/catalogs as a --catalog file, and usage import reads a generated file.
Each command is run --runs times; the table gives the median and the fastest wall time.
Absolute times vary with the machine; compare rows within one run.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.path.join(ROOT, "target", "release", "aisync")
LITELLM = os.path.join(ROOT, "..", "shared", "fixtures", "catalogs", "litellm", "model_prices_and_context_window.json")


def models(n, variant):
    types = ["chat", "chat", "chat", "embedding", "image", "audio", "moderation"]
    out = []
    for i in range(n):
        t = types[i % len(types)]
        out.append({
            "id": "bench-model-%05d" % i,
            "name": "Bench Model %d" % i,
            "type": t,
            # The second list changes one model in ten, so a sync has real updates to diff.
            "context_length": 8192 * (1 + i % 16) * (2 if variant and i % 10 == 0 else 1),
            "max_output": 4096,
            "capabilities": ["chat", "function_calling", "streaming"] if t == "chat" else [],
            "input_modalities": ["text"],
            "output_modalities": ["text"],
            "owned_by": "bench",
            "created": 1767225600 + i,
        })
    return out


def run(env, args, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        p = subprocess.run([BIN] + args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if p.returncode not in (0, 2):
            sys.exit("aisync %s failed (%d): %s" % (" ".join(args), p.returncode, p.stderr.decode()))
    return statistics.median(times), min(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--models", type=int, default=5000)
    a = ap.parse_args()
    if not os.path.exists(BIN):
        sys.exit("build first: cargo build --release")
    home = tempfile.mkdtemp(prefix="aisync-bench-")
    try:
        lists = []
        for variant in (0, 1):
            path = os.path.join(home, "models-%d.json" % variant)
            with open(path, "w") as f:
                json.dump(models(a.models, variant), f)
            lists.append(path)
        usage = os.path.join(home, "usage.jsonl")
        with open(usage, "w") as f:
            for i in range(10000):
                f.write(json.dumps({"time": "2026-11-2%dT10:00:00Z" % (1 + i % 3), "provider": "mock",
                                    "model": "bench-model-%05d" % (i % a.models), "input_tokens": 1000 + i,
                                    "output_tokens": 500}) + "\n")
        base = {"PATH": os.environ.get("PATH", ""), "HOME": home, "AISYNC_DATABASE": os.path.join(home, "a.db"),
                "AISYNC_NOW": "2026-11-23T10:30:00Z"}
        env0 = dict(base, AI_MOCK_MODELS_FILE=lists[0])
        env1 = dict(base, AI_MOCK_MODELS_FILE=lists[1])
        rows = []
        subprocess.run([BIN, "sync-models", "-p", "mock"], env=env0, stdout=subprocess.DEVNULL, check=True)
        rows.append(("sync-models, %d models, nothing changed (--force)" % a.models,
                     run(env0, ["sync-models", "-p", "mock", "--force"], a.runs)))
        rows.append(("sync-models --dry-run, %d models, one in ten changed" % a.models,
                     run(env1, ["sync-models", "-p", "mock", "--force", "--dry-run"], a.runs)))
        rows.append(("sync-pricing --catalog LiteLLM (2,982 entries), first run", run(env0, ["sync-pricing", "--catalog", LITELLM], 1)))
        rows.append(("sync-pricing --catalog LiteLLM, cached and unchanged", run(env0, ["sync-pricing", "--catalog", LITELLM], a.runs)))
        rows.append(("models list --format json, %d models" % a.models, run(env0, ["models", "list", "--format", "json"], a.runs)))
        rows.append(("models list --search 00042 (table)", run(env0, ["models", "list", "--search", "00042"], a.runs)))
        rows.append(("models info bench-model-00042 --history", run(env0, ["models", "info", "bench-model-00042", "--history"], a.runs)))
        rows.append(("usage import, 10,000 records (first run)", run(env0, ["usage", "import", usage], 1)))
        rows.append(("usage import, same file again (adds nothing)", run(env0, ["usage", "import", usage], a.runs)))
        print("| command | median | fastest |")
        print("|---|---:|---:|")
        for name, (median, fastest) in rows:
            print("| %s | %.0f ms | %.0f ms |" % (name, median * 1000, fastest * 1000))
    finally:
        shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
