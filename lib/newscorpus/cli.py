"""Command line: ``python -m newscorpus annotate|tokens|entities|quotes|dates|visits PATH``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from newscorpus import config
from newscorpus import tables as store
from newscorpus.corpus.load import load_corpus
from newscorpus.corpus.read import CorpusProblem

EXIT_USAGE = 2


class CliError(Exception):
    """An error reported to the user as one line on stderr (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse, with a hint when a folder name that starts with "-" was taken for an option."""

    def error(self, message: str) -> NoReturn:
        if "required: path" in message or "unrecognized arguments: -" in message:
            message += (". A folder whose name starts with '-' goes after `--`, following the "
                        "options: python -m newscorpus annotate --out CACHE -- -folder")
        super().error(message)


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="python -m newscorpus",
        description="Annotate a folder of news articles once and print or cache its tables.",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    a = sub.add_parser("annotate", help="parse every article once and cache all tables (Parquet)")
    a.add_argument("path", type=Path, help="folder of .txt articles (with optional manifest.csv)")
    a.add_argument("--out", type=Path, default=None,
                   help=f"cache folder (default: {config.CACHE_DIR.name} under the project)")
    a.add_argument("--processes", type=int, default=1, help="local worker processes")
    a.add_argument("--scheduler", default=None,
                   help="address of a running Dask scheduler, e.g. tcp://127.0.0.1:8786")
    a.add_argument("--connect-timeout", type=float, default=5.0,
                   help="seconds to wait for the scheduler (default 5)")
    a.add_argument("--only", default=None,
                   help=f"comma-separated tables (default: all of {','.join(store.TABLES)})")
    a.add_argument("--batch-size", type=int, default=32, help="documents per nlp.pipe batch")
    a.add_argument("--chunk-size", type=int, default=None,
                   help="documents per written chunk (default: 4-64, by corpus size)")
    a.add_argument("--no-progress", action="store_true", help="no progress bar")

    for name in store.TABLES:
        t = sub.add_parser(name, help=f"print the {name} table (served from the cache if valid)")
        t.add_argument("path", type=Path, help="folder of .txt articles")
        t.add_argument("--format", choices=("csv", "json"), default="csv")
        t.add_argument("--cache", type=Path, default=None,
                       help="cache folder (default: the project cache)")
        t.add_argument("--cached-only", action="store_true",
                       help="fail instead of parsing if the cache does not hold the table")
        t.add_argument("--output", type=Path, default=None, help="write here instead of stdout")
    return p


def _connect(address: str, timeout: float) -> Any:
    from distributed import Client

    try:
        return Client(address, timeout=f"{timeout}s")
    except (OSError, TimeoutError, ValueError) as err:
        raise CliError(
            f"cannot reach the Dask scheduler at {address} within {timeout:g} s ({err}). "
            f"Start one with `dask scheduler` (and `dask worker ADDRESS`), or drop --scheduler."
        ) from err


def _annotate(args: argparse.Namespace) -> int:
    if args.processes < 1:
        raise CliError("--processes must be at least 1")
    client = _connect(args.scheduler, args.connect_timeout) if args.scheduler else None
    out = args.out if args.out is not None else store.active_cache_dir()
    try:
        result = store.annotate(
            args.path, out, n_process=args.processes, batch_size=args.batch_size,
            client=client, progress=not args.no_progress, only=args.only,
            chunk_size=args.chunk_size,
        )
    except PermissionError as err:  # a read-only cache folder (or a file in it)
        raise CliError(
            f"cannot write to the cache folder {out} ({err.strerror}: {err.filename}); annotate "
            "needs a writable --out (the table commands can read a read-only cache)"
        ) from err
    finally:
        if client is not None:
            client.close()
    print(f"annotated {result.n_parsed} of {result.n_docs} documents "
          f"({result.n_docs - result.n_parsed} already cached); tables: "
          f"{', '.join(result.tables)}; cache: {result.out}")
    return 0


def _table(args: argparse.Namespace) -> int:
    store.TABLES[args.command]  # KeyError (reported as usage) for an unknown table
    corpus = load_corpus(store._corpus_folder(args.path), keep_raw=False)
    cache = args.cache or store.active_cache_dir()
    if args.cached_only:
        store.load_table(args.command, corpus, cache, strict=True)  # clear error if not cached
    function = getattr(store, args.command)  # the public table function of that name
    with store.using_cache(cache, "read" if args.cached_only else None):
        df = function(corpus)
    out = args.output.open("w", encoding="utf-8", newline="") if args.output else sys.stdout
    try:
        if args.format == "csv":
            df.to_csv(out, index=False)
        else:
            out.write(df.to_json(orient="records", date_format="iso", force_ascii=False))
            out.write("\n")
    finally:
        if args.output:
            out.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 user error)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "annotate":
            return _annotate(args)
        return _table(args)
    except (CliError, store.CacheError, FileNotFoundError, NotADirectoryError, KeyError,
            ValueError) as err:
        msg = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"newscorpus: error: {msg}", file=sys.stderr)
        return EXIT_USAGE
    except CorpusProblem as err:  # reported, not dumped as a traceback
        print(f"newscorpus: error: {err}", file=sys.stderr)
        return EXIT_USAGE
