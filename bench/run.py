"""THE benchmark command (issue 8): every figure at each library size, as medians with spread.

    .venv/bin/python bench/run.py [--sizes 1,1000] [--runs 5] [--json OUT] [--quick]

Builds each library from bench/synth.py (the real documents, varied) in a temporary
BRIEFING_HOME, then measures import, search, app start and selection (bench/bench_app.py, a
fresh interpreter each run), peak RSS of the app (a child process) and PDF export beside plain
reportlab platypus on the same text in the same run, and the Lima note's first export in a
fresh process with an empty font cache (cold) beside one with the cache filled (warm). --quick
shrinks the PDF pack (for tests).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import bench_app  # noqa: E402  (the UI engineer's start/selection timings)
import synth  # noqa: E402


def spread(samples: list[float]) -> dict:
    s = sorted(samples)
    return {
        "median": statistics.median(s),
        "min": s[0],
        "max": s[-1],
        "p95": s[max(0, int(round(len(s) * 0.95)) - 1)],
        "n": len(s),
    }


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem = next(
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{int(mem) / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        ram = "?"
    try:
        from PySide6 import QtCore

        qt = QtCore.qVersion()
    except ImportError:
        qt = "?"
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram": ram,
        "python": platform.python_version(),
        "qt": qt,
        "sqlite": sqlite3.sqlite_version,
        "load": os.getloadavg(),
        "date": time.strftime("%Y-%m-%d %H:%M %Z"),
    }


# --- import -------------------------------------------------------------------------------


def bench_import_sources(runs: int) -> dict:
    """Each real document (Lima, each sample): derive from its bytes + store (with its source)
    into a fresh library."""
    from briefing import importer
    from briefing.storage import Library, Source

    out = {}
    for name, text in synth.source_texts():
        times = []
        for _ in range(runs):
            with tempfile.TemporaryDirectory() as tmp:
                library = Library.open(Path(tmp) / "b.db")
                t = time.perf_counter()
                data = text.encode("utf-8")
                record, _warnings = importer.derive(data, name)
                library.import_record(
                    record, Source(data, "text/plain", name), importer.IMPORTER_VERSION
                )
                times.append(time.perf_counter() - t)
                library.close()
        out[name] = spread(times)
    return out


# The 18-page two-column verbatim record of the shared official PDFs (issue 16: >= 20 pages/s).
PDF_SAMPLE = (
    REPO.parent
    / "shared"
    / "records"
    / "pdfs"
    / ("S_PV_8698-sc-peace-consolidation-west-africa.pdf")
)


def bench_pdf_import(runs: int) -> dict:
    """An official PDF to its record (text layer read, structured, analysed), in pages per
    second; `extract` is the text layer alone. Skipped where ../shared is not beside the repo."""
    from briefing.importer import pdf

    if not PDF_SAMPLE.is_file():
        return {"skipped": f"{PDF_SAMPLE} not found"}
    data = PDF_SAMPLE.read_bytes()
    pdf.record_from_pdf(data, PDF_SAMPLE.name)  # load PDFium and the vocabularies once
    whole, extract, cpu = [], [], []
    for _ in range(runs):
        t = time.perf_counter()
        pages = pdf.record_text_from_pdf(data, PDF_SAMPLE.name).pages
        extract.append(time.perf_counter() - t)
        t, c = time.perf_counter(), time.process_time()
        pdf.record_from_pdf(data, PDF_SAMPLE.name)
        whole.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return {
        "file": PDF_SAMPLE.name,
        "pages": pages,
        "seconds": spread(whole),
        "pages_per_s": pages / statistics.median(whole),
        # CPU time: what the import costs when the machine is shared.
        "cpu_pages_per_s": pages / statistics.median(cpu),
        "extract_pages_per_s": pages / statistics.median(extract),
    }


# --- search -------------------------------------------------------------------------------


def search_terms(library) -> dict[str, str]:
    symbols = [r.symbol for r in library.records() if r.symbol]
    terms = {"migration": "migration", "development": "development", "rare": synth.RARE_WORD}
    if symbols:
        terms["symbol"] = symbols[len(symbols) // 2]
    return terms


def bench_search(library, runs: int) -> dict:
    """Each term as the app searches it: over the whole library, every matching place ranked,
    and within the newest record."""
    out = {}
    scoped = library.latest_record_id()
    for label, term in search_terms(library).items():
        for suffix, record_id in (("", None), (" (one record)", scoped)):
            library.search(term, record_id=record_id)  # warm
            times, hits = [], library.search(term, record_id=record_id)
            for _ in range(runs * 20):
                t = time.perf_counter()
                library.search(term, record_id=record_id)
                times.append(time.perf_counter() - t)
            out[label + suffix] = {
                "query": term,
                "hits": len(hits),
                "places": hits.total,
                **spread(times),
            }
    return out


# --- re-deriving ----------------------------------------------------------------------------


def bench_rederive(library) -> dict:
    """Every record re-derived from its kept source, as after an importer upgrade: the whole
    library, one transaction per record, with the backup the app takes first."""
    from briefing import startup

    real = startup.IMPORTER_VERSION
    startup.IMPORTER_VERSION = real + 1  # what the next release's importer would say
    try:
        t = time.perf_counter()
        result = startup.refresh_records(library)
        seconds = time.perf_counter() - t
    finally:
        startup.IMPORTER_VERSION = real
    # Put the records back at this importer's version for the figures measured after.
    with library.transaction():
        library.db.conn.execute(
            "UPDATE records SET importer_version = ?, derive_tried = ? WHERE derive_tried = ?",
            (real, real, real + 1),
        )
    return {
        "records": result.updated + len(result.kept),
        "updated": result.updated,
        "seconds": seconds,
        "records_per_s": (result.updated + len(result.kept)) / seconds,
    }


# --- memory -------------------------------------------------------------------------------

_MEMORY_CHILD = r"""
import json, resource
from briefing.app import build_window, create_application
from briefing.storage import Library
app = create_application([])
library = Library.open()
window = build_window(library)
window.show()
app.processEvents()
record = window.record
for item in record.processes + record.organizations + record.themes + record.conclusions:
    window.select_item(item)
    app.processEvents()
for term in ("migration", "development", "regional"):
    library.search(term)
app.processEvents()
hwm = 0
for line in open("/proc/self/status"):
    if line.startswith("VmHWM"):
        hwm = int(line.split()[1]) * 1024
window.close()
library.close()
print(json.dumps({"vmhwm": hwm,
                  "maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}))
"""


def bench_memory(home: Path, runs: int) -> dict:
    env = dict(os.environ, BRIEFING_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    peaks = []
    for _ in range(runs):
        res = subprocess.run(
            [sys.executable, "-c", _MEMORY_CHILD],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
        )
        if res.returncode != 0:
            raise SystemExit(res.stderr)
        peaks.append(json.loads(res.stdout.strip().splitlines()[-1])["vmhwm"] / 2**20)
    return spread(peaks)


# --- export -------------------------------------------------------------------------------


def _texts(record) -> list[str]:
    texts = [record.title or ""]
    for part in record.parts:
        texts.append(part.title or "")

        def walk(points):
            for point in points:
                texts.append(f"({point.label}) {point.text}")
                walk(point.points)

        for para in part.paragraphs:
            texts.append(f"{para.number or ''} {para.text}")
            walk(para.points)
    texts += [f"{fn.marker} {fn.text}" for fn in record.footnotes]
    return [t for t in texts if t.strip()]


def plain_platypus(items, out: Path) -> int:
    """The same text in the same fonts, through SimpleDocTemplate + Paragraphs only."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate

    from briefing.export.fonts import register_fonts

    # The same font files, but as stock reportlab TTFonts: the baseline is reportlab as it
    # ships, without our faster text encoding (fonts.FastTTFont). reportlab hands back the font
    # already registered for a face name, so each plain face gets a name of its own.
    fonts = register_fonts()
    for plain, ours in (("PlainSerif", fonts.serif), ("PlainSansBold", fonts.sans_bold)):
        if plain not in pdfmetrics.getRegisteredFontNames():
            stock = TTFont(plain, pdfmetrics.getFont(ours).face.filename)
            stock.face.name = plain.encode("ascii")
            pdfmetrics.registerFont(stock)
    body = ParagraphStyle("body", fontName="PlainSerif", fontSize=10.5, leading=14, spaceAfter=6)
    head = ParagraphStyle("head", fontName="PlainSansBold", fontSize=14, leading=18)
    story = []
    for record, _annotations in items:
        texts = _texts(record)
        story.append(Paragraph(escape(texts[0]), head))
        story += [Paragraph(escape(t), body) for t in texts[1:]]
        story.append(PageBreak())
    doc = SimpleDocTemplate(str(out), pagesize=A4)
    doc.build(story)
    return doc.page


def bench_export(library, runs: int, quick: bool) -> dict:
    from briefing.export.pdf import ExportOptions, export_pdf
    from briefing.storage.annotations import records_with_annotations as load_items

    options = ExportOptions(deterministic=True)
    lima = library.latest_record_id()  # bench_app.build_library imports Lima last
    ids = [r.id for r in library.records()]
    note = load_items(library, [lima])
    target = 30 if quick else 300
    pack = load_items(library, ids[:60])
    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        pdf = Path(tmp) / "x.pdf"
        # Grow the pack (repeating records on a small library) until it passes `target` pages.
        while export_pdf(pack, options, pdf).pages < target:
            pack = pack + pack
        for label, items in (("note", note), ("pack", pack)):
            plain_platypus(items, pdf)  # warm: the stock faces are parsed on first use
            ours, plain, ratios, pages, plain_pages = [], [], [], 0, 0
            for _ in range(runs):
                t = time.perf_counter()
                pages = export_pdf(items, options, pdf).pages
                ours.append(time.perf_counter() - t)
                t = time.perf_counter()
                plain_pages = plain_platypus(items, pdf)
                plain.append(time.perf_counter() - t)
                # Time per page relative to plain platypus (1.0 = as fast), per pair: the two
                # run back to back, so a shared machine's slow spells weigh on both alike.
                ratios.append((ours[-1] / pages) / (plain[-1] / plain_pages))
            ours_s, plain_s = statistics.median(ours), statistics.median(plain)
            out[label] = {
                "records": len(items),
                "pages": pages,
                "seconds": spread(ours),
                "pages_per_s": pages / ours_s,
                "pages_per_s_min_max": [pages / max(ours), pages / min(ours)],
                "plain_pages": plain_pages,
                "plain_seconds": spread(plain),
                "plain_pages_per_s": plain_pages / plain_s,
                "ratio": statistics.median(ratios),
                "ratio_min_max": [min(ratios), max(ratios)],
            }
    return out


_FIRST_EXPORT = """
import sys, time
from pathlib import Path
from briefing.export.pdf import ExportOptions, export_pdf
from briefing.importer import default_record
t = time.perf_counter()
export_pdf([(default_record(), [])], ExportOptions(deterministic=True), Path(sys.argv[1]))
print(time.perf_counter() - t)
"""


def bench_first_export(runs: int) -> dict:
    """The Lima note exported by a fresh interpreter: with an empty font cache (what a fresh
    install meets at its first export) and with the cache the cold run filled."""
    cold, warm = [], []
    for _ in range(max(1, runs)):
        with tempfile.TemporaryDirectory(prefix="briefing-cold-") as tmp:
            env = dict(
                os.environ,
                BRIEFING_HOME=tmp,
                BRIEFING_FONT_CACHE=str(Path(tmp) / "fonts"),
                PYTHONPATH=str(REPO),
            )
            pdf = str(Path(tmp) / "note.pdf")
            for samples in (cold, warm):
                done = subprocess.run(
                    [sys.executable, "-c", _FIRST_EXPORT, pdf],
                    env=env,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                samples.append(float(done.stdout.strip().splitlines()[-1]))
    return {
        "cold_seconds": spread(cold),
        "warm_seconds": spread(warm),
        "cold_over_warm": statistics.median(c / w for c, w in zip(cold, warm, strict=True)),
    }


# --- driver -------------------------------------------------------------------------------


def bench_size(count: int, runs: int, quick: bool) -> dict:
    from briefing.storage import Library

    with tempfile.TemporaryDirectory(prefix=f"briefing-run-{count}-") as tmp:
        home = Path(tmp)
        old_home = os.environ.get("BRIEFING_HOME")
        t = time.perf_counter()
        bench_app.build_library(home, count)
        build = time.perf_counter() - t
        library = Library.open()
        n = len(library.records())
        result: dict = {
            "records": n,
            "build": {"seconds": build, "records_per_s": n / build, "s_per_record": build / n},
        }
        result["search"] = bench_search(library, runs)
        result["rederive"] = bench_rederive(library)
        result["export"] = bench_export(library, runs, quick)
        library.close()
        bench_app.compile_bytecode()
        bench_app.run_child(home)  # warm the file cache
        children = [bench_app.run_child(home) for _ in range(runs)]
        # Five pairs at the least for a figure worth recording; --quick (the tests) one.
        result["start_ratio"] = bench_app.start_ratio(home, runs if quick else max(runs, 5))
        result["start"] = spread([c["shown"] for c in children])
        result["selection"] = spread([s for c in children for s in c["select"]])
        result["memory_mb"] = bench_memory(home, max(1, min(runs, 3)))
        if old_home is None:
            os.environ.pop("BRIEFING_HOME", None)
        else:
            os.environ["BRIEFING_HOME"] = old_home
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,1000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--quick", action="store_true", help="a small PDF pack (for tests)")
    parser.add_argument(
        "--pdf-import-only", action="store_true", help="only the official-PDF import figure"
    )
    parser.add_argument(
        "--start-only",
        action="store_true",
        help="only start to the populated window against a bare PySide6 window, per size",
    )
    parser.add_argument(
        "--first-export-only",
        action="store_true",
        help="only the first export's figure: cold (empty font cache) beside warm",
    )
    args = parser.parse_args(argv)
    if args.start_only:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        ratios = {}
        for count in [int(c) for c in args.sizes.split(",")]:
            with tempfile.TemporaryDirectory(prefix=f"briefing-start-{count}-") as tmp:
                bench_app.build_library(Path(tmp), count)
                ratios[str(count)] = bench_app.start_ratio(Path(tmp), args.runs)
        print(json.dumps({"machine": machine(), "start_ratio": ratios}, indent=2))
        return 0
    if args.pdf_import_only:
        print(json.dumps(bench_pdf_import(args.runs), indent=2))
        return 0
    if args.first_export_only:
        print(json.dumps(bench_first_export(args.runs), indent=2))
        return 0
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report = {
        "command": " ".join([".venv/bin/python", "bench/run.py", *sys.argv[1:]]),
        "machine": machine(),
    }
    imports = bench_import_sources(args.runs)
    report["import"] = imports
    report["pdf_import"] = bench_pdf_import(args.runs)
    report["first_export"] = bench_first_export(min(args.runs, 3))
    report["sizes"] = {}
    for count in [int(c) for c in args.sizes.split(",")]:
        print(f"size {count} …", file=sys.stderr, flush=True)
        report["sizes"][str(count)] = bench_size(count, args.runs, args.quick)
    report["machine"]["load_after"] = os.getloadavg()
    text = json.dumps(report, indent=2)
    if args.json:
        args.json.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
