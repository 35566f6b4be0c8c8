#!/usr/bin/env python3
"""aisync against its floors: the least the same work can cost with the same crates.

    python3 scripts/perf.py [--runs N] [--scaling]

First builds aisync, then the floors, in release (`cargo build --release --bin aisync`, then
`--examples`), so what is measured is always the checkout as it is.

Builds stores of 2,000 and 50,000 models (synced from a generated OpenAI-shaped list served
over loopback, priced from a generated LiteLLM catalog), then runs each aisync command and its
floor program (examples/floor_*.rs) alternately, A B A B …, after a warm-up, and prints per row
the median of the per-pair ratios and the goal of issue #11. Peak memory comes from GNU time
(/usr/bin/time, Debian's `time` package). `--scaling` adds sync, resync, list and info at 1k,
10k, 50k and 100k models. Absolute times vary with the machine; ratios within one run do not.
"""

import argparse
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release")
AISYNC = os.path.join(RELEASE, "aisync")
FLOOR = {name: os.path.join(RELEASE, "examples", "floor_" + name)
         for name in ("info", "list", "fetch", "store")}
GNU_TIME = "/usr/bin/time"
SLOW_PROVIDERS = 10
SLOW_SECONDS = 1.5
INFO_ID = "bench-model-00042"


def model_list(n):
    """An OpenAI-shaped list of `n` models, as `GET /v1/models` answers."""
    return {"object": "list", "data": [
        {"id": "bench-model-%05d" % i, "object": "model", "created": 1767225600 + i, "owned_by": "bench"}
        for i in range(n)]}


def litellm_catalog(n):
    """A LiteLLM price map that knows every bench model of provider `lab{n}`."""
    out = {}
    for i in range(n):
        out["bench-model-%05d" % i] = {
            "litellm_provider": "lab%d" % n, "mode": "chat", "max_input_tokens": 8192 * (1 + i % 16),
            "max_output_tokens": 4096, "input_cost_per_token": "%.7f" % (1e-6 * (1 + i % 7)),
            "output_cost_per_token": "%.7f" % (4e-6 * (1 + i % 7)), "supports_function_calling": True,
        }
    return out


class Server:
    """Serves `/lab{N}/v1/models` (N models) and `/slow{k}/v1/models` (a small list after a delay)."""

    def __init__(self):
        self.bodies = {}
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                path = self.path.split("?")[0]
                if path.startswith("/slow"):
                    time.sleep(SLOW_SECONDS)
                    body = server.body(3)
                elif path.startswith("/lab") and path.endswith("/v1/models"):
                    body = server.body(int(path[4:path.index("/v1")]))
                else:
                    self.send_error(404)
                    return
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        class Listener(http.server.ThreadingHTTPServer):
            # socketserver's default backlog of 5 drops the sixth simultaneous connect, and
            # the client's SYN is retried only after a second: ten providers fetched at once
            # would measure the kernel's retransmit timer, not aisync.
            request_queue_size = 64

        self.httpd = Listener(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def body(self, n):
        if n not in self.bodies:
            self.bodies[n] = json.dumps(model_list(n)).encode()
        return self.bodies[n]

    def url(self, n):
        return "http://127.0.0.1:%d/lab%d/v1/models" % (self.port, n)


class Home:
    """A temporary HOME with a config file naming the lab and slow providers."""

    def __init__(self, server, sizes):
        self.dir = tempfile.mkdtemp(prefix="aisync-perf-")
        self.config = os.path.join(self.dir, "config.toml")
        with open(self.config, "w") as f:
            for n in sizes:
                f.write('[providers.lab%d]\nkind = "openai-compatible"\nbase_url = "http://127.0.0.1:%d/lab%d/v1"\n\n'
                        % (n, server.port, n))
            for k in range(SLOW_PROVIDERS):
                f.write('[providers.slow%d]\nkind = "openai-compatible"\nbase_url = "http://127.0.0.1:%d/slow%d/v1"\n\n'
                        % (k, server.port, k))
        self.env = {"HOME": self.dir, "XDG_CONFIG_HOME": self.dir, "XDG_DATA_HOME": self.dir,
                    "AISYNC_CONFIG": self.config, "PATH": os.environ.get("PATH", "")}

    def db(self, name):
        return os.path.join(self.dir, name + ".db")

    def aisync(self, db, *args, env=None):
        return [AISYNC, "--database", db] + list(args)

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)


def timed(cmd, env):
    start = time.perf_counter()
    p = subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    elapsed = time.perf_counter() - start
    if p.returncode not in (0, 2):
        sys.exit("%s failed (%d): %s" % (" ".join(cmd), p.returncode, p.stderr.decode()[-2000:]))
    return elapsed


def peak_kib(cmd, env):
    """Peak resident memory of one run, in KiB, from GNU time."""
    out = tempfile.mktemp()
    subprocess.run([GNU_TIME, "-f", "%M", "-o", out] + cmd, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(out) as f:
        kib = int(f.read().split()[-1])
    os.unlink(out)
    return kib


def alternate(a, b, env, runs, before_a=None, before_b=None):
    """Runs a and b alternately (one warm-up each first): medians of each and of a/b per pair."""
    ta, tb = [], []
    for i in range(runs + 1):
        if before_a:
            before_a()
        x = timed(a, env)
        if before_b:
            before_b()
        y = timed(b, env)
        if i > 0:
            ta.append(x)
            tb.append(y)
    ratios = [x / y for x, y in zip(ta, tb)]
    return statistics.median(ta), statistics.median(tb), statistics.median(ratios)


def fresh(path):
    def remove():
        for suffix in ("", "-wal", "-shm", ".lock"):
            if os.path.exists(path + suffix):
                os.unlink(path + suffix)
    return remove


def build_store(home, server, n):
    db = home.db("store%d" % n)
    env = home.env
    subprocess.run(home.aisync(db, "sync-models", "-p", "lab%d" % n), env=env, check=True,
                   stdout=subprocess.DEVNULL)
    catalog = os.path.join(home.dir, "litellm%d.json" % n)
    with open(catalog, "w") as f:
        json.dump(litellm_catalog(n), f)
    subprocess.run(home.aisync(db, "sync-pricing", "--catalog", catalog), env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return db


def ms(seconds):
    return "%.1f ms" % (seconds * 1000)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--scaling", action="store_true")
    a = ap.parse_args()
    # aisync on its own, as `cargo build --release` and `cargo install` build it: built with
    # the examples, its dependencies would take the dev-dependencies' features too (a larger
    # binary, other symbols than link/symbol-order.txt names). Then the floors.
    subprocess.run(["cargo", "build", "--release", "--bin", "aisync"], cwd=ROOT, check=True)
    subprocess.run(["cargo", "build", "--release", "--examples"], cwd=ROOT, check=True)
    if not os.path.exists(GNU_TIME):
        sys.exit("GNU time is needed for peak memory: apt-get install time")
    server = Server()
    sizes = [2000, 10000, 50000] + ([1000, 100000] if a.scaling else [])
    home = Home(server, sizes)
    env = home.env
    rows = []
    try:
        stores = {n: build_store(home, server, n) for n in (2000, 50000)}
        for n in (2000, 50000):
            db = stores[n]
            t_a, t_b, r = alternate(home.aisync(db, "models", "info", INFO_ID, "--format", "json"),
                                    [FLOOR["info"], db, "lab%d" % n, INFO_ID], env, a.runs)
            rss = peak_kib(home.aisync(db, "models", "info", INFO_ID, "--format", "json"), env)
            rows.append(("`models info ID --format json`, %s models" % format(n, ","), t_a, t_b, r,
                         "≤ 1.5×", r <= 1.5, "%.1f MiB (≤ 8)" % (rss / 1024), rss <= 8 * 1024))
        for n in (2000, 50000):
            db = stores[n]
            t_a, t_b, r = alternate(home.aisync(db, "models", "list", "--format", "json"),
                                    [FLOOR["list"], db], env, a.runs)
            rows.append(("`models list --format json`, %s models" % format(n, ","), t_a, t_b, r,
                         "≤ 1.3×", r <= 1.3, "", True))
        n = 10000
        sync_db = home.db("sync%d" % n)
        sync = home.aisync(sync_db, "sync-models", "-p", "lab%d" % n, "--force")
        t_a, t_b, r = alternate(sync, [FLOOR["fetch"], server.url(n)], env, a.runs,
                                before_a=fresh(sync_db))
        rows.append(("10,000-model provider synced end to end vs fetch+parse", t_a, t_b, r,
                     "≤ 10×", r <= 10, "", True))
        # For reference, not a goal of the issue: the same first sync against a floor that also
        # writes the same cells into a new SQLite file, in one transaction, as aisync does.
        floor_db = home.db("floor%d" % n)
        t_a, t_b, r = alternate(sync, [FLOOR["store"], server.url(n), floor_db, "lab%d" % n], env,
                                a.runs, before_a=fresh(sync_db), before_b=fresh(floor_db))
        rows.append(("the same, vs fetch+parse+store (reference floor, no goal)", t_a, t_b, r,
                     "—", True, "", True))
        resync_db = home.db("resync%d" % n)
        subprocess.run(home.aisync(resync_db, "sync-models", "-p", "lab%d" % n), env=env, check=True,
                       stdout=subprocess.DEVNULL)
        t_re, t_first, r = alternate(home.aisync(resync_db, "sync-models", "-p", "lab%d" % n, "--force"),
                                     sync, env, a.runs, before_b=fresh(sync_db))
        rows.append(("the same list synced again, nothing changed, vs the first sync", t_re, t_first, r,
                     "≤ 0.5×", r <= 0.5, "", True))
        n = 50000
        big_db = home.db("big%d" % n)
        fresh(big_db)()
        big = home.aisync(big_db, "sync-models", "-p", "lab%d" % n, "--force")
        rss_sync = peak_kib(big, env)
        rss_resync = peak_kib(big, env)
        rows.append(("peak memory, 50,000-model sync / resync", None, None, None, "", True,
                     "%.0f / %.0f MiB (≤ 100)" % (rss_sync / 1024, rss_resync / 1024),
                     max(rss_sync, rss_resync) <= 100 * 1024))
        slow_db = home.db("slow")
        names = ",".join("slow%d" % k for k in range(SLOW_PROVIDERS))
        walls = [timed(home.aisync(slow_db, "sync-models", "-p", names, "--force"), env)
                 for _ in range(max(3, a.runs // 3))]
        wall = statistics.median(walls)
        r = wall / SLOW_SECONDS
        rows.append(("ten providers answering after 1.5 s each, vs the slowest", wall, SLOW_SECONDS, r,
                     "≤ 1.1×", r <= 1.1, "", True))

        print("| question | aisync | floor | ratio | goal | memory |")
        print("|---|---:|---:|---:|---|---|")
        ok = True
        for (q, t_a, t_b, r, goal, passed, mem, mem_ok) in rows:
            ok = ok and passed and mem_ok
            print("| %s | %s | %s | %s | %s %s | %s %s |" % (
                q, ms(t_a) if t_a is not None else "", ms(t_b) if t_b is not None else "",
                "%.2f×" % r if r is not None else "", goal, "" if goal == "—" else "✓" if passed else "✗",
                mem, "" if not mem else ("✓" if mem_ok else "✗")))

        if a.scaling:
            print()
            print("| models | sync (new database) | resync, unchanged | `models list --format json` | `models info` |")
            print("|---:|---:|---:|---:|---:|")
            for n in (1000, 10000, 50000, 100000):
                db = home.db("scale%d" % n)
                cmd = home.aisync(db, "sync-models", "-p", "lab%d" % n, "--force")
                runs = max(3, a.runs // 3)
                t_sync = statistics.median([(fresh(db)(), timed(cmd, env))[1] for _ in range(runs)])
                t_resync = statistics.median([timed(cmd, env) for _ in range(runs)])
                t_list = statistics.median([timed(home.aisync(db, "models", "list", "--format", "json"), env)
                                            for _ in range(runs)])
                t_info = statistics.median([timed(home.aisync(db, "models", "info", INFO_ID, "--format", "json"), env)
                                            for _ in range(runs)])
                print("| %s | %s | %s | %s | %s |" % (format(n, ","), ms(t_sync), ms(t_resync), ms(t_list), ms(t_info)))
        if not ok:
            sys.exit(1)
    finally:
        home.cleanup()
        server.httpd.shutdown()


if __name__ == "__main__":
    main()
