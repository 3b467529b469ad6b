"""``python -m newscorpus`` entry point (see newscorpus.cli)."""

from newscorpus.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
