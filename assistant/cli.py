"""The ``cluster-assistant`` command line: a thin front end over the ``assistant`` API."""

import argparse
import json
import logging
import sys
from pathlib import Path

from assistant.errors import ClusterAssistantError
from assistant.settings import Settings, configure_process

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
log = logging.getLogger("assistant")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with its subcommands."""
    parser = argparse.ArgumentParser(
        prog="cluster-assistant",
        description="Answers questions about France's competitiveness clusters, with citations.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    ingest = commands.add_parser(
        "ingest", help="index the corpus folder (or the given files) incrementally",
        description="Bring the index in step with the corpus folder: add new files, replace "
                    "changed ones, drop removed ones, skip unchanged ones. Files given as PATH "
                    "are indexed (and copied into the corpus folder if outside it).",
    )
    ingest.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders to ingest")
    ingest.add_argument("--rebuild", action="store_true", help="delete the index and build it again")
    ingest.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 something failed, 2 usage)."""
    configure_process()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValueError as exc:
        print(f"cluster-assistant: invalid setting: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _configure_logging(settings)
    try:
        if args.command == "ingest":
            return _ingest(parser, args, settings)
    except ClusterAssistantError as exc:
        log.error("%s failed: %s", args.command, exc)
        print(f"cluster-assistant: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("cluster-assistant: interrupted; run the same command again to finish", file=sys.stderr)
        return 130
    return EXIT_USAGE


def _configure_logging(settings: Settings) -> None:
    """Log to stderr at the configured level."""
    logging.basicConfig(
        level=settings.log_level.upper(), stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


def _ingest(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings) -> int:
    """``cluster-assistant ingest``."""
    from assistant.indexing import update_index

    if args.rebuild and args.paths:
        parser.error("--rebuild rebuilds the whole corpus folder; ingest the files first, "
                     "or rebuild without PATH")
    with _progress_bar() as progress:
        report = update_index(settings, args.paths or None, rebuild=args.rebuild, progress=progress)
    if args.json:
        print(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        print(_format_summary(report, settings))
    return EXIT_OK if report.ok else EXIT_FAILED


class _progress_bar:
    """A tqdm bar on a terminal, nothing otherwise; used as a context giving a callback."""

    def __enter__(self):
        self._bar = None
        return self._update if sys.stderr.isatty() else None

    def _update(self, done: int, total: int, name: str) -> None:
        from tqdm import tqdm

        if self._bar is None:
            self._bar = tqdm(total=total, unit="file", file=sys.stderr, leave=False)
        self._bar.set_postfix_str(name[:40])
        self._bar.update(done - self._bar.n)

    def __exit__(self, *exc_info) -> None:
        if self._bar is not None:
            self._bar.close()


def _format_summary(report, settings: Settings) -> str:
    """The ingest summary for people."""
    counts = " · ".join(f"{status} {len(report.sources(status))}"
                        for status in ("added", "updated", "unchanged", "removed", "failed"))
    lines = [
        f"Ingested {settings.corpus_dir} in {report.seconds:.1f} s",
        f"  files: {counts}",
        f"  chunks in the index: {report.chunks} (records of chunks and sentences: "
        f"{report.written} written, {report.deleted} deleted)",
    ]
    failures = [f for f in report.files if f.status == "failed"]
    if failures:
        lines.append("Failed (skipped, the rest was ingested):")
        lines.extend(f"  {f.source}: {f.reason}" for f in failures)
    return "\n".join(lines)
