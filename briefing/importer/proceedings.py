"""Meeting records (verbatim and summary records): masthead, speakers, statements and votes.

A meeting record is not a run of numbered paragraphs but a sequence of statements, each opened
by a label: "Mr. Churkin (Russian Federation) (spoke in Russian): ...", "The President: ...".
Its masthead names the meeting, its date, time and place, the President and the members; its
body has procedural lines ("The meeting was called to order at 11.10 a.m."), headings (the
agenda items taken up) and votes with the States in favour, against and abstaining.

Every word that tells these apart (honorifics, offices, "spoke in", vote heads) is data, in
resources/meeting_records.json.
"""

from __future__ import annotations

import re
from functools import cache

from briefing.datatypes import dataclass
from briefing.domain.model import (
    AgendaItem,
    Member,
    Paragraph,
    Part,
    Proceedings,
    Record,
    Speaker,
    Table,
    Vote,
)
from briefing.importer.inline import LEADER, strip_marks
from briefing.importer.kinds import meeting_vocabulary

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "Saturday, 15 March 2014, 11 a.m.": a weekday, the date and the hour.
MEETING_DATE = re.compile(rf"^[A-Z][a-z]+,\s+(\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}})(?:,\s*(.+))?$")
# "7138th meeting", "117th plenary meeting"; pdftotext may set the superscript apart: "117 th".
MEETING_NUMBER = re.compile(r"^(\d{1,5})\s?(st|nd|rd|th)\s+(\w+\s+)?meeting$")
_ITEM = r"\d{1,4}(?:\s*\([a-z]{1,2}\))?"
# "Agenda item 129 (continued)", "Agenda items 151 and 152 (continued)".
AGENDA_HEAD = re.compile(
    rf"^Agenda items?\s+({_ITEM}(?:(?:,\s*|\s+and\s+|\s+to\s+){_ITEM})*)(?:\s*\(continued\))?$"
)
AGENDA_HEAD_START = re.compile(AGENDA_HEAD.pattern.removesuffix("$") + r"(?=[\s:]|$)")
SUB_ITEM = re.compile(r"^\(([a-z]{1,2})\)\s+(\S.*)$")
# After "Held at": "Headquarters, New York, on Tuesday, 13 October 2015, at 10 a.m."
HELD = re.compile(
    rf"^\s*(.+?),\s+on\s+[A-Z][a-z]+,\s+(\d{{1,2}}\s+(?:{_MONTHS})\s+\d{{4}}),\s+at\s+(.+)$"
)
TIME = re.compile(r"(\d{1,2}(?:[.:]\d{2})?\s*[ap]\.m\.)")


def _alternatives(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _label_pattern() -> re.Pattern[str]:
    vocab = meeting_vocabulary()
    honorifics = _alternatives(vocab["honorifics"])
    offices = _alternatives(vocab["offices"])
    interpretation = _alternatives(vocab["interpretation"])
    # A name is a few words, each capitalised or a particle ("de", "van", "bin"); the
    # affiliation is bracketed (one level of brackets inside: "Iran (Islamic Republic of)").
    name = r"[A-ZÀ-Þ][^\s():,;]*(?:\s+[^\s():,;]+){0,5}?"
    return re.compile(
        rf"^(?P<name>(?:{honorifics})\s+{name}|The\s+(?:{offices}))"
        rf"\s*(?:\((?!(?:{interpretation})\s)(?P<affiliation>[^()]{{1,90}}(?:\([^()]*\)[^()]*)?)\))?"
        rf"(?:,\s*(?P<role>[^():]{{1,120}}?))?"
        rf"\s*(?:\((?P<language>(?:{interpretation})\s[^()]{{1,40}})\))?"
        r"\s*:(?:\s+|$)(?P<rest>.*)$",
        re.DOTALL,
    )


@dataclass
class Label:
    printed: str  # the label without its colon: "Mr. Churkin (Russian Federation) (spoke in ...)"
    name: str
    affiliation: str
    role: str
    language: str
    rest: str  # the statement's text after the colon


def parse_label(text: str) -> Label | None:
    """The speaker's label at the start of `text`, or None."""
    m = _label_pattern().match(text)
    if not m:
        return None
    rest = m.group("rest")
    printed = text[: m.start("rest")].rstrip().rstrip(":").rstrip()
    return Label(
        printed=" ".join(printed.split()),
        name=" ".join(m.group("name").split()),
        affiliation=" ".join((m.group("affiliation") or "").split()),
        role=" ".join((m.group("role") or "").split()),
        language=" ".join((m.group("language") or "").split()),
        rest=rest,
    )


def starts_statement(lines: list[str], i: int) -> bool:
    """For layout: whether line i opens a speaker's label (closed by its colon within two
    lines), so that a statement begins a unit of its own."""
    line = strip_marks(lines[i])
    if not line[:1].isupper():
        return False
    joined = " ".join(strip_marks(x) for x in lines[i : i + 2])
    label = parse_label(joined)
    return label is not None and len(label.printed) <= len(joined) - len(label.rest)


def starts_unit(lines: list[str], i: int) -> bool:
    """For layout: whether line i of a meeting record begins a unit of its own: a statement,
    a vote's head or announcement, a procedural line or decision, an agenda item's heading
    (and its sub-items)."""
    line = " ".join(strip_marks(lines[i]).split())
    if not line[:1].isupper() and not line.startswith("("):
        return False
    vocab = meeting_vocabulary()
    phrases = [
        *vocab["notices"],
        *vocab["vote_methods"],
        *vocab["called_to_order"],
        *vocab["rose"],
        *vocab.get("decisions", []),
    ]
    previous = strip_marks(lines[i - 1]).rstrip() if i else ""
    after_list = bool(previous) and looks_like_states(previous) and not previous.endswith(",")
    return bool(
        starts_statement(lines, i)
        or (AGENDA_HEAD.match(previous) is None and _names_a_report(line, previous))
        or vote_head(line)
        or _starts(line, phrases)
        or (after_list and _starts(line, vocab["decision_subjects"]))
        or AGENDA_HEAD.match(line)
        or (SUB_ITEM.match(line) and not previous.endswith((",", ";", ":")))
    )


def _names_a_report(line: str, previous: str) -> bool:
    """ "Report of the Fifth Committee (A/66/833)" under an agenda item's title: a heading line,
    the document the meeting considers."""
    from briefing.importer.kinds import kind_from_lines

    return (
        line.endswith(")")
        and not re.search(r"[.;:,]$", previous)
        and kind_from_lines([line]) == "report"
    )


def _starts(text: str, phrases: list[str]) -> str | None:
    for phrase in sorted(phrases, key=len, reverse=True):
        if text.startswith(phrase):
            return phrase
    return None


def read_masthead(units: list[str], i: int, record: Record) -> int:
    """Read a meeting record's own masthead lines from units[i]; returns where the body starts.

    Sets the record's title (the meeting), date, agenda and `proceedings`.
    """
    vocab = meeting_vocabulary()
    proceedings = record.proceedings or Proceedings()
    record.proceedings = proceedings
    presiding = tuple(f"{w}:" for w in vocab["presiding"])
    members_heads = tuple(f"{w}:" for w in vocab["members_heads"])
    n = len(units)
    while i < n:
        flat = _flat(units[i])
        title = _starts(flat, vocab["summary_titles"])
        if title and (m := MEETING_NUMBER.match(flat[len(title) :].strip())):
            # "Summary record of the 12th meeting": the title names the meeting.
            proceedings.meeting = f"{m.group(1)}{m.group(2)} {m.group(3) or ''}meeting"
            record.title = flat
        elif (held := _starts(flat, vocab["held_at"])) and (m := HELD.match(flat[len(held) :])):
            # "Held at Headquarters, New York, on Tuesday, 13 October 2015, at 10 a.m."
            from briefing.importer.structure import parse_date

            proceedings.place = m.group(1).strip()
            proceedings.date = parse_date(m.group(2))
            proceedings.time = m.group(3).strip().rstrip(".")
        elif (chair := _inline_presiding(flat)) is not None:
            # "Chair: Mr. Alpha (Ruritania)" on one line.
            proceedings.president = chair
        elif m := MEETING_NUMBER.match(flat):
            proceedings.meeting = f"{m.group(1)}{m.group(2)} {m.group(3) or ''}meeting".replace(
                "  ", " "
            )
        elif (
            i + 1 < n
            and flat.isdigit()
            and (m := MEETING_NUMBER.match(f"{flat}{_flat(units[i + 1])}"))
        ):
            # "117" / "th plenary meeting": the superscript on a line of its own.
            proceedings.meeting = f"{m.group(1)}{m.group(2)} {m.group(3) or ''}meeting"
            i += 1
        elif (m := MEETING_DATE.match(flat)) and proceedings.date is None:
            from briefing.importer.structure import parse_date

            proceedings.date = parse_date(m.group(1))
            proceedings.time = (m.group(2) or "").strip()
            if i + 1 < n and _is_place(_flat(units[i + 1])):
                proceedings.place = _flat(units[i + 1])
                i += 1
        elif flat in presiding:
            person, affiliation, i = _leader_entry(units, i + 1)
            proceedings.president = Member(affiliation=affiliation, name=person)
            continue
        elif flat in members_heads:
            i = _members(units, i + 1, proceedings)
            continue
        elif flat in vocab["agenda_heads"]:
            # The item, and the documents it is taken up on ("Report of the Secretary-General
            # ... (S/2019/1005)"), as the catalogue writes them: "Item: Document".
            i += 1
            lines: list[str] = []
            while (
                i < n
                and not _structural(_flat(units[i]))
                and not _is_notice(units[i])
                and not procedure_time(_flat(units[i]))
            ):
                lines.append(_flat(units[i]))
                i += 1
            if lines:
                record.agenda.append(AgendaItem(item="", title=": ".join(lines)))
            continue
        elif (
            len(flat) <= 60
            and not _structural(flat)
            and any(_is_masthead_line(_flat(u)) for u in units[i + 1 : i + 3])
        ):
            # A line of the masthead we do not keep ("Third Committee", "Official Records")
            # before lines we do.
            pass
        else:
            # The body begins (the masthead's notice goes to the body's notes).
            break
        i += 1
    if proceedings.meeting and not record.title:
        record.title = proceedings.meeting
    if record.date is None and proceedings.date is not None:
        # A verbatim record carries no "Distr." date: the document is dated by its meeting.
        record.date = proceedings.date
    return i


def _is_masthead_line(text: str) -> bool:
    vocab = meeting_vocabulary()
    heads = [*vocab["presiding"], *vocab["members_heads"]]
    return bool(
        MEETING_NUMBER.match(text)
        or MEETING_DATE.match(text)
        or _starts(text, vocab["summary_titles"])
        or _starts(text, vocab["held_at"])
        or text in vocab["agenda_heads"]
        or _starts(text, [f"{h}:" for h in heads])
    )


def _flat(unit: str) -> str:
    return " ".join(strip_marks(unit).split())


def _is_place(text: str) -> bool:
    words = text.split()
    return 0 < len(words) <= 4 and all(w[:1].isupper() for w in words) and text[-1:] not in ".:"


def _is_notice(unit: str) -> bool:
    return is_notice(_flat(unit))


def split_notice(text: str) -> tuple[str, str]:
    """The notice's sentences (each opens with a notice phrase) and the text after them."""
    phrases = meeting_vocabulary()["notices"]
    sentences = re.split(r"(?<=[.!?])\s+(?=[A-Z“])", text)
    k = 0
    while k < len(sentences) and _starts(sentences[k], phrases):
        k += 1
    return " ".join(sentences[:k]), " ".join(sentences[k:])


def is_notice(text: str) -> bool:
    """The masthead's notice about corrections and interpretation: not the proceedings."""
    return _starts(text, meeting_vocabulary()["notices"]) is not None


def _structural(text: str) -> bool:
    return parse_label(text) is not None or text.endswith(":") or LEADER in text


def _inline_presiding(text: str) -> Member | None:
    """ "Chair: Mr. Alpha (Ruritania)": the presiding officer on one line."""
    for office in meeting_vocabulary()["presiding"]:
        head = f"{office}:"
        if text.startswith(head) and len(text) > len(head) + 3:
            rest = text[len(head) :].strip()
            m = re.fullmatch(r"(.+?)\s*\(([^()]+(?:\([^()]*\))?[^()]*)\)", rest)
            return Member(affiliation=m.group(2), name=m.group(1)) if m else Member("", rest)
    return None


def summary_speaker(text: str) -> Label | None:
    """Who speaks in a summary record's paragraph: "Mr. Smith (Ruritania) said that ...",
    "The Chair said ...", "Ms. Beta (Borduria), speaking on behalf of ..., said ..."."""
    vocab = meeting_vocabulary()
    honorifics = _alternatives(vocab["honorifics"])
    offices = _alternatives(vocab["offices"])
    verbs = _alternatives(vocab["speech_verbs"])
    m = re.match(
        rf"^(?P<name>(?:{honorifics})\s+[A-ZÀ-Þ][^\s(),;]*(?:\s+[^\s(),;]+){{0,4}}?|The\s+(?:{offices}))"
        r"\s*(?:\((?P<aff>[^()]{1,90}(?:\([^()]*\)[^()]*)?)\))?"
        rf"(?:,\s*(?P<role>[^,]{{1,120}}?),)?\s+(?:{verbs})\b",
        text,
    )
    if not m:
        return None
    printed = text[: m.start("name")] + m.group("name")
    if m.group("aff"):
        printed += f" ({m.group('aff')})"
    return Label(printed, m.group("name"), m.group("aff") or "", m.group("role") or "", "", text)


def _leader_entry(units: list[str], i: int) -> tuple[str, str, int]:
    """ "Ms. Lucas . . . ." then "(Luxembourg)": the person and the State in brackets."""
    person = _flat(units[i]) if i < len(units) else ""
    i += 1
    affiliation = ""
    if i < len(units) and (m := re.fullmatch(r"\((.+)\)", _flat(units[i]))):
        affiliation = m.group(1)
        i += 1
    return person, affiliation, i


def _members(units: list[str], i: int, proceedings: Proceedings) -> int:
    """The members' States (lines with dot leaders), then their representatives in order."""
    states: list[str] = []
    while i < len(units) and LEADER in units[i]:
        states.append(_flat(units[i]))
        i += 1
    names: list[str] = []
    honorifics = tuple(f"{w} " for w in meeting_vocabulary()["honorifics"])
    while i < len(units) and len(names) < len(states) and _flat(units[i]).startswith(honorifics):
        names.append(_flat(units[i]))
        i += 1
    for k, state in enumerate(states):
        proceedings.members.append(Member(state, names[k] if k < len(names) else ""))
    return i


def members_table(proceedings: Proceedings) -> Table | None:
    """The President and the members as the masthead prints them: a table of two columns."""
    rows = []
    if proceedings.president is not None:
        president = proceedings.president
        rows.append(["President", president.name, president.affiliation])
    rows += [["Member", m.name, m.affiliation] for m in proceedings.members]
    if not rows:
        return None
    return Table(rows=[["", "Name", "State"], *rows], header_rows=1, title="Present")


@dataclass
class _VoteHead:
    key: str  # "in_favour", "against", "abstaining"
    rest: str


def vote_head(text: str) -> _VoteHead | None:
    """ "In favour:" (alone, or with its list after it)."""
    for key, words in meeting_vocabulary()["vote_heads"].items():
        for word in sorted(words, key=len, reverse=True):
            if text == f"{word}:" or text.startswith(f"{word}: "):
                return _VoteHead(key, text[len(word) + 1 :].strip())
    return None


def is_vote_method(text: str) -> bool:
    return _starts(text, meeting_vocabulary()["vote_methods"]) is not None


def states_of(text: str) -> list[str]:
    """A list of States as printed: "Albania, Andorra, Iran (Islamic Republic of), Italy"."""
    items, depth, current = [], 0, ""
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if ch == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    return [" ".join(x.split()).rstrip(".") for x in items if x.strip()]


def looks_like_states(text: str) -> bool:
    """A line of a vote's list: names, most capitalised ("the former Yugoslav Republic of
    ..." is not), separated by commas, no sentence."""
    names = states_of(text)
    # The last may join two with "and" ("... Northern Ireland and United States of America").
    if (
        not names
        or any(len(n.split()) > (9 if k < len(names) - 1 else 18) for k, n in enumerate(names))
        or any(n.endswith(":") for n in names)
    ):
        return False
    return sum(1 for n in names if n[:1].isupper()) >= 0.8 * len(names)


def is_decision(text: str) -> bool:
    """ "It was so decided.", "The draft resolution, as a whole, was adopted by 145 votes ..."."""
    vocab = meeting_vocabulary()
    if _starts(text, vocab["decisions"]):
        return True
    if not _starts(text, vocab["decision_subjects"]):
        return False
    sentence = re.split(r"(?<=[.!?])\s", text, maxsplit=1)[0]
    return any(verb in sentence for verb in vocab["decision_verbs"])


def first_sentence(text: str) -> tuple[str, str]:
    """A procedural line's sentence and what follows it: its end is after the hour it gives
    ("... at 11.10 a.m.") or at its first full stop, a bracket closed ("... (resolution 66/240
    B).")."""
    if (m := TIME.search(text)) and procedure_time(text):
        end = m.end()
        end += 1 if text[end : end + 1] == "." and not m.group(1).endswith(".") else 0
    else:
        end = len(text)
        titles = {w.rstrip(".") for w in meeting_vocabulary()["honorifics"]}
        for m in re.finditer(r"[.!?](?=\s|$)", text):
            word = re.findall(r"[\w-]+$", text[: m.start()])
            # "Mr. Thomson", "J. Smith": a period that ends an honorific or an initial.
            if word and (word[0] in titles or (len(word[0]) == 1 and word[0].isupper())):
                continue
            end = m.end()
            break
    return text[:end].strip(), text[end:].strip()


def procedure_time(text: str) -> tuple[str, str] | None:
    """("called_to_order" | "rose", "10.15 a.m.") for a procedural line, else None."""
    vocab = meeting_vocabulary()
    for key in ("called_to_order", "rose"):
        if _starts(text, vocab[key]) and (m := TIME.search(text)):
            return key, m.group(1)
    return None


def chair_taken(text: str) -> Label | None:
    """ "In the absence of the President, Mr. Thomson (Fiji), Vice-President, took the Chair."
    gives who presides (name, affiliation, role)."""
    vocab = meeting_vocabulary()
    if not any(phrase in text for phrase in vocab["took_the_chair"]):
        return None
    honorifics = _alternatives(vocab["honorifics"])
    m = re.search(
        rf"(?P<name>(?:{honorifics})\s+[A-ZÀ-Þ][^\s(),]*(?:\s+[^\s(),]+){{0,4}}?)\s*"
        r"\((?P<aff>[^()]+)\)(?:,\s*(?P<role>[^,]+?))?,?\s+(?:"
        + "|".join(re.escape(p) for p in vocab["took_the_chair"])
        + ")",
        text,
    )
    if not m:
        return None
    return Label(m.group(0), m.group("name"), m.group("aff"), m.group("role") or "", "", "")


def agenda_from_headings(record: Record, part: Part) -> None:
    """The agenda items a record takes up, from its headings "Agenda item 129 (continued)"
    (and their sub-items "(a) ...", each printed where the meeting takes it up), when the
    masthead listed none by number."""
    if any(a.item for a in record.agenda):
        return
    items: list[AgendaItem] = []
    numbers: list[str] = []
    titled = False
    for para in part.paragraphs:
        if para.role != "heading":
            continue
        if m := AGENDA_HEAD.match(para.text):
            numbers = [x for x in re.split(r",\s*|\s+and\s+|\s+to\s+", m.group(1)) if x]
            titled = False
            for number in numbers:
                if all(number != known.item for known in items):
                    items.append(AgendaItem(number, ""))
            continue
        if not numbers:
            continue
        if (sub := SUB_ITEM.match(para.text)) and len(numbers) == 1:
            item = AgendaItem(f"{numbers[0]} ({sub.group(1)})", sub.group(2))
            # The item itself is listed by its sub-items.
            items = [a for a in items if a.item != numbers[0]]
            if all(item.item != known.item for known in items):
                items.append(item)
        elif not titled:
            titled = True
            for known in items:
                if known.item in numbers and not known.title:
                    known.title = para.text
    if items:
        masthead_titles = [a for a in record.agenda if not a.item]
        known_titles = {i.title for i in items}
        record.agenda = items + [a for a in masthead_titles if a.title not in known_titles]


def speakers_of(record: Record, part: Part) -> list[Speaker]:
    """Every speaker once, in the order they first speak; "The President" is the masthead's
    President, or whoever the record says took the Chair."""
    proceedings = record.proceedings or Proceedings()
    chair: Speaker | None = None
    if proceedings.president is not None and proceedings.president.name:
        president = proceedings.president
        chair = Speaker(president.name, president.affiliation, role="President")
    out: list[Speaker] = []
    by_key: dict[tuple[str, str], Speaker] = {}
    for para in part.paragraphs:
        if para.role == "procedure" and (taken := chair_taken(para.text)):
            role = taken.role or "Acting President"
            chair = Speaker(taken.name, taken.affiliation, role=role)
        if not para.speaker_label:
            continue
        label = parse_label(para.speaker_label + ":")
        if label is None:
            continue
        if label.name.startswith("The ") and chair is not None and _presides(label.name):
            office = label.name.removeprefix("The ")
            speaker = Speaker(chair.name, chair.affiliation, role=office)
        elif label.name.startswith("The "):
            office = label.name.removeprefix("The ")
            # "The Secretary-General:" names no one; the President's welcome before it does:
            # "I welcome Secretary-General Ban Ki-Moon".
            named = _named_before(part, para, office)
            speaker = Speaker(named or label.name, label.affiliation, role=office)
        else:
            speaker = Speaker(label.name, label.affiliation, role=label.role)
            if not speaker.affiliation and not speaker.role:
                # "Mr. Chergui (spoke in French):" names no State; the invitation before it
                # says who he is: "Mr. Smaїl Chergui, Commissioner for Peace and Security of
                # the African Union, to participate ...".
                speaker.role, speaker.affiliation = _apposition_before(part, para, label.name)
        key = (speaker.name, speaker.affiliation)
        if key not in by_key:
            speaker.eid = para.eid
            by_key[key] = speaker
            out.append(speaker)
        para.speaker = by_key[key].name
        for follower in _statement_of(part, para)[1:]:
            follower.speaker = by_key[key].name
    return out


def _named_before(part: Part, statement: Paragraph, office: str) -> str:
    """The person an office is held by, as the record names them before they speak."""
    pattern = re.compile(
        rf"\b{re.escape(office)}\s+((?:[A-ZÀ-Þ][\w’'.-]*\s+){{0,3}}[A-ZÀ-Þ][\w’'-]*[\w])"
    )
    for para in part.paragraphs:
        if para is statement:
            break
        if m := pattern.search(para.text):
            return m.group(1)
    return ""


def _apposition_before(part: Part, statement: Paragraph, name: str) -> tuple[str, str]:
    """What the record says a speaker is, in apposition to their name before they speak:
    (office, body) from "..., Commissioner for Peace and Security of the African Union,"."""
    surname = name.split()[-1]
    pattern = re.compile(rf"\b{re.escape(surname)},\s+([A-Z][^,;.]{{3,160}}?)(?:,|\s+to\s)")
    for para in part.paragraphs:
        if para is statement:
            break
        if m := pattern.search(para.text):
            apposition = m.group(1).strip()
            office, sep, body = apposition.rpartition(" of the ")
            if not sep:
                office, sep, body = apposition.rpartition(" of ")
            return (office, body) if sep and office else (apposition, "")
    return "", ""


def _presides(name: str) -> bool:
    return name.removeprefix("The ") in meeting_vocabulary()["presiding"]


def _statement_of(part: Part, first: Paragraph) -> list[Paragraph]:
    paragraphs = part.paragraphs
    start = paragraphs.index(first)
    out = [first]
    for para in paragraphs[start + 1 :]:
        if para.speaker_label or para.role != "paragraph":
            break
        out.append(para)
    return out


__all__ = [
    "Label",
    "agenda_from_headings",
    "chair_taken",
    "first_sentence",
    "is_decision",
    "is_notice",
    "split_notice",
    "is_vote_method",
    "looks_like_states",
    "members_table",
    "parse_label",
    "procedure_time",
    "read_masthead",
    "speakers_of",
    "starts_statement",
    "summary_speaker",
    "starts_unit",
    "states_of",
    "vote_head",
    "votes_of",
]


def _split_last(states: list[str], known: set[str]) -> list[str]:
    """ "... Rwanda, United Kingdom ... Ireland and United States of America": a list closed
    with "and" names two States in its last item when both are known (members, other lists);
    "Antigua and Barbuda" stays one."""
    if not states or " and " not in states[-1]:
        return states
    last = states[-1]
    for at in [m.start() for m in re.finditer(" and ", last)]:
        first, second = last[:at], last[at + 5 :]
        if first in known and second in known:
            return [*states[:-1], first, second]
    return states


def votes_of(part: Part, record: Record | None = None) -> list[Vote]:
    """The recorded votes: each run of vote paragraphs (role "vote") after a method line."""
    known: set[str] = set()
    if record is not None and record.proceedings is not None:
        known = {m.affiliation for m in record.proceedings.members}
        if record.proceedings.president is not None:
            known.add(record.proceedings.president.affiliation)
    for para in part.paragraphs:
        if para.role == "vote" and (head := vote_head(para.text)):
            known.update(states_of(head.rest))
    votes: list[Vote] = []
    current: Vote | None = None
    method = ""
    for para in part.paragraphs:
        if para.role == "procedure" and is_vote_method(para.text):
            method, current = para.text, None
            continue
        if para.role == "vote" and (head := vote_head(para.text)):
            if current is None or (head.key == "in_favour" and current.in_favour):
                current = Vote(eid=para.eid, method=method)
                votes.append(current)
            getattr(current, head.key).extend(_split_last(states_of(head.rest), known))
            continue
        if current is not None and not current.result and para.role in ("paragraph", "decision"):
            text = para.text
            current.result = text
            current, method = None, ""
    return votes
