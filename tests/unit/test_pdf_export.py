"""PDF export read back with pypdf: sections, filters, annotations, outline, fonts, atomicity."""

from __future__ import annotations

import errno
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_pdf_records import annotation, lima_annotations, lima_like_record

from briefing import atomic
from briefing.domain import ExportError, Priority, Stance
from briefing.export import pdf
from briefing.export.pdf import (
    SECTIONS,
    ExportCancelled,
    ExportOptions,
    export_pdf,
    parse_sections,
)


def _text(path: Path) -> str:
    reader = PdfReader(path)
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _outline_titles(path: Path) -> list:
    def walk(items):
        out = []
        for item in items:
            if isinstance(item, list):
                out.append(walk(item))
            else:
                out.append(item.title)
        return out

    return walk(PdfReader(path).outline)


def _export(tmp_path: Path, name: str = "out.pdf", items=None, **options) -> Path:
    options.setdefault("deterministic", True)
    items = items if items is not None else [(lima_like_record(), lima_annotations())]
    out = tmp_path / name
    result = export_pdf(items, ExportOptions(**options), out)
    assert result.path == out
    assert result.pages == len(PdfReader(out).pages)
    return out


def test_every_section_prints_with_header_footer_and_metadata(tmp_path: Path) -> None:
    out = _export(tmp_path, marking="For internal use", delegation="Delegation of Peru")
    reader = PdfReader(out)
    text = _flat(_text(out))
    for heading in (
        "Contents",
        "The meeting in brief",
        "Processes",
        "Themes",
        "Conclusions",
        "Key points",
        "Full text",
    ):
        assert heading in text
    assert "BRIEFING NOTE" in text
    assert "Date prepared" in text
    assert "Román-Morey" in text
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        page_text = _flat(page.extract_text())
        assert f"Page {number} of {total}" in page_text
        assert "FOR INTERNAL USE" in page_text
        if number > 1:
            assert "A/68/93" in page_text
    meta = reader.metadata
    assert meta.title.startswith("Fourth Global Meeting")
    assert meta.author == "Delegation of Peru"
    assert "A/68/93" in meta.subject
    assert meta.creator.startswith("Briefing ")


def test_unrequested_sections_are_absent(tmp_path: Path) -> None:
    out = _export(tmp_path, sections=frozenset({"processes", "conclusions"}))
    text = _flat(_text(out))
    assert "Processes" in text and "Bali Process" in text
    assert "Conclusions" in text
    for absent in (
        "BRIEFING NOTE",
        "Contents",
        "The meeting in brief",
        "Key points",
        "Full text",
        "Chair's Summary",
    ):
        assert absent not in text
    assert _outline_titles(out) == [
        "Processes",
        ["Organizations and regional bodies"],
        "Conclusions",
        ["Other annotated places"],
    ]


def test_without_a_cover_the_first_page_has_the_running_header(tmp_path: Path) -> None:
    out = _export(
        tmp_path, sections=frozenset({"themes", "conclusions"}), marking="For internal use"
    )
    for page in PdfReader(out).pages:
        page_text = _flat(page.extract_text())
        assert "A/68/93" in page_text
        assert "FOR INTERNAL USE" in page_text


@pytest.mark.parametrize(
    ("sections", "pages"),
    [({"cover"}, 1), ({"contents"}, 1), ({"cover", "contents"}, 2), ({"cover", "brief"}, 2)],
)
def test_no_blank_page_after_the_last_section(tmp_path: Path, sections, pages) -> None:
    out = _export(tmp_path, sections=frozenset(sections))
    assert len(PdfReader(out).pages) == pages


def test_contents_lists_sections_with_page_numbers(tmp_path: Path) -> None:
    out = _export(tmp_path, sections=frozenset({"contents", "conclusions", "full-text"}))
    reader = PdfReader(out)
    toc = reader.pages[0].extract_text()
    numbers = [int(n) for n in re.findall(r"\.\s*(\d+)\s*$", toc, flags=re.M)]

    def flat(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from flat(item, depth + 1)
            elif depth < 2:  # deeper: a heading inside a part, in the outline only
                yield item

    entries = [e for e in flat(reader.outline) if e.title != "Contents"]
    assert [e.title for e in entries][:2] == ["Conclusions", "Other annotated places"]
    assert "Full text" in [e.title for e in entries]
    assert len(numbers) == len(entries)
    for entry, number in zip(entries, numbers, strict=True):
        assert entry.title in toc
        # The TOC, the bookmark and the page agree.
        assert reader.get_destination_page_number(entry) == number - 1
        assert entry.title in " ".join(reader.pages[number - 1].extract_text().split())


def test_annotations_print_with_citation_stance_priority_tags_and_flag(tmp_path: Path) -> None:
    out = _export(tmp_path, sections=frozenset({"conclusions"}))
    text = _flat(_text(out))
    block = text.split("Annex, para. 10 (a)", 1)[1].split("Annex, para. 10 (b)", 1)[0]
    assert "SUPPORT" in block
    assert "Priority: High" in block
    assert "RAISE AT THE MEETING" in block
    assert "Welcome; align with the regional group." in block
    assert "Tags: rcp, architecture" in block
    assert "SEEK INSTRUCTIONS" in text and "Check with capital" in text
    assert "No position recorded." in text  # 10 (d) has none
    assert "Other annotated places" in text and "Annex, para. 6" in text


@pytest.mark.parametrize(
    ("options", "present", "absent"),
    [
        ({"stances": frozenset({Stance.OPPOSE})}, ["IOM's role"], ["Welcome;", "Check with"]),
        ({"tags": frozenset({"RCP"})}, ["Welcome;", "Useful for our"], ["IOM's role"]),
        ({"priorities": frozenset({Priority.LOW})}, ["Check with"], ["Welcome;", "IOM's role"]),
        ({"raise_only": True}, ["Welcome;"], ["IOM's role", "Check with", "Useful for our"]),
    ],
)
def test_filters_hold_for_annotated_content(tmp_path, options, present, absent) -> None:
    out = _export(tmp_path, sections=frozenset({"conclusions", "full-text"}), **options)
    text = _flat(_text(out))
    assert "Showing only positions with" in text
    for snippet in present:
        assert snippet in text
    for snippet in absent:
        assert snippet not in text
    assert "No position recorded." not in text


def test_markup_in_notes_prints_as_written(tmp_path: Path) -> None:
    note = 'Beware <font color="red">this</font> & <b>that</b> < 3 &amp;'
    notes = [annotation("annex_1__para_10__point_a", note=note, stance=Stance.CONCERN)]
    out = _export(
        tmp_path, sections=frozenset({"conclusions"}), items=[(lima_like_record(), notes)]
    )
    assert note in _flat(_text(out))


def test_characters_without_a_font_are_reported_not_silently_blank(tmp_path: Path) -> None:
    notes = [
        annotation("annex_1__para_10__point_a", note="Hebrew שלום and Hindi नमस्ते in a note."),
        annotation("annex_1__para_10__point_b", note="Arabic مرحبا, Chinese 你好, Greek Ωμέγα."),
    ]
    out = tmp_path / "out.pdf"
    result = export_pdf(
        [(lima_like_record(), notes)], ExportOptions(sections=frozenset({"conclusions"})), out
    )
    assert "ש" in result.unprintable and "न" in result.unprintable
    assert not result.unprintable & set("Hebrew and Hindi in a note. Arabic مرحبا, 你好, Ωμέγα.")
    warning = result.unprintable_warning()
    assert "(Devanagari, Hebrew)" in warning and "print as blanks" in warning
    assert warning.startswith(f"{len(result.unprintable)} different characters")


def test_a_briefing_in_printable_scripts_reports_nothing(tmp_path: Path) -> None:
    notes = [annotation("annex_1__para_10__point_b", note="Arabic مرحبا, 你好, Ωμέγα, Привет.")]
    out = tmp_path / "out.pdf"
    result = export_pdf([(lima_like_record(), notes)], ExportOptions(), out)
    assert result.unprintable == frozenset()
    assert result.unprintable_warning() == ""


def test_a_note_longer_than_a_page_splits(tmp_path: Path) -> None:
    huge = " ".join(f"word{i}" for i in range(5000))
    notes = [annotation("annex_1__para_10__point_a", note=huge, stance=Stance.SUPPORT)]
    out = _export(
        tmp_path,
        sections=frozenset({"conclusions", "full-text"}),
        items=[(lima_like_record(), notes)],
    )
    text = _flat(_text(out))
    assert "word0 " in text and "word4999" in text
    assert len(PdfReader(out).pages) > 8


def test_pack_has_a_chapter_per_record_and_nested_outline(tmp_path: Path) -> None:
    items = [
        (lima_like_record("A/68/93"), lima_annotations()),
        (lima_like_record("A/68/94"), []),
    ]
    out = _export(tmp_path, items=items, sections=frozenset({"cover", "contents", "conclusions"}))
    text = _flat(_text(out))
    assert "BRIEFING PACK" in text and "CHAPTER 1" in text and "CHAPTER 2" in text
    outline = _outline_titles(out)
    assert outline[:2] == ["Cover", "Contents"]
    assert outline[2] == "A/68/93" and "Conclusions" in outline[3]
    assert outline[4] == "A/68/94" and "Conclusions" in outline[5]
    # The running header follows the chapter.
    reader = PdfReader(out)
    last = reader.pages[-1].extract_text()
    assert "A/68/94" in last and "A/68/93" not in last


def test_fonts_are_embedded_truetype_never_the_standard_fonts(tmp_path: Path) -> None:
    out = _export(tmp_path)
    reader = PdfReader(out)
    seen = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            seen.add(font["/BaseFont"])
            assert font["/Subtype"] == "/TrueType", font
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
    assert any("Bold" in name for name in seen)
    assert any("Italic" in name for name in seen)
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", str(out)], capture_output=True, text=True, check=True)
        rows = listing.stdout.splitlines()[2:]
        assert rows
        for row in rows:
            assert row.split()[-5] == "yes", row  # the "emb" column


def test_deterministic_mode_is_byte_identical(tmp_path: Path) -> None:
    first = _export(tmp_path, "a.pdf")
    second = _export(tmp_path, "b.pdf")
    assert first.read_bytes() == second.read_bytes()
    third = _export(tmp_path, "c.pdf", marking="Restricted")
    assert third.read_bytes() != first.read_bytes()


def test_letter_paper(tmp_path: Path) -> None:
    out = _export(tmp_path, paper="Letter", sections=frozenset({"brief"}))
    box = PdfReader(out).pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)


def test_write_error_leaves_nothing_and_says_why(tmp_path, monkeypatch) -> None:
    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", full)
    out = tmp_path / "full.pdf"
    with pytest.raises(ExportError, match="disk is full"):
        export_pdf([(lima_like_record(), [])], ExportOptions(deterministic=True), out)
    assert list(tmp_path.iterdir()) == []


def test_existing_file_survives_a_failed_export(tmp_path, monkeypatch) -> None:
    out = tmp_path / "keep.pdf"
    out.write_bytes(b"old")

    def broken(fd, data):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(atomic.os, "write", broken)
    with pytest.raises(ExportError, match="cannot write"):
        export_pdf([(lima_like_record(), [])], ExportOptions(), out)
    assert out.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.pdf"]


def test_parent_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(ExportError, match="is not a folder"):
        export_pdf([(lima_like_record(), [])], ExportOptions(), blocker / "out.pdf")


def test_missing_folder_is_reported(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_pdf([(lima_like_record(), [])], ExportOptions(), tmp_path / "nope" / "out.pdf")


def test_cancel_leaves_no_file_and_progress_reports(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    out = tmp_path / "cancelled.pdf"
    with pytest.raises(ExportCancelled):
        export_pdf(
            [(lima_like_record(n_extra=40), [])],
            ExportOptions(),
            out,
            progress=lambda done, total: seen.append((done, total)),
            cancelled=lambda: len(seen) >= 2,
        )
    assert len(seen) >= 2 and all(0 <= d < t for d, t in seen)
    assert list(tmp_path.iterdir()) == []


def test_progress_ends_at_total(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    export_pdf(
        [(lima_like_record(n_extra=20), [])],
        ExportOptions(),
        tmp_path / "p.pdf",
        progress=lambda d, t: seen.append((d, t)),
    )
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_parse_sections() -> None:
    assert parse_sections("cover, toc,fulltext") == {"cover", "contents", "full-text"}
    assert parse_sections("all") == set(SECTIONS)
    with pytest.raises(ExportError, match="unknown section 'annexes'"):
        parse_sections("cover,annexes")


def test_nothing_to_export_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="nothing to export"):
        export_pdf([], ExportOptions(), tmp_path / "x.pdf")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.slow
def test_a_pack_of_more_than_300_pages_builds(tmp_path: Path) -> None:
    items = [
        (lima_like_record(f"A/68/{100 + i}", n_extra=12, words=84), lima_annotations())
        for i in range(36)
    ]
    out = _export(tmp_path, items=items)
    reader = PdfReader(out)
    assert len(reader.pages) >= 300
    last = _flat(reader.pages[-1].extract_text())
    assert f"Page {len(reader.pages)} of {len(reader.pages)}" in last
    # The cover, positions at a glance, Contents, and a chapter per record.
    assert len([t for t in _outline_titles(out) if isinstance(t, str)]) == 39


def test_odd_text_prints_and_detached_places_show_their_quote(tmp_path: Path) -> None:
    odd = "ctl\x00\x0b zw\u200b Ελληνικά Кириллица Román " + "x" * 3000 + " &#x41; ]]>"
    notes = [
        annotation("annex_1__para_10__point_a", note=odd, stance=Stance.SUPPORT, tags=["<b>"]),
        annotation("annex_1__para_77", note="Place gone."),
    ]
    notes[1].detached = True
    notes[1].quote = "Old text <i>quoted</i>"
    out = _export(
        tmp_path, sections=frozenset({"conclusions"}), items=[(lima_like_record(), notes)]
    )
    text = _flat(_text(out))
    for snippet in (
        "Ελληνικά Кириллица Román",
        "&#x41; ]]>",
        "Tags: <b>",
        "Old text <i>quoted</i>",
        "no longer in the text",
        "Place gone.",
    ):
        assert snippet in text


def test_a_record_with_nothing_in_it_still_prints(tmp_path: Path) -> None:
    from briefing.domain import Record

    out = _export(tmp_path, items=[(Record(title="Empty <record>"), [])])
    text = _flat(_text(out))
    assert "Empty <record>" in text
    assert "The meeting in brief" in text
    # A section with nothing to show is left out, heading and all.
    for heading in ("Processes", "Themes", "Conclusions", "Key points", "Full text"):
        assert heading not in text


def test_markup_in_headings_prints_as_written_in_contents_and_outline(tmp_path: Path) -> None:
    record = lima_like_record()
    record.parts[1].title = "Rights & <duties> of <b>migrants</b>"
    record.themes[1].name = "Rights & <duties> of <b>migrants</b>"
    out = _export(
        tmp_path, sections=frozenset({"contents", "themes", "full-text"}), items=[(record, [])]
    )
    reader = PdfReader(out)
    assert "Rights & <duties> of <b>migrants</b>" in _flat(reader.pages[0].extract_text())
    assert "Rights & <duties> of <b>migrants</b>" in str(_outline_titles(out))
    # The theme, named in the themes section's text.
    assert "Rights & <duties> of <b>migrants</b>" in _flat(reader.pages[1].extract_text())


def test_the_lima_record_prints_whole(tmp_path: Path) -> None:
    from briefing.domain import cite
    from briefing.importer import default_record

    record = default_record()
    assert record.paragraphs()
    notes = [
        annotation(c.eid, note=f"Note on {c.label}.", stance=Stance.SUPPORT)
        for c in record.conclusions
    ]
    out = _export(tmp_path, items=[(record, notes)])
    text = _flat(_text(out))
    assert "Román-Morey" in text
    for conclusion in record.conclusions:
        assert cite(conclusion.eid) in text
        assert f"Note on {conclusion.label}." in text
    for entity in record.processes:
        assert _flat(entity.name) in text
    for footnote in record.footnotes:
        assert _flat(footnote.text)[:60] in text
    for _part, para in record.paragraphs():
        assert _flat(para.text)[:50] in text


def test_contents_longer_than_a_page_flow_on_with_every_number(tmp_path: Path) -> None:
    # Two entries a record (its chapter, its themes): 30 records fill more than a page.
    items = [(lima_like_record(f"A/68/{200 + i}"), []) for i in range(30)]
    out = _export(tmp_path, items=items, sections=frozenset({"contents", "themes"}))
    reader = PdfReader(out)

    def flat(items):
        for item in items:
            yield from flat(item) if isinstance(item, list) else [item]

    entries = [e for e in flat(reader.outline) if e.title != "Contents"]
    first_chapter = reader.get_destination_page_number(entries[0])
    assert first_chapter >= 2  # the contents took more than one page
    toc = "\n".join(reader.pages[i].extract_text() for i in range(first_chapter))
    numbers = [int(n) for n in re.findall(r"\.\s*(\d+)\s*$", toc, flags=re.M)]
    assert len(numbers) == len(entries)
    for entry, number in zip(entries, numbers, strict=True):
        assert reader.get_destination_page_number(entry) == number - 1


def test_a_heading_longer_than_a_page_prints_and_its_contents_line_is_shortened(
    tmp_path: Path,
) -> None:
    record = lima_like_record()
    record.parts[1].title = "A very long part title " * 400
    out = _export(tmp_path, items=[(record, [])], sections=frozenset({"contents", "full-text"}))
    reader = PdfReader(out)
    contents = _flat(reader.pages[0].extract_text())
    assert "A very long part title A very long part title" in contents
    assert contents.count("A very long part title") < 20
    body = _flat("\n".join(page.extract_text() for page in reader.pages[1:]))
    # Every word of it prints (a page break may fall inside the phrase).
    assert len(re.findall(r"\blong\b", body)) == 400
    # The bookmark goes with the heading's first piece: one outline entry, on the page it starts.
    titles = [e for e in _outline_titles(out) if isinstance(e, list)][0]
    # (The outline names the part's kind first: "Annex: A very long part title ...".)
    assert sum(isinstance(t, str) and "A very long part title" in t for t in titles) == 1


def test_the_cycle_collector_pauses_for_layout_and_resumes_after(tmp_path: Path) -> None:
    import gc

    during: list[bool] = []
    assert gc.isenabled()
    export_pdf(
        [(lima_like_record(n_extra=20), [])],
        ExportOptions(),
        tmp_path / "p.pdf",
        progress=lambda d, t: during.append(gc.isenabled()),
    )
    # Every report while laying out; the last one comes once the layout is done.
    assert len(during) > 2 and not any(during[:-1])
    assert gc.isenabled()
    # Resumed after a cancelled export too, and left off when it was off before.
    with pytest.raises(ExportCancelled):
        export_pdf([(lima_like_record(), [])], ExportOptions(), tmp_path / "c.pdf",
                   cancelled=lambda: True)  # fmt: skip
    assert gc.isenabled()
    gc.disable()
    try:
        export_pdf([(lima_like_record(), [])], ExportOptions(), tmp_path / "q.pdf")
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_resume_the_collector_when_the_last_ends() -> None:
    import gc

    first, second = pdf._cycle_collector_paused(), pdf._cycle_collector_paused()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not gc.isenabled()  # the second export is still laying out
    second.__exit__(None, None, None)
    assert gc.isenabled()


def test_streams_are_binary_and_reportlabs_setting_is_put_back(tmp_path: Path) -> None:
    from reportlab import rl_config

    assert rl_config.useA85
    out = _export(tmp_path)
    data = out.read_bytes()
    assert b"/FlateDecode" in data and b"/ASCII85Decode" not in data
    assert "Lima" in _text(out)  # read back from the binary streams
    assert rl_config.useA85  # other reportlab documents keep reportlab's default


def test_overlapping_saves_put_reportlabs_settings_back_when_the_last_ends() -> None:
    from reportlab import rl_config
    from reportlab.pdfbase import pdfdoc

    encoder = pdfdoc.pdfdocEnc
    first, second = pdf._save_settings(), pdf._save_settings()
    first.__enter__()
    second.__enter__()
    first.__exit__(None, None, None)
    assert not rl_config.useA85  # the second export is still saving
    assert pdfdoc.pdfdocEnc is pdf._pdfdoc_enc
    second.__exit__(None, None, None)
    assert rl_config.useA85
    assert pdfdoc.pdfdocEnc is encoder


def test_the_file_text_encoder_gives_reportlabs_bytes() -> None:
    from reportlab.pdfbase import pdfdoc

    for code in range(256):
        text = f"/Name{chr(code)} 12 0 R"
        try:
            expected = pdfdoc.pdfdocEnc(text)
        except UnicodeEncodeError:
            with pytest.raises(UnicodeEncodeError):
                pdf._pdfdoc_enc(text)
            continue
        assert pdf._pdfdoc_enc(text) == expected, code
    assert pdf._pdfdoc_enc(b"\x00binary") == b"\x00binary"
    assert pdf._pdfdoc_enc("Ünïcödé – text") == pdfdoc.pdfdocEnc("Ünïcödé – text")
