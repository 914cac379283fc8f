"""Every style of the PDF briefing notes: page geometry, colours, paragraph and table styles.

Restrained on purpose: serif body text, small sans labels, one dark ink colour for hierarchy and
colour only where it carries meaning (the delegate's stance, the marking).
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from briefing.datatypes import dataclass
from briefing.domain import Priority, Stance
from briefing.export.fonts import FontSet, register_fonts

PAPER = {"A4": A4, "Letter": LETTER}

# Margins: generous outer margins, room for the running header and footer.
MARGIN_LEFT = 25 * mm
MARGIN_RIGHT = 22 * mm
MARGIN_TOP = 26 * mm
MARGIN_BOTTOM = 24 * mm
# The notes column option: this much more outer margin, for handwriting.
NOTES_COLUMN = 45 * mm
HEADER_OFFSET = 14 * mm  # header baseline below the paper's top edge
FOOTER_OFFSET = 13 * mm  # footer baseline above the paper's bottom edge

INK = colors.HexColor("#1a1a1a")
NAVY = colors.HexColor("#1f3350")
GREY = colors.HexColor("#5c6470")
RULE = colors.HexColor("#9aa3ad")
LIGHT = colors.HexColor("#eef1f4")
MARKING = colors.HexColor("#8b1a1a")

STANCE_COLOURS: dict[Stance, colors.Color] = {
    Stance.SUPPORT: colors.HexColor("#1e6b3a"),
    Stance.SUPPORT_WITH_AMENDMENTS: colors.HexColor("#4b6e1f"),
    Stance.NEUTRAL: colors.HexColor("#55606b"),
    Stance.CONCERN: colors.HexColor("#9a5b00"),
    Stance.OPPOSE: colors.HexColor("#a11d1d"),
    Stance.SEEK_INSTRUCTIONS: colors.HexColor("#1f4f8f"),
}
STANCE_TINTS: dict[Stance, colors.Color] = {
    Stance.SUPPORT: colors.HexColor("#eef6f0"),
    Stance.SUPPORT_WITH_AMENDMENTS: colors.HexColor("#f2f6ea"),
    Stance.NEUTRAL: colors.HexColor("#f2f3f5"),
    Stance.CONCERN: colors.HexColor("#fbf3e6"),
    Stance.OPPOSE: colors.HexColor("#f9ecec"),
    Stance.SEEK_INSTRUCTIONS: colors.HexColor("#ecf1f8"),
}
NO_STANCE_COLOUR = GREY
NO_STANCE_TINT = colors.HexColor("#f4f5f6")
PRIORITY_MARK = {Priority.HIGH: "High", Priority.NORMAL: "Normal", Priority.LOW: "Low"}


def stance_colour(stance: Stance | None) -> colors.Color:
    return STANCE_COLOURS.get(stance, NO_STANCE_COLOUR) if stance else NO_STANCE_COLOUR


def stance_tint(stance: Stance | None) -> colors.Color:
    return STANCE_TINTS.get(stance, NO_STANCE_TINT) if stance else NO_STANCE_TINT


def hex_of(colour: colors.Color) -> str:
    return "#" + colour.hexval()[2:]


@dataclass
class Styles:
    """The paragraph styles by role; built once the fonts are registered."""

    fonts: FontSet
    body: ParagraphStyle
    body_left: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    citation: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    chapter_kicker: ParagraphStyle
    part_title: ParagraphStyle
    part_note: ParagraphStyle
    doc_heading: ParagraphStyle
    numbered: ParagraphStyle
    point_levels: list[ParagraphStyle]
    place_date: ParagraphStyle
    signatory: ParagraphStyle
    footnote: ParagraphStyle
    note: ParagraphStyle
    position: ParagraphStyle
    tags: ParagraphStyle
    quote: ParagraphStyle
    cell: ParagraphStyle
    cell_head: ParagraphStyle
    cover_marking: ParagraphStyle
    cover_delegation: ParagraphStyle
    cover_kind: ParagraphStyle
    cover_title: ParagraphStyle
    cover_meeting: ParagraphStyle
    cover_detail: ParagraphStyle
    cover_prepared: ParagraphStyle
    toc_levels: list[ParagraphStyle]
    fact_key: ParagraphStyle
    fact_value: ParagraphStyle


def make_styles() -> Styles:
    f = register_fonts()
    body = ParagraphStyle(
        "Body",
        fontName=f.serif,
        fontSize=10.5,
        leading=14.5,
        textColor=INK,
        alignment=TA_JUSTIFY,
        spaceAfter=6,
        allowWidows=0,
        allowOrphans=0,
    )
    sans = ParagraphStyle("Sans", fontName=f.sans, fontSize=8.5, leading=11, textColor=GREY)

    def point(level: int) -> ParagraphStyle:
        indent = 24 + 24 * (level + 1)
        return ParagraphStyle(
            f"Point{level}",
            parent=body,
            leftIndent=indent,
            bulletIndent=indent - 24,
            bulletFontName=f.serif,
            bulletFontSize=10.5,
            spaceAfter=4,
        )

    def toc(level: int) -> ParagraphStyle:
        return ParagraphStyle(
            f"TOC{level}",
            fontName=f.serif_bold if level == 0 else f.serif,
            fontSize=11 if level == 0 else 10,
            leading=15 if level == 0 else 13.5,
            leftIndent=18 * level,
            firstLineIndent=0,
            spaceBefore=7 if level == 0 else 1,
            textColor=NAVY if level == 0 else INK,
        )

    styles = Styles(
        fonts=f,
        body=body,
        body_left=ParagraphStyle("BodyLeft", parent=body, alignment=TA_LEFT),
        small=ParagraphStyle("Small", parent=body, fontSize=9, leading=12, alignment=TA_LEFT),
        label=ParagraphStyle("Label", parent=sans, spaceAfter=1),
        citation=ParagraphStyle(
            "Citation",
            parent=sans,
            fontName=f.sans_bold,
            textColor=NAVY,
            spaceBefore=8,
            keepWithNext=1,
        ),
        h1=ParagraphStyle(
            "H1",
            fontName=f.serif_bold,
            fontSize=17,
            leading=21,
            textColor=NAVY,
            spaceBefore=20,
            spaceAfter=12,
            keepWithNext=1,
        ),
        h2=ParagraphStyle(
            "H2",
            fontName=f.sans_bold,
            fontSize=11.5,
            leading=15,
            textColor=NAVY,
            spaceBefore=14,
            spaceAfter=6,
            keepWithNext=1,
        ),
        h3=ParagraphStyle(
            "H3",
            fontName=f.serif_bold,
            fontSize=10.5,
            leading=14,
            textColor=INK,
            spaceBefore=10,
            spaceAfter=4,
            keepWithNext=1,
        ),
        chapter_kicker=ParagraphStyle(
            "ChapterKicker", parent=sans, fontName=f.sans_bold, textColor=GREY, spaceAfter=4
        ),
        part_title=ParagraphStyle(
            "PartTitle",
            fontName=f.serif_bold,
            fontSize=11.5,
            leading=15,
            alignment=TA_CENTER,
            textColor=INK,
            spaceBefore=14,
            spaceAfter=8,
            keepWithNext=1,
        ),
        part_note=ParagraphStyle(
            "PartNote", parent=body, alignment=TA_CENTER, fontSize=9.5, textColor=GREY
        ),
        doc_heading=ParagraphStyle(
            "DocHeading",
            parent=body,
            fontName=f.serif_bold,
            alignment=TA_LEFT,
            spaceBefore=8,
            keepWithNext=1,
        ),
        numbered=ParagraphStyle(
            "Numbered",
            parent=body,
            leftIndent=24,
            bulletIndent=0,
            bulletFontName=f.serif,
            bulletFontSize=10.5,
        ),
        point_levels=[point(level) for level in range(4)],
        place_date=ParagraphStyle("PlaceDate", parent=body, alignment=TA_RIGHT, spaceBefore=6),
        signatory=ParagraphStyle(
            "Signatory", parent=body, alignment=TA_LEFT, leftIndent=220, spaceBefore=8
        ),
        footnote=ParagraphStyle(
            "Footnote",
            parent=body,
            fontSize=8.5,
            leading=11,
            leftIndent=14,
            bulletIndent=0,
            bulletFontName=f.serif,
            bulletFontSize=8.5,
            spaceAfter=3,
        ),
        note=ParagraphStyle(
            "Note",
            parent=body,
            fontSize=10,
            leading=13.5,
            alignment=TA_LEFT,
            leftIndent=10,
            rightIndent=4,
            borderPadding=(4, 6, 5, 6),
            spaceBefore=4,
            spaceAfter=8,
        ),
        position=ParagraphStyle(
            "Position",
            fontName=f.sans_bold,
            fontSize=8.5,
            leading=11,
            textColor=INK,
            spaceBefore=2,
            spaceAfter=2,
            keepWithNext=1,
        ),
        tags=ParagraphStyle("Tags", parent=sans, spaceAfter=2),
        quote=ParagraphStyle(
            "Quote",
            parent=body,
            fontName=f.serif_italic,
            fontSize=9.5,
            leading=13,
            leftIndent=10,
            textColor=GREY,
        ),
        cell=ParagraphStyle(
            "Cell", fontName=f.serif, fontSize=9, leading=11.5, textColor=INK, alignment=TA_LEFT
        ),
        cell_head=ParagraphStyle(
            "CellHead", fontName=f.sans_bold, fontSize=8.5, leading=11, textColor=colors.white
        ),
        cover_marking=ParagraphStyle(
            "CoverMarking",
            fontName=f.sans_bold,
            fontSize=10,
            leading=13,
            alignment=TA_RIGHT,
            textColor=MARKING,
        ),
        cover_delegation=ParagraphStyle(
            "CoverDelegation",
            fontName=f.sans,
            fontSize=10.5,
            leading=14,
            textColor=GREY,
            spaceAfter=4,
        ),
        cover_kind=ParagraphStyle(
            "CoverKind",
            fontName=f.sans_bold,
            fontSize=9.5,
            leading=12,
            textColor=GREY,
            spaceAfter=8,
        ),
        cover_title=ParagraphStyle(
            "CoverTitle",
            fontName=f.serif_bold,
            fontSize=24,
            leading=30,
            textColor=NAVY,
            spaceAfter=18,
        ),
        cover_meeting=ParagraphStyle(
            "CoverMeeting",
            fontName=f.serif,
            fontSize=13,
            leading=18,
            textColor=INK,
            spaceAfter=10,
        ),
        cover_detail=ParagraphStyle(
            "CoverDetail", fontName=f.serif, fontSize=10.5, leading=15, textColor=INK
        ),
        cover_prepared=ParagraphStyle(
            "CoverPrepared", fontName=f.sans, fontSize=9, leading=12, textColor=GREY
        ),
        toc_levels=[toc(level) for level in range(3)],
        fact_key=ParagraphStyle(
            "FactKey", fontName=f.sans_bold, fontSize=8.5, leading=12, textColor=GREY
        ),
        fact_value=ParagraphStyle(
            "FactValue", fontName=f.serif, fontSize=10, leading=13.5, textColor=INK
        ),
    )
    # reportlab's default bullet font is Helvetica, one of the 14 unembedded fonts: never use it.
    for value in vars(styles).values():
        for style in value if isinstance(value, list) else [value]:
            if isinstance(style, ParagraphStyle) and style.bulletFontName.startswith("Helvetica"):
                style.bulletFontName = f.serif
    return styles


def _cell_text(start: tuple[int, int], end: tuple[int, int], style: ParagraphStyle) -> list[tuple]:
    """The font, leading and colour of a range of cells: those of the paragraph style its
    cells are set in. A Table starts every cell with its own font (Helvetica unless told), and
    draws a cell that is a string (`pdf_flowables.cell_text`) in it: so a string prints as a
    one-line Para of that style would."""
    return [
        ("FONT", start, end, style.fontName, style.fontSize, style.leading),
        ("TEXTCOLOR", start, end, style.textColor),
    ]


def table_style(head: ParagraphStyle, body: ParagraphStyle, header_rows: int = 1) -> TableStyle:
    """A ruled table: dark header row, hairlines between rows, light banding; the header's
    cells set in `head`, the others in `body`."""
    return TableStyle(
        [
            *_cell_text((0, 0), (-1, header_rows - 1), head),
            *_cell_text((0, header_rows), (-1, -1), body),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), NAVY),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LEFTPADDING", (0, 0), (-1, -1), 5),
            ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ("LINEBELOW", (0, header_rows), (-1, -1), 0.4, RULE),
            ("ROWBACKGROUNDS", (0, header_rows), (-1, -1), [colors.white, LIGHT]),
        ]
    )


# The inner room of a table's cell: its column's width less these paddings (table_style's).
TABLE_PADDING = 5 + 5
FACTS_PADDING = 0 + 8


def facts_style(key: ParagraphStyle, value: ParagraphStyle) -> TableStyle:
    """Key/value pairs of 'the meeting in brief': no grid, a rule under each pair; the keys
    set in `key`, the values in `value`."""
    return TableStyle(
        [
            *_cell_text((0, 0), (0, -1), key),
            *_cell_text((1, 0), (1, -1), value),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 8),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ]
    )
