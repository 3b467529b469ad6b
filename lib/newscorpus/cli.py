"""Command line: ``newscorpus annotate|tokens|entities|quotes|dates|visits PATH`` (the tables) and
``newscorpus counts|framing|terms|timeline|kwic PATH`` (the analyses); also ``python -m
newscorpus``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

from newscorpus import __version__, config
from newscorpus import tables as store
from newscorpus.corpus.load import load_corpus
from newscorpus.corpus.read import CorpusProblem

EXIT_USAGE = 2
FORMATS = ("csv", "json", "parquet")
ANALYSES = ("counts", "framing", "terms", "timeline", "kwic")


class CliError(Exception):
    """An error reported to the user as one line on stderr (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    """argparse, with a hint when a folder name that starts with "-" was taken for an option."""

    def error(self, message: str) -> NoReturn:
        if "required: path" in message or "unrecognized arguments: -" in message:
            message += (f". A folder whose name starts with '-' goes after `--`, following the "
                        f"options: {_prog()} annotate --out CACHE -- -folder")
        super().error(message)


def _prog() -> str:
    """The program name as invoked: ``newscorpus`` for the script, ``python -m newscorpus``
    for the module."""
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else ""
    if not name or name in ("__main__.py", "-c", "-m") or name.endswith(".py"):
        return "python -m newscorpus"
    return name


def _parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog=_prog(),
        description="Annotate a folder of news articles once and print or cache its tables "
                    "and analyses.",
    )
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
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
        t.add_argument("--format", choices=FORMATS, default="csv")
        t.add_argument("--cache", type=Path, default=None,
                       help="cache folder (default: the project cache)")
        t.add_argument("--cached-only", action="store_true",
                       help="fail instead of parsing if the cache does not hold the table")
        t.add_argument("--out", "--output", dest="output", type=Path, default=None,
                       help="write here instead of stdout")
    _add_analyses(sub)
    return p


def _add_analyses(sub: Any) -> None:
    """The analysis commands: each loads the corpus, serves its tables from the cache (or
    parses) and writes one analysis table."""
    def command(name: str, help_: str) -> argparse.ArgumentParser:
        c = sub.add_parser(name, help=help_)
        c.add_argument("path", type=Path, help="folder of articles (with optional manifest.csv)")
        c.add_argument("--format", choices=FORMATS, default="csv",
                       help="output format (parquet needs --out)")
        c.add_argument("--out", dest="output", type=Path, default=None,
                       help="write here instead of stdout")
        c.add_argument("--cache", type=Path, default=None,
                       help="cache folder (default: the project cache)")
        return c

    def listed(text: str) -> list[str]:
        return [v.strip() for v in text.split(",") if v.strip()]

    c = command("counts", "entity mentions per group (and time bin), with denominators; "
                          "or hits of --term")
    c.add_argument("--by", type=listed, default=[],
                   help="comma-separated columns to group by, e.g. outlet (default: none)")
    c.add_argument("--freq", choices=("day", "week", "month", "year"), default=None,
                   help="also group by publication date in bins of this size")
    c.add_argument("--labels", type=listed, default=None,
                   help="comma-separated entity labels to keep, e.g. PERSON,GPE")
    c.add_argument("--term", action="append", default=None,
                   help="count this word or phrase instead of entities (repeatable)")
    c.add_argument("--duplicates", choices=("novel", "drop", "keep"), default="novel",
                   help="how syndicated copies count (default: their novel paragraphs only)")

    f = command("framing", "how each article names the war: own voice vs quoted, per family")
    f.add_argument("--lexicon", type=Path, default=None,
                   help="framing lexicon YAML (default: the packaged one)")
    f.add_argument("--duplicates", choices=("novel", "drop", "keep"), default="novel")

    t = command("terms", "distinctive terms of each group (weighted log-odds)")
    t.add_argument("--by", default="outlet", help="column to compare (default: outlet)")
    t.add_argument("--min-count", type=int, default=3, help="minimum count of a term (default 3)")

    command("timeline", "visits merged across articles into events")

    k = command("kwic", "keyword in context: every hit of PATTERN, own voice or quoted")
    k.add_argument("pattern", help="word or phrase (or a regular expression with --regex)")
    k.add_argument("--window", type=int, default=60, help="characters on each side (default 60)")
    k.add_argument("--regex", action="store_true", help="PATTERN is a regular expression")
    k.add_argument("--case", action="store_true", help="match case")
    k.add_argument("--duplicates", choices=("keep", "drop"), default="keep",
                   help="drop: leave near-duplicate (syndicated) copies out")


def _analysis_table(args: argparse.Namespace, corpus: Any) -> Any:
    """The table of analysis command ``args.command`` on ``corpus``."""
    if args.command == "kwic":
        from newscorpus.analysis.kwic import kwic

        return kwic(corpus, args.pattern, args.window, regex=args.regex, case=args.case,
                    duplicates=args.duplicates)
    if args.command == "counts":
        from newscorpus.analysis import counts

        if args.term:
            return counts.term_counts_over_time(corpus, args.term, args.freq, args.by,
                                                duplicates=args.duplicates)
        ents = store.entities(corpus)
        if args.freq:
            return counts.entity_counts_over_time(ents, corpus, args.freq, args.by,
                                                  duplicates=args.duplicates,
                                                  labels=args.labels)
        return counts.entity_counts(ents, corpus, args.by, duplicates=args.duplicates,
                                    labels=args.labels)
    if args.command == "framing":
        from newscorpus.analysis import outlets

        lexicon = outlets.load_lexicon(args.lexicon) if args.lexicon else None
        return outlets.framing(corpus, lexicon, duplicates=args.duplicates)
    if args.command == "terms":
        from newscorpus.analysis import outlets

        return outlets.distinctive_terms(corpus, by=args.by, min_count=args.min_count)
    from newscorpus.analysis.timeline import timeline

    return timeline(store.visits(corpus))


def _analysis(args: argparse.Namespace) -> int:
    if args.format == "parquet" and args.output is None:
        raise CliError("--format parquet writes a file: name it with --out FILE.parquet")
    corpus = load_corpus(store._corpus_folder(args.path), keep_raw=False)
    cache = args.cache or store.active_cache_dir()
    with store.using_cache(cache):
        df = _analysis_table(args, corpus)
    _write(df, args.format, args.output)
    return 0


def _write(df: Any, fmt: str, output: Path | None) -> None:
    """Write table ``df`` as csv, json (records) or parquet to ``output`` (default stdout)."""
    if fmt == "parquet":
        if output is None:
            raise CliError("--format parquet writes a file: name it with --out FILE.parquet")
        df.to_parquet(output, index=False)
        return
    out = output.open("w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        if fmt == "csv":
            df.to_csv(out, index=False)
        else:
            out.write(df.to_json(orient="records", date_format="iso", force_ascii=False))
            out.write("\n")
    finally:
        if output:
            out.close()


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
    _write(df, args.format, args.output)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 2 user error)."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "annotate":
            return _annotate(args)
        if args.command in ANALYSES:
            return _analysis(args)
        return _table(args)
    except BrokenPipeError:
        # the reader went away (`newscorpus entities DIR | head`): stop quietly, as a shell
        # tool does; stdout is pointed at /dev/null so the interpreter's final flush is silent
        _silence_stdout()
        return 141  # 128 + SIGPIPE, what the shell reports for a tool killed by SIGPIPE
    except (CliError, store.CacheError, FileNotFoundError, NotADirectoryError, KeyError,
            ValueError) as err:
        msg = err.args[0] if isinstance(err, KeyError) and err.args else err
        print(f"newscorpus: error: {msg}", file=sys.stderr)
        return EXIT_USAGE
    except CorpusProblem as err:  # reported, not dumped as a traceback
        print(f"newscorpus: error: {err}", file=sys.stderr)
        return EXIT_USAGE


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (e.g. captured by a test)
        pass
