"""A synthetic library made from the real documents, for benchmarks.

Each synthetic record is a real UN document (the embedded Lima record and the samples in
tests/fixtures/samples) with its numbers, dates and title varied and some of its words swapped
for others drawn from the whole corpus, so that 1,000 records make an index of realistic size
and spread, not 1,000 copies of one text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
# The real UN documents, as the tests have them (copies of ../shared/records/samples).
SAMPLES = REPO / "tests" / "fixtures" / "samples"

# A word that occurs in only a few synthetic records: the "rare" search term.
RARE_WORD = "quillwort"


def source_texts() -> list[tuple[str, str]]:
    """(name, text) of every real document: the default record first, then the samples."""
    paths = [REPO / "resources" / "lima-2013-rcp-chairs-summary.txt"]
    paths += sorted(SAMPLES.glob("*.txt"))
    return [(p.name, p.read_text(encoding="utf-8")) for p in paths if p.is_file()]


def _vocabulary(texts: list[str]) -> list[str]:
    words = set()
    for text in texts:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{6,}", text))
    return sorted(words)


def synthetic_documents(count: int, seed: int = 2013) -> Iterator[tuple[str, str]]:
    """`count` (name, text) pairs; the first few are the real documents unchanged."""
    sources = source_texts()
    vocabulary = _vocabulary([t for _, t in sources])
    rng = random.Random(seed)
    for index in range(count):
        name, text = sources[index % len(sources)]
        if index < len(sources):
            yield name, text
            continue
        yield f"synthetic-{index:04d}-{name}", _vary(text, index, rng, vocabulary)


def _vary(text: str, index: int, rng: random.Random, vocabulary: list[str]) -> str:
    # Distinct symbols and resolution numbers, so symbol-keyed records do not collide.
    text = re.sub(
        r"\b([AS])/(RES/)?(\d{2})/(\d{1,4})\b",
        lambda m: f"{m[1]}/{m[2] or ''}{m[3]}/{int(m[4]) + 1000 * (index + 1)}",
        text,
    )
    text = re.sub(r"\b(19|20)(\d\d)\b", lambda m: str(1990 + (int(m[2]) + index) % 35), text)

    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        if rng.random() < 0.08:
            replacement = rng.choice(vocabulary)
            return replacement.capitalize() if word[0].isupper() else replacement
        return word

    lines = text.split("\n")
    body_start = len(lines) // 5  # leave the masthead alone so every variant still parses
    lines[body_start:] = [re.sub(r"\b[a-z]{7,}\b", swap, line) for line in lines[body_start:]]
    if index % 97 == 0:
        lines.append("")
        lines.append(f"The {RARE_WORD} question was noted.")
    return "\n".join(lines)


def write_library_sources(folder: Path, count: int, seed: int = 2013) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in synthetic_documents(count, seed):
        path = folder / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
