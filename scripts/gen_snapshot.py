#!/usr/bin/env python3
"""Generate src/catalog/snapshot.json, the catalog compiled into aisync, from models.dev data.

Reads the models.dev TOML files in ../shared/fixtures/catalogs/models.dev (providers/<p>/...,
with `base_model` inheritance resolved from models/<lab>/<model>.toml, as models.dev's own build
does: tables deep-merge, arrays and scalars are replaced by the child, then `base_model_omit`
runs) and writes them in the shape of models.dev's `api.json`: providers keyed by id, each with
`models` keyed by id. Provider ids are mapped to aisync's (`google` is `gemini`).

Costs stay exact: TOML floats are read as decimals and written as JSON numbers in their shortest
exact decimal form. Output is sorted and byte-for-byte reproducible:

    python3 scripts/gen_snapshot.py            # rewrite src/catalog/snapshot.json
    python3 scripts/gen_snapshot.py --check    # exit 1 if the file differs from a fresh run
"""

import decimal
import os
import sys
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCE = os.path.join(ROOT, "..", "shared", "fixtures", "catalogs", "models.dev")
OUT = os.path.join(ROOT, "src", "catalog", "snapshot.json")

META = {
    "source": "models.dev",
    "repository": "https://github.com/anomalyco/models.dev",
    "commit": "f3fc692299671838c7c65fd8126bf84d81a2e817",
    "date": "2026-07-02",
    "licence": "MIT (models.dev); data used as facts, source and date recorded here",
    "units": "cost in USD per 1M tokens; limits in tokens",
}

# models.dev provider id -> aisync provider id.
PROVIDERS = {
    "openai": "openai",
    "google": "gemini",
    "xai": "xai",
    "anthropic": "anthropic",
    "mistral": "mistral",
    "deepseek": "deepseek",
    "groq": "groq",
    "openrouter": "openrouter",
}

# The fields aisync reads; everything else (benchmarks, weights, reasoning options) is left out.
KEEP = [
    "name", "family", "release_date", "last_updated", "knowledge", "attachment", "reasoning",
    "tool_call", "structured_output", "temperature", "open_weights", "status", "cost", "limit",
    "modalities",
]
COST_KEEP = ["input", "output", "cache_read", "cache_write", "input_audio", "output_audio"]


def load(path):
    with open(path, "rb") as f:
        return tomllib.load(f, parse_float=decimal.Decimal)


def merge(base, child):
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = value
    return out


def omit(model, paths):
    for path in paths:
        parts = path.split(".")
        node = model
        for part in parts[:-1]:
            node = node.get(part, {})
        if isinstance(node, dict):
            node.pop(parts[-1], None)


def resolve(model):
    base_id = model.get("base_model")
    if not base_id:
        return model
    omit_paths = model.get("base_model_omit", [])
    base = load(os.path.join(SOURCE, "models", base_id + ".toml"))
    merged = merge(base, {k: v for k, v in model.items() if k not in ("base_model", "base_model_omit")})
    omit(merged, omit_paths)
    return merged


def shape(model):
    out = {k: model[k] for k in KEEP if k in model}
    if "cost" in out:
        out["cost"] = {k: v for k, v in out["cost"].items() if k in COST_KEEP}
    return out


def encode(value):
    """Canonical JSON: sorted keys, no spaces, decimals written exactly."""
    if isinstance(value, dict):
        return "{" + ",".join(encode(str(k)) + ":" + encode(v) for k, v in sorted(value.items())) + "}"
    if isinstance(value, list):
        return "[" + ",".join(encode(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, decimal.Decimal):
        text = format(value.normalize(), "f")
        return text
    if value is None:
        return "null"
    if isinstance(value, str):
        escaped = value.replace("\\", "\\\\").replace('"', '\\"')
        escaped = "".join(c if ord(c) >= 0x20 else "\\u%04x" % ord(c) for c in escaped)
        return '"' + escaped + '"'
    # Dates in TOML (knowledge = 2024-09) come as strings already; anything else is a bug.
    raise TypeError("cannot encode %r" % (value,))


def build():
    catalog = {"_snapshot": META}
    for source_id, our_id in sorted(PROVIDERS.items()):
        models_dir = os.path.join(SOURCE, "providers", source_id, "models")
        models = {}
        for dirpath, _, files in os.walk(models_dir):
            for name in files:
                if not name.endswith(".toml"):
                    continue
                path = os.path.join(dirpath, name)
                model_id = os.path.relpath(path, models_dir)[: -len(".toml")].replace(os.sep, "/")
                model = shape(resolve(load(path)))
                model["id"] = model_id
                models[model_id] = model
        catalog[our_id] = {"id": our_id, "models": models}
    return encode(catalog) + "\n"


def main():
    text = build()
    if "--check" in sys.argv:
        with open(OUT, encoding="utf-8") as f:
            if f.read() != text:
                print("src/catalog/snapshot.json is stale: run python3 scripts/gen_snapshot.py", file=sys.stderr)
                sys.exit(1)
        print("src/catalog/snapshot.json is up to date")
        return
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(text)
    print("wrote %s (%d bytes)" % (os.path.relpath(OUT, ROOT), len(text.encode())))


if __name__ == "__main__":
    main()
