"""Evaluation: ask a question set, score answers, retrieval and citations, write reports."""

import json
import statistics
from collections import defaultdict
from pathlib import Path

from assistant.errors import ClusterAssistantError
from assistant.matching import contains
from assistant.types import Answer, Passage

SUMMARY_METRICS = ("answer_accuracy", "fact_recall", "french_accuracy", "abstention_accuracy",
                   "recall_at_5", "mrr", "citation_precision")


class QuestionSetError(ClusterAssistantError):
    """A question file that cannot be read."""


def load_questions(path: Path, split: str | None = None) -> list[dict]:
    """Read a JSON-lines question set, checking each line has what scoring needs.

    With ``split``, keep only the questions of that part (their ``split`` field: ``tune``,
    ``heldout``); a split no question has is an error.
    """
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionSetError(f"cannot read {path}: {exc}") from exc
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        missing = {"id", "question", "answerable"} - set(item)
        if missing:
            raise QuestionSetError(f"{path}:{number}: missing {', '.join(sorted(missing))}")
        item.setdefault("facts", [])
        item.setdefault("evidence", [])
        item.setdefault("history", [])
        item.setdefault("language", "en")
        item.setdefault("category", "other")
        questions.append(item)
    if not questions:
        raise QuestionSetError(f"{path}: no questions")
    if split is not None:
        questions = [q for q in questions if q.get("split") == split]
        if not questions:
            raise QuestionSetError(f"{path}: no question has split {split!r}")
    return questions


def evaluate(questions: list[dict], assistant, baseline=None, progress=None) -> dict:
    """Ask every question (its history first, in one conversation) and score the answers.

    Returns ``{"summary": ..., "results": [...]}``; with a ``baseline`` retriever, also
    ``"baseline"`` with its retrieval figures on the same questions.
    """
    results = []
    quoted = []  # the extractive answers computed beside a language model's
    baseline_rows = []
    for done, item in enumerate(questions):
        if progress:
            progress(done, len(questions), item["id"])
        reply = ask_in_conversation(assistant, item)
        results.append(score(item, reply))
        if reply.extractive is not None:
            quoted.append(score(item, reply.extractive))
        if baseline is not None:
            passages, elapsed = baseline.retrieve(item["question"])
            baseline_rows.append({**_retrieval_scores(item, passages), "latency_ms": elapsed,
                                  "answerable": item["answerable"]})
    report = {"summary": summarize(results), "results": results}
    splits = sorted({r["split"] for r in results if r.get("split")})
    if splits:  # a benchmark with a fitted part and a held-out one: each part's own figures
        report["by_split"] = {name: summarize([r for r in results if r.get("split") == name]) for name in splits}
    if quoted:
        report["extractive"] = {"summary": summarize(quoted), "results": quoted}
    if baseline is not None:
        report["baseline"] = _summarize_baseline(baseline_rows, baseline)
    return report


def ask_in_conversation(assistant, item: dict) -> Answer:
    """The answer to a question item, asked after its ``history`` turns in one conversation."""
    history: list[str] = []
    for turn in item["history"]:
        assistant.ask(turn, history)
        history.append(turn)
    return assistant.ask(item["question"], history)


def wordings(fact) -> list[str]:
    """A fact as its list of acceptable wordings (a string, or a list of alternatives)."""
    return [fact] if isinstance(fact, str) else list(fact)


def score(item: dict, reply: Answer) -> dict:
    """One question's result: what came back and how it scores."""
    facts = [wordings(f) for f in item["facts"]]
    found = [any(contains(reply.text, alt) for alt in alts) for alts in facts] if not reply.abstained else []
    if item["answerable"]:
        correct = not reply.abstained and all(found)
    else:
        correct = reply.abstained
    relevant = item["evidence"] + [alt for alts in facts for alt in alts]
    cited = [any(contains(c.text, phrase) for phrase in relevant) for c in reply.citations]
    return {
        "id": item["id"], "question": item["question"], "history": item["history"], "split": item.get("split"),
        "language": item["language"], "category": item["category"], "answerable": item["answerable"],
        "answer": reply.text, "abstained": reply.abstained, "query": reply.query,
        "citations": [{"source": c.source, "page": c.page, "text": c.text, "sentence": c.sentence}
                      for c in reply.citations],
        "retrieved": [p.to_dict() for p in reply.retrieved],
        "latency_ms": round(reply.timings.get("total_ms", 0.0), 1),
        "correct": correct,
        "fact_recall": (sum(found) / len(facts)) if facts else None,
        "citation_precision": (sum(cited) / len(cited)) if cited and item["answerable"] else None,
        "expected_facts": item["facts"],
        "backend": reply.backend, "generated": reply.generated, "verified": reply.verified,
        "problems": reply.problems, "notice": reply.notice,
        **_retrieval_scores(item, reply.retrieved),
    }


def summarize(results: list[dict]) -> dict:
    """The summary figures over all results."""
    answerable = [r for r in results if r["answerable"]]
    unanswerable = [r for r in results if not r["answerable"]]
    french = [r for r in results if r["language"] == "fr"]
    abstained = [r for r in results if r["abstained"]]
    retrieval = [r for r in results if r["recall_at_5"] is not None]
    latencies = sorted(r["latency_ms"] for r in results)
    lengths = [len(r["answer"]) for r in results if not r["abstained"]]
    checked = [r for r in results if r.get("verified") is not None]
    categories = defaultdict(list)
    for r in results:
        categories[r["category"]].append(r["correct"])
    return {
        "questions": len(results),
        "answerable": len(answerable),
        "answer_accuracy": _mean(r["correct"] for r in answerable),
        "overall_accuracy": _mean(r["correct"] for r in results),
        "fact_recall": _mean(r["fact_recall"] or 0.0 for r in answerable),
        "french_accuracy": _mean(r["correct"] for r in french),
        "abstention_accuracy": _mean(r["abstained"] != r["answerable"] for r in results),
        "abstention_precision": _mean(not r["answerable"] for r in abstained),
        "abstention_recall": _mean(r["abstained"] for r in unanswerable),
        "recall_at_5": _mean(r["recall_at_5"] for r in retrieval),
        "mrr": _mean(r["reciprocal_rank"] for r in retrieval),
        "citation_precision": _mean(r["citation_precision"] for r in answerable
                                    if r["citation_precision"] is not None),
        "median_answer_chars": statistics.median(lengths) if lengths else 0,
        "p50_latency_ms": round(percentile(latencies, 50), 1),
        "p95_latency_ms": round(percentile(latencies, 95), 1),
        "per_category_accuracy": {name: _mean(values) for name, values in sorted(categories.items())},
        # With a language model: the share of answers it wrote that were shown, and that passed the check.
        "generated_share": _mean(r.get("generated", False) for r in results if not r["abstained"]),
        "verified_share": _mean(bool(r.get("verified")) for r in checked) if checked else None,
    }


def _retrieval_scores(item: dict, passages: list[Passage]) -> dict:
    """recall@5 and reciprocal rank of the first passage holding an evidence phrase."""
    if not item["answerable"] or not item["evidence"]:
        return {"recall_at_5": None, "reciprocal_rank": None}
    ranks = [rank for rank, p in enumerate(passages, start=1)
             if any(contains(p.text, phrase) for phrase in item["evidence"])]
    return {"recall_at_5": bool(ranks and ranks[0] <= 5), "reciprocal_rank": 1 / ranks[0] if ranks else 0.0}


def _summarize_baseline(rows: list[dict], baseline) -> dict:
    """The baseline's retrieval figures (it never abstains and writes no answer)."""
    retrieval = [r for r in rows if r["recall_at_5"] is not None]
    latencies = sorted(r["latency_ms"] for r in rows)
    return {
        "name": "LangChain tutorial: RecursiveCharacterTextSplitter 1000/200, similarity search k=5",
        "chunks": baseline.chunks,
        "recall_at_5": _mean(r["recall_at_5"] for r in retrieval),
        "mrr": _mean(r["reciprocal_rank"] for r in retrieval),
        "abstention_accuracy": _mean(r["answerable"] for r in rows),
        "p50_latency_ms": round(percentile(latencies, 50), 1),
        "p95_latency_ms": round(percentile(latencies, 95), 1),
    }


def write_markdown(report: dict, path: Path) -> None:
    """A report for people: the metrics table, then each failed question."""
    summary = report["summary"]
    columns = report_columns(report)
    lines = ["# Evaluation report", "", f"{summary['questions']} questions "
             f"({summary['answerable']} answerable).", "",
             "| metric | " + " | ".join(columns) + " |", "| --- |" + " ---: |" * len(columns)]
    for name in (*SUMMARY_METRICS, "abstention_precision", "abstention_recall", "overall_accuracy",
                 "median_answer_chars", "p50_latency_ms", "p95_latency_ms", "generated_share", "verified_share"):
        cells = [columns[c].get(name) for c in columns]
        lines.append(f"| {name} | " + " | ".join(_fmt(v) if v is not None else "—" for v in cells) + " |")
    lines += ["", "| category | accuracy |", "| --- | ---: |"]
    lines += [f"| {name} | {value:.3f} |" for name, value in summary["per_category_accuracy"].items()]
    failed = [r for r in report["results"] if not r["correct"]]
    lines += ["", f"## Failed questions ({len(failed)})", ""]
    for r in failed:
        expected = "abstain (not in the documents)" if not r["answerable"] else \
            "facts: " + "; ".join(" / ".join(wordings(f)) for f in r["expected_facts"])
        lines += [f"### {r['id']} ({r['category']}, {r['language']})", "",
                  f"- question: {r['question']}" + (f" (after: {' / '.join(r['history'])})" if r["history"] else ""),
                  f"- expected: {expected}", f"- got: {r['answer']}", ""]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def report_columns(report: dict) -> dict[str, dict]:
    """The summaries to show side by side: the assistant as run, the extractive answers beside a model's, the baseline."""
    backend = report["results"][0].get("backend", "extractive") if report["results"] else "extractive"
    columns = {f"assistant ({backend})": report["summary"]}
    if "extractive" in report:
        columns["extractive"] = report["extractive"]["summary"]
    for name, summary in report.get("by_split", {}).items():
        columns[f"{name} part"] = summary
    if "baseline" in report:
        columns["baseline"] = report["baseline"]
    return columns


def _mean(values) -> float:
    """The mean of booleans or numbers (0 when there are none)."""
    values = [float(v) for v in values]
    return round(sum(values) / len(values), 4) if values else 0.0


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile of ``values`` (nearest rank; 0 when there are none)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def _fmt(value) -> str:
    """A figure for the Markdown table."""
    return f"{value:.3f}" if isinstance(value, float) and value <= 1 else f"{value}"


def compare(old: dict, new: dict) -> dict:
    """The questions whose outcome changed between two reports (matched by id).

    ``fixed``: wrong before, right now; ``broken``: right before, wrong now; ``abstention``:
    right or wrong both times, but one answered where the other abstained. Questions in only
    one report are listed under ``added`` and ``removed``.
    """
    before = {r["id"]: r for r in old.get("results", [])}
    after = {r["id"]: r for r in new.get("results", [])}
    changed = {"fixed": [], "broken": [], "abstention": []}
    for key in (k for k in after if k in before):
        was, now = before[key], after[key]
        kind = ("fixed" if now["correct"] else "broken") if was["correct"] != now["correct"] else \
            "abstention" if was["abstained"] != now["abstained"] else None
        if kind:
            changed[kind].append({"id": key, "question": now["question"], "before": _outcome(was),
                                  "after": _outcome(now), "answer_before": was["answer"], "answer_after": now["answer"]})
    changed["added"] = sorted(k for k in after if k not in before)
    changed["removed"] = sorted(k for k in before if k not in after)
    return changed


def _outcome(result: dict) -> str:
    """A result in two words: right or wrong, answered or abstained."""
    return f"{'right' if result['correct'] else 'wrong'}, {'abstained' if result['abstained'] else 'answered'}"


def read_report(path: Path) -> dict:
    """A JSON report written by ``eval`` (``QuestionSetError`` if it cannot be read)."""
    try:
        report = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise QuestionSetError(f"cannot read the report {path}: {exc}") from exc
    if not isinstance(report, dict) or not isinstance(report.get("results"), list):
        raise QuestionSetError(f"{path} is not an evaluation report (no results)")
    needed = {"id", "question", "answer", "correct", "abstained"}
    for number, result in enumerate(report["results"], start=1):
        if not isinstance(result, dict) or not needed <= set(result):
            raise QuestionSetError(f"{path}: result {number} is not a scored question "
                                   f"(it needs {', '.join(sorted(needed))})")
    return report
