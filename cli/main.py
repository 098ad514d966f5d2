"""The ``cluster-assistant`` command line: a thin front end over the ``assistant`` API."""

import argparse
import json
import logging
import os
import sys
from pathlib import Path

from assistant.errors import ClusterAssistantError, QuestionError
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

    ask = commands.add_parser("ask", help="answer a question from the documents, with sources",
                              description="Answer a question from the indexed documents, citing them.")
    ask.add_argument("question", help="the question, in English or French")
    ask.add_argument("--history", nargs="*", default=[], metavar="TURN",
                     help="earlier questions of the conversation, oldest first")
    ask.add_argument("--json", action="store_true", help="print the answer as one JSON object")
    _add_backend(ask)

    serve = commands.add_parser(
        "serve", help="update the index, then serve the web chat",
        description="Bring the index in step with the corpus folder (building it on first run), then "
                    "serve the web app on the configured host and port.")
    serve.add_argument("--no-ingest", action="store_true", help="serve the index as it is")
    serve.add_argument("--host", help="address to listen on (default: the host setting, 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default: the port setting, 7860)")
    _add_backend(serve)

    evaluation = commands.add_parser(
        "eval", help="score the assistant on a question set and write a report",
        description="Ask every question of a JSON-lines question set (after updating the index) "
                    "and write a JSON report, optionally a Markdown one and the tutorial baseline.",
    )
    evaluation.add_argument("questions", type=Path, metavar="QUESTIONS.jsonl")
    evaluation.add_argument("--out", type=Path, required=True, metavar="REPORT.json")
    evaluation.add_argument("--markdown", type=Path, metavar="REPORT.md")
    evaluation.add_argument("--baseline", action="store_true",
                          help="also run the LangChain tutorial retrieval and report it beside")
    evaluation.add_argument("--split", metavar="NAME",
                            help="only the questions of this part of the set (e.g. heldout, tune)")
    evaluation.add_argument("--fail-under", nargs="*", default=[], metavar="METRIC=VALUE",
                          help="exit 1 if a summary metric is below its value (a CI gate)")
    evaluation.add_argument("--url", metavar="URL",
                            help="score a running deployment through its JSON API (e.g. http://host:7860) "
                                 "instead of the local index")
    evaluation.add_argument("--api-key", metavar="KEY",
                            help="bearer key for --url (default: the CLUSTER_ASSISTANT_EVAL_API_KEY variable)")
    evaluation.add_argument("--compare", type=Path, metavar="OLD.json",
                            help="list the questions whose outcome changed since an earlier report")
    _add_backend(evaluation)
    return parser


def _add_backend(command: argparse.ArgumentParser) -> None:
    """The ``--backend`` option, which overrides CLUSTER_ASSISTANT_BACKEND for one run."""
    command.add_argument("--backend", choices=["extractive", "openai", "ollama", "llamacpp"],
                         help="who writes answers (default: the backend setting, extractive unless set); "
                              "a language model's answers are verified against the sources")


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 something failed, 2 usage)."""
    configure_process()
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
        overrides = {name: getattr(args, name) for name in ("backend", "host", "port")
                     if getattr(args, name, None) is not None}
        if overrides:  # validated like the environment's values
            settings = Settings(**{**settings.model_dump(), **overrides})
    except ValueError as exc:
        print(f"cluster-assistant: invalid setting: {exc}", file=sys.stderr)
        return EXIT_USAGE
    _configure_logging(settings)
    try:
        if args.command == "ingest":
            return _ingest(parser, args, settings)
        if args.command == "ask":
            return _ask(args, settings)
        if args.command == "eval":
            return _eval(parser, args, settings)
        if args.command == "serve":
            return _serve(args, settings)
    except QuestionError as exc:
        print(f"cluster-assistant: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except ClusterAssistantError as exc:
        log.info("%s failed: %s", args.command, exc)
        print(f"cluster-assistant: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("cluster-assistant: interrupted; run the same command again to finish", file=sys.stderr)
        return 130
    return EXIT_USAGE


def _configure_logging(settings: Settings) -> None:
    """Log to stderr at the configured level, and everything from INFO up to the data folder's log."""
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    console = logging.StreamHandler(sys.stderr)
    console.setLevel(settings.log_level.upper())
    console.setFormatter(fmt)
    handlers: list[logging.Handler] = [console]
    try:
        (settings.data_dir / "logs").mkdir(parents=True, exist_ok=True)
        logfile = logging.FileHandler(settings.data_dir / "logs" / "assistant.log", encoding="utf-8")
        logfile.setLevel(logging.INFO)
        logfile.setFormatter(fmt)
        handlers.append(logfile)
    except OSError:
        pass  # a read-only data folder must not stop the command
    logging.basicConfig(level=logging.INFO, handlers=handlers, force=True)


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


def _ask(args: argparse.Namespace, settings: Settings) -> int:
    """``cluster-assistant ask``."""
    from assistant.pipeline import Assistant

    assistant = Assistant.open(settings)
    try:
        reply = _stream_to_terminal(assistant, args) if not args.json and settings.backend != "extractive" \
            else assistant.ask(args.question, args.history)
    finally:
        assistant.close()
    if args.json:
        print(json.dumps(reply.to_dict(), ensure_ascii=False))
    else:
        print(format_answer(reply))
    return EXIT_OK


def _stream_to_terminal(assistant, args: argparse.Namespace):
    """Ask, echoing the model's tokens to stderr as they come; returns the final answer."""
    shown = 0
    reply = None
    for reply in assistant.stream_ask(args.question, args.history):
        if not reply.complete and reply.generated:
            sys.stderr.write(reply.text[shown:])
            sys.stderr.flush()
            shown = len(reply.text)
    if shown:
        sys.stderr.write("\n\n")
    return reply


def format_answer(reply) -> str:
    """An answer and its sources, for a terminal: the copyable text, or the passages possibly related."""
    from assistant.answer import MESSAGES
    from assistant.references import reference, with_sources

    lines = [with_sources(reply.to_dict())]
    if not reply.citations and reply.related:
        lines += ["", MESSAGES.get(reply.language, MESSAGES["en"])["related"] + ":"]
        for p in reply.related:
            text = " ".join(p.text.split())
            snippet = text if len(text) <= 160 else text[:157] + "…"
            lines.append(f"- {reference(p.title, p.year, p.page)}: {snippet}")
    return "\n".join(lines).rstrip()


def _eval(parser: argparse.ArgumentParser, args: argparse.Namespace, settings: Settings) -> int:
    """``cluster-assistant eval``."""
    from assistant.baseline import TutorialBaseline
    from assistant.evaluate import (
        compare,
        evaluate,
        load_questions,
        read_report,
        write_markdown,
    )
    from assistant.indexing import update_index
    from assistant.pipeline import Assistant
    from assistant.remote import RemoteAssistant

    gates = _parse_gates(parser, args.fail_under)
    if args.url and args.baseline:
        parser.error("--baseline needs the local index; it cannot be used with --url")
    questions = load_questions(args.questions, args.split)
    old = read_report(args.compare) if args.compare else None
    if args.url:
        assistant = RemoteAssistant(args.url, args.api_key or os.environ.get("CLUSTER_ASSISTANT_EVAL_API_KEY"))
    else:
        update_index(settings)
        assistant = Assistant.open(settings)
    try:
        baseline = TutorialBaseline(settings.corpus_dir, assistant.store.embeddings) if args.baseline else None
        with _progress_bar() as progress:
            report = evaluate(questions, assistant, baseline, progress)
    finally:
        assistant.close()
    if old is not None:
        report["comparison"] = compare(old, report)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")
    if args.markdown:
        args.markdown.parent.mkdir(parents=True, exist_ok=True)
        write_markdown(report, args.markdown)
    print(_format_eval(report))
    if old is not None:
        print(_format_comparison(report["comparison"], args.compare))
    failed = [f"{name} {report['summary'][name]:.3f} < {floor}" for name, floor in gates.items()
              if report["summary"][name] < floor]
    for line in failed:
        print(f"below threshold: {line}", file=sys.stderr)
    return EXIT_FAILED if failed else EXIT_OK


def _parse_gates(parser: argparse.ArgumentParser, items: list[str]) -> dict[str, float]:
    """``metric=value`` pairs, checked against the summary's numeric metrics."""
    from assistant.evaluate import SUMMARY_METRICS

    gates = {}
    for item in items:
        name, _, value = item.partition("=")
        try:
            gates[name] = float(value)
        except ValueError:
            parser.error(f"--fail-under takes METRIC=VALUE, got {item!r}")
        if name not in SUMMARY_METRICS:
            parser.error(f"--fail-under: unknown metric {name!r} (one of {', '.join(SUMMARY_METRICS)})")
    return gates


def _format_eval(report: dict) -> str:
    """The evaluation summary as a table: the assistant, the extractive answers beside a model's, the baseline."""
    from assistant.evaluate import report_columns

    summary, columns = report["summary"], report_columns(report)
    lines = [f"{summary['questions']} questions ({summary['answerable']} answerable)",
             f"{'metric':<22} " + " ".join(f"{name:>22}" for name in columns)]
    names = ["answer_accuracy", "fact_recall", "french_accuracy", "abstention_accuracy", "abstention_precision",
             "abstention_recall", "recall_at_5", "mrr", "citation_precision", "median_answer_chars",
             "p50_latency_ms", "p95_latency_ms"]
    if "extractive" in report:
        names += ["generated_share", "verified_share"]
    for name in names:
        cells = [column.get(name) for column in columns.values()]
        lines.append(f"{name:<22} " + " ".join(f"{v:>22.3f}" if v is not None else f"{'—':>22}" for v in cells))
    return "\n".join(lines)


def _format_comparison(changes: dict, old: Path) -> str:
    """The questions whose outcome changed since the old report, for people."""
    moved = [(kind, item) for kind in ("broken", "fixed", "abstention") for item in changes[kind]]
    lines = [f"Compared with {old}: {len(changes['broken'])} broken, {len(changes['fixed'])} fixed, "
             f"{len(changes['abstention'])} answered/abstained the other way, "
             f"{len(changes['added'])} new, {len(changes['removed'])} gone"]
    for kind, item in moved:
        lines.append(f"  {kind:<10} {item['id']}: {item['before']} -> {item['after']}: {item['question']}")
    return "\n".join(lines)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    """``cluster-assistant serve``."""
    from assistant.indexing import update_index
    from assistant.pipeline import Assistant

    if not args.no_ingest:
        with _progress_bar() as progress:
            report = update_index(settings, progress=progress)
        print(_format_summary(report, settings), flush=True)
    from ui.server import serve

    assistant = Assistant.open(settings)
    try:
        serve(assistant, settings)
    finally:
        assistant.close()
    return EXIT_OK
