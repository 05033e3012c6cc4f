"""The Word export on a maximal report, beside pandoc and the python-docx floor.

A report of 15,000 words over the template's 13 sections, with headings, bold and italic,
bulleted and numbered lists (nested), tables and links, built:

- by us, in process: `render_document` from plain data, and `build_report_docx` for a team
  in the database (the report's queries included). Warm: a process that has built before,
  with the markdown parse cache cleared each time (so parsing is counted, as pandoc's is).
  Cold: the first build in a fresh Python process, imports not counted;
- by pandoc (apt) from the same markdown, one process per document, with --toc;
- the floor: python-docx writing the same paragraphs (every block's plain text) with no logic.

Each is timed by CPU time (this process's, or the pandoc child's), which the other work on a
shared 2-core machine disturbs far less than the wall clock; wall-clock p50s are printed too.
Goals (issue 8): <= 1.0 s; no slower than pandoc; <= 1.5 x the floor. Figures go in BENCHMARKS.md.
"""

from __future__ import annotations

import io
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from bench.harness import make_app, percentiles, report

WARM_RUNS = 30
COLD_RUNS = 7
TARGET_WORDS = 15_000

VOCABULARY = ["discharge", "patient", "ward", "care", "home", "reablement", "social", "worker", "delay", "bed",
              "flow", "community", "team", "pathway", "assessment", "package", "system", "leadership", "partner",
              "evidence", "board", "council", "trust", "hospital"]


def maximal_sections(seed: int = 8) -> list[tuple[str, str, str]]:
    """(key, title, markdown) for the 13 template sections, 15,000 words in all."""
    from workspace.markdown import count_words
    from workspace.report.template import DEFAULT_SECTIONS

    rng = random.Random(seed)

    def sentence(n: int = 14) -> str:
        words = [rng.choice(VOCABULARY) for _ in range(n)]
        words[2] = f"**{words[2]}**"
        words[-1] = f"*{words[-1]}*"
        return " ".join(words).capitalize() + "."

    def block(i: int) -> str:
        kind = i % 6
        if kind == 0:
            return f"## Theme {i}\n\n" + " ".join(sentence() for _ in range(4))
        if kind == 1:
            return "\n".join(f"- {sentence(10)}\n  - {sentence(6)}" for _ in range(3))
        if kind == 2:
            return "\n".join(f"{n}. {sentence(10)}" for n in range(1, 5))
        if kind == 3:
            rows = "\n".join(f"| {rng.choice(VOCABULARY)} | {rng.randint(1, 99)} | {sentence(5)} |" for _ in range(6))
            return "| Measure | Value | Note |\n| --- | ---: | --- |\n" + rows
        if kind == 4:
            return (f"See [the King's Fund](https://www.kingsfund.org.uk/insight-and-analysis/{i}) and "
                    f"[NHS England](https://www.england.nhs.uk/{i}/). " + " ".join(sentence() for _ in range(3)))
        return "> " + sentence(20) + "\n\n" + " ".join(sentence() for _ in range(5))

    per_section = TARGET_WORDS // len(DEFAULT_SECTIONS)
    sections, n = [], 0
    for template in DEFAULT_SECTIONS:
        blocks: list[str] = []
        while count_words("\n\n".join(blocks), count_tables=True) < per_section:
            blocks.append(block(n))
            n += 1
        sections.append((template.key, template.title, "\n\n".join(blocks) + "\n"))
    return sections


def _contents(sections):
    from workspace.exports.parts import Contents, ReportSection, SectionRole, WordCount

    roles = {"references": SectionRole.REFERENCES, "appendices": SectionRole.APPENDICES}
    return Contents(
        sections=[ReportSection(k, t, md, i, role=roles.get(k, SectionRole.BODY)) for i, (k, t, md) in enumerate(sections)],
        word_count=WordCount(15_000, 5_000, 10, ("Executive summary", "References", "Appendices")),
    )


META_ARGS = ("Reducing delayed discharges from the acute medical wards", "Team Harbour",
             "Riverside University Hospitals NHS Foundation Trust", "Eastfield ICS System Leadership Programme 2026-27",
             ["Aisha Khan", "Tom Whitfield", "Grace Okafor", "Dylan Evans"])


def _ours(contents, *, parse: bool = True):
    """Our build; `parse=False` keeps markdown's parse cache, as after the report page has
    rendered the same sections in this process."""
    from workspace import markdown
    from workspace.exports.word import ReportMeta, render_document

    meta = ReportMeta(*META_ARGS, date(2026, 11, 26))

    def build():
        if parse:
            markdown._parsed.cache_clear()
        return render_document(meta, contents, review_copy=True)

    return build


def _children_cpu() -> float:
    usage = os.times()
    return usage.children_user + usage.children_system


def _floor(sections):
    """python-docx with no logic: a heading per section and each block's words as a paragraph."""
    import docx

    from workspace.markdown import plain_text

    paragraphs = [(title, [plain_text(b) for b in md.split("\n\n") if b.strip()]) for _, title, md in sections]

    def build():
        document = docx.Document()
        for title, texts in paragraphs:
            document.add_heading(title, 1)
            for text in texts:
                document.add_paragraph(text)
        document.save(io.BytesIO())

    return build


def _pandoc(sections, folder: Path):
    source = folder / "report.md"
    source.write_text("\n\n".join(f"# {title}\n\n{md}" for _, title, md in sections))
    target = folder / "report.docx"

    def build():
        subprocess.run(["pandoc", "--toc", "-f", "markdown", "-t", "docx", "-o", str(target), str(source)],  # noqa: S603, S607
                       check=True)

    return build


COLD_SCRIPT = """
import sys, time
sys.path.insert(0, {root!r})
from bench.bench_export import maximal_sections, _contents, _ours
build = _ours(_contents(maximal_sections()))
start = time.process_time()
build()
print((time.process_time() - start) * 1000)
"""


def _cold(root: str) -> dict[str, float]:
    samples = []
    for _ in range(COLD_RUNS):
        out = subprocess.run([sys.executable, "-c", COLD_SCRIPT.format(root=root)], check=True,  # noqa: S603
                             capture_output=True, text=True).stdout
        samples.append(float(out.strip().splitlines()[-1]))
    return percentiles(samples)


def _through_the_database(sections) -> dict[str, float] | None:
    from tests import factories
    from workspace import markdown
    from workspace.exports.word import build_report_docx
    from workspace.extensions import db
    from workspace.report import operations as ops

    app = make_app()
    with app.app_context(), app.test_request_context():
        team = factories.make_team("Team Harbour")
        writer = factories.make_user("Aisha Khan")
        factories.add_member(team, writer)
        db.session.commit()
        ops.sections_for(team)
        for key, _title, md in sections:
            ops.save_section(team, key, md, 0, writer)

        def build():
            markdown._parsed.cache_clear()
            db.session.expire_all()
            return build_report_docx(team, "team", review_copy=True)

        from bench.harness import time_calls

        return time_calls(build, WARM_RUNS, warmup=3, clock=time.process_time)


def _both(fn, clock=time.process_time) -> dict[str, float]:
    """CPU p50/p95 (ms) and the wall-clock p50 of the same kind of run."""
    from bench.harness import time_calls

    cpu = time_calls(fn, WARM_RUNS, warmup=3, clock=clock)
    wall = time_calls(fn, max(5, WARM_RUNS // 3), warmup=0)
    return {"p50": cpu["p50"], "p95": cpu["p95"], "wall p50": wall["p50"]}


def run() -> None:
    from workspace.markdown import count_words

    sections = maximal_sections()
    words = sum(count_words(md, count_tables=True) for _, _, md in sections)
    size = sum(len(md.encode()) for _, _, md in sections)
    print(f"report: {len(sections)} sections, {words:,} words (tables counted), {size:,} bytes of markdown")
    print(f"CPU time in ms ({WARM_RUNS} runs each after warm-up), wall-clock p50 beside it")
    contents = _contents(sections)
    figures = {
        "ours, warm, markdown parsed each time": _both(_ours(contents)),
        "ours, warm, parse cached (page seen)": _both(_ours(contents, parse=False)),
        "ours, warm, through the database": _through_the_database(sections),
        "ours, cold (first build in a process)": _cold(str(Path(__file__).resolve().parents[1])),
        "floor: python-docx, same paragraphs": _both(_floor(sections)),
    }
    if shutil.which("pandoc"):
        with tempfile.TemporaryDirectory() as folder:
            figures["pandoc --toc (one process each)"] = _both(_pandoc(sections, Path(folder)), clock=_children_cpu)
    else:
        print("pandoc is missing (make bench installs it)")
    for name, figure in figures.items():
        report(name, {k: v for k, v in figure.items() if k in ("p50", "p95", "wall p50")})
    ours, floor = figures["ours, warm, markdown parsed each time"]["p50"], figures["floor: python-docx, same paragraphs"]["p50"]
    cached = figures["ours, warm, parse cached (page seen)"]["p50"]
    print(f"ours / floor (p50): {ours / floor:.2f}x with the parse, {cached / floor:.2f}x with the parse cached")
    if "pandoc --toc (one process each)" in figures:
        print(f"ours / pandoc (p50): {ours / figures['pandoc --toc (one process each)']['p50']:.2f}x")


if __name__ == "__main__":
    run()
