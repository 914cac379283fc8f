"""PDF renders for instruction counts under valgrind, which a busy shared machine cannot move.

    python bench/render_once.py prepare 1000 pack /tmp/pack.pkl   # the items, outside valgrind
    valgrind --tool=callgrind python bench/render_once.py render /tmp/pack.pkl ours 0
    valgrind --tool=callgrind python bench/render_once.py render /tmp/pack.pkl ours 1

`prepare` builds a bench library of that many records (as bench/run.py does) and saves the
items of the Lima note or of the large pack (`note` or `pack`: the same pack bench/run.py
times). `render` renders them once to warm up (fonts parsed, caches filled), then 0 or 1 more
times, with our exporter (`ours`) or bench/run.py's plain platypus (`plain`): the difference
between the two counts is one warm render. Figures in BENCHMARKS.md.
"""

from __future__ import annotations

import os
import pickle
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))


def prepare(size: int, which: str, out: Path) -> None:
    import bench_app

    from briefing.export.pdf import ExportOptions, export_pdf
    from briefing.storage import Library
    from briefing.storage.annotations import records_with_annotations as load_items

    with tempfile.TemporaryDirectory(prefix="briefing-render-") as tmp:
        os.environ["BRIEFING_HOME"] = tmp
        bench_app.build_library(Path(tmp), size)
        library = Library.open()
        try:
            if which == "note":
                items = load_items(library, [library.latest_record_id()])
            else:
                items = load_items(library, [r.id for r in library.records()][:60])
                # As bench/run.py: repeat the records on a small library until 300 pages.
                pdf = Path(tmp) / "x.pdf"
                while export_pdf(items, ExportOptions(deterministic=True), pdf).pages < 300:
                    items = items + items
        finally:
            library.close()
    out.write_bytes(pickle.dumps(items))
    print(f"{len(items)} records' items saved to {out}")


def render(items_file: Path, renderer: str, extra: int) -> None:
    from run import plain_platypus

    from briefing.export.pdf import ExportOptions, export_pdf

    items = pickle.loads(items_file.read_bytes())
    with tempfile.TemporaryDirectory(prefix="briefing-render-") as tmp:
        pdf = Path(tmp) / "x.pdf"
        if renderer == "ours":
            options = ExportOptions(deterministic=True)

            def once() -> int:
                return export_pdf(items, options, pdf).pages
        else:

            def once() -> int:
                return plain_platypus(items, pdf)

        pages = once()
        for _ in range(extra):
            pages = once()
    print(f"{renderer}: {pages} pages, rendered {1 + extra} times")


def main(argv: list[str]) -> int:
    if len(argv) == 4 and argv[0] == "prepare" and argv[2] in ("note", "pack"):
        prepare(int(argv[1]), argv[2], Path(argv[3]))
    elif len(argv) == 4 and argv[0] == "render" and argv[2] in ("ours", "plain"):
        render(Path(argv[1]), argv[2], int(argv[3]))
    else:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
