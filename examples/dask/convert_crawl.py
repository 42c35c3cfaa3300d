#!/usr/bin/env python3
"""Convert a crawl on a Dask cluster with declutter's stream mode.

Each shard (a JSONL file of {"id", "url", "html"} records, or a .warc / .warc.gz file) is one
partition of a dask.bag; a worker pipes it through `declutter --jsonl --jobs 1 -q` (or `--warc`)
and writes the output lines to OUT/<shard>.jsonl, then OUT/summary.json says how many pages were
converted and how many are error records.

    python3 convert_crawl.py --scheduler tcp://10.0.0.1:8786 --out md/ pages-*.jsonl crawl-*.warc.gz

Shards and OUT must be on storage every worker sees (a shared mount), and `declutter` on every
worker's PATH (or give --declutter 'node /path/to/bin/declutter.js'). A shard is written whole or not
at all (temporary file, then rename): when a worker dies mid-shard, the scheduler runs that shard
again on another worker, and the rerun's file is the only one, so every page appears exactly once.
"""

import argparse
import contextlib
import ctypes
import json
import os
import shlex
import signal
import subprocess
import sys
import uuid

import dask.bag as db
from dask.distributed import Client

WARC_SUFFIXES = (".warc", ".warc.gz")
SHARD_SUFFIXES = (*WARC_SUFFIXES, ".jsonl")


def output_name(shard):
    name = os.path.basename(shard)
    for suffix in SHARD_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)] + ".jsonl"
    raise ValueError(f"{shard}: a shard is a .jsonl, .warc or .warc.gz file")


def die_with_parent():
    """Linux: the declutter child is killed with the worker thread that started it, so a dead
    worker's shard does not keep converting on the side while the scheduler reruns it elsewhere."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def convert_shard(shard, out_dir, command):
    """Runs on a worker: one shard through declutter into OUT/<shard>.jsonl; returns its counts."""
    is_warc = shard.endswith(WARC_SUFFIXES)
    argv = [*command, *(["--warc", shard] if is_warc else ["--jsonl"]), "--jobs", "1", "-q"]
    target = os.path.join(out_dir, output_name(shard))
    result = {"shard": shard, "output": None, "pages": 0, "converted": 0, "failed": 0, "error": None}
    fd, temp = create_temporary(target)
    try:
        with os.fdopen(fd, "wb") as out, open(os.devnull if is_warc else shard, "rb") as stdin:
            done = subprocess.run(
                argv,
                stdin=stdin,
                stdout=out,
                stderr=subprocess.PIPE,
                preexec_fn=die_with_parent if sys.platform.startswith("linux") else None,
                check=False,
            )
            out.flush()
            os.fsync(out.fileno())
        if done.returncode != 0:
            lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
            return {**result, "error": lines[-1] if lines else f"declutter exited with {done.returncode}"}
        with open(temp, "rb") as records:
            statuses = [json.loads(line)["status"] for line in records]
        os.replace(temp, target)
    except OSError as error:  # the shard or declutter missing, the disk full
        return {**result, "error": f"{error.filename or argv[0]}: {error.strerror}"}
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
    converted = statuses.count("ok")
    return {**result, "output": target, "pages": len(statuses), "converted": converted, "failed": len(statuses) - converted}


def create_temporary(path):
    """A new hidden file beside `path`, with the mode a plain open() would give (umask applies)."""
    temp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.{uuid.uuid4().hex[:12]}.tmp")
    return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), temp


def write_atomically(path, text):
    fd, temp = create_temporary(path)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)
    os.replace(temp, path)


def main():
    parser = argparse.ArgumentParser(description="Convert JSONL/WARC shards with declutter on a Dask cluster.")
    parser.add_argument("shards", nargs="+", help=".jsonl, .warc or .warc.gz files, one partition each")
    cluster = parser.add_mutually_exclusive_group(required=True)
    cluster.add_argument("--scheduler", help="the scheduler's address, e.g. tcp://10.0.0.1:8786")
    cluster.add_argument("--scheduler-file", help="the file `dask scheduler --scheduler-file` wrote")
    parser.add_argument("--out", required=True, help="directory for <shard>.jsonl and summary.json")
    parser.add_argument("--declutter", default="declutter", help="the command (default: declutter)")
    args = parser.parse_args()

    shards = [os.path.realpath(shard) for shard in args.shards]
    out_dir = os.path.realpath(args.out)
    names = {}
    for shard in shards:
        try:
            name = output_name(shard)
        except ValueError as error:
            parser.error(str(error))
        if name in names:
            parser.error(f"{names[name]} and {shard} would both write {name}")
        if os.path.join(out_dir, name) in shards:
            parser.error(f"{shard} would be overwritten by its own output: choose another --out")
        names[name] = shard
    os.makedirs(out_dir, exist_ok=True)

    try:
        with Client(args.scheduler, scheduler_file=args.scheduler_file):
            bag = db.from_sequence(shards, partition_size=1)
            results = bag.map(convert_shard, out_dir=out_dir, command=shlex.split(args.declutter)).compute()
    except (OSError, TimeoutError) as error:  # no scheduler there (shard errors are results, not raised)
        print(f"convert_crawl: the Dask scheduler: {error}", file=sys.stderr)
        return 2
    # Every shard is done: a temporary file left now is from a worker that died mid-shard.
    for name in os.listdir(out_dir):
        if name.startswith(".") and name.endswith(".tmp"):
            os.unlink(os.path.join(out_dir, name))

    failed_shards = [result for result in results if result["error"] is not None]
    summary = {
        "shards": len(results),
        "pages": sum(result["pages"] for result in results),
        "converted": sum(result["converted"] for result in results),
        "failed": sum(result["failed"] for result in results),
        "failed_shards": len(failed_shards),
        "per_shard": results,
    }
    write_atomically(os.path.join(out_dir, "summary.json"), json.dumps(summary, indent=2) + "\n")
    print(
        f"{summary['converted']} converted, {summary['failed']} error record(s), "
        f"{len(results)} shard(s) → {out_dir}",
        file=sys.stderr,
    )
    for result in failed_shards:
        print(f"convert_crawl: {result['shard']}: {result['error']}", file=sys.stderr)
    return 1 if failed_shards else 0


if __name__ == "__main__":
    sys.exit(main())
