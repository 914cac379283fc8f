"""What a record decides, for every kind of document, and the meeting it comes from.

`add_outcomes(record)` runs at the end of the analysis. It fills `record.conclusions` with the
record's outcomes, read the way a delegate reads each kind:

- a resolution or decision: every operative paragraph, with its operative verb as printed
  ("Requests the Secretary-General") and the verb's family;
- a report: the paragraphs under its conclusions, observations or recommendations heading, and
  the operative paragraphs of a draft resolution it recommends;
- a meeting record: the decisions taken (a draft adopted or not, with its vote; an election;
  "It was so decided");
- a chair's summary: the conclusions its text introduces as such (found by the analysis before);
- anything else (a declaration, a statement, a transmitted communique or letter): the
  paragraphs and points whose main verb decides, requests, calls or encourages.

It also fills `record.meeting` where the analysis found none: a meeting record's masthead, the
plenary meeting of a resolution's adoption, a report's meetings of consideration, a transmitted
communique's place and date. Every word it reads by is in resources/outcomes.json.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Any

from briefing import vocab
from briefing.datatypes import dataclass
from briefing.domain import Conclusion, Meeting, Paragraph, Part, PartKind, Point, Record, Vote
from briefing.importer import kinds, languages, proceedings

__all__ = ["add_outcomes", "find_meeting_of", "find_outcomes", "read_verb"]


def _data() -> dict[str, Any]:
    return vocab.load("outcomes.json")


def _language(language: str | None) -> str:
    families = _data()["families"]
    return language if language and language in families[0]["verbs"] else "en"


# --- operative verbs -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Verbs:
    """One language's verbs, compiled: the pattern of every form, and what each form is."""

    lead: re.Pattern[str]  # a paragraph's opening verb
    clause: re.Pattern[str]  # an action verb opening a clause or after a subject
    forms: dict[str, tuple[str, bool, bool]]  # form -> (family, takes an addressee, action)
    addressee_ends: tuple[str, ...]
    addressee_words: int


def _words(items: list[str]) -> str:
    r"""An alternation of phrases, longest first, each space matching any run of space."""
    ordered = sorted({w.casefold() for w in items}, key=len, reverse=True)
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered)


@cache
def _verbs(language: str) -> _Verbs:
    data = _data()
    forms: dict[str, tuple[str, bool, bool]] = {}
    for family in data["families"]:
        for verb in family["verbs"].get(language, []):
            for form in verb["forms"]:
                forms.setdefault(
                    form.casefold(), (family["id"], bool(verb.get("addressee")), family["action"])
                )
    action_forms = [f for f, (_fam, _adr, action) in forms.items() if action]
    before = _words(data["adverbs"].get(language, []))
    after = _words(data["after_verb"].get(language, []))
    subjects = _words(data["subjects"].get(language, []))
    auxiliaries = _words(data["auxiliaries"].get(language, []))
    joiners = _words(data["joiners"].get(language, []))
    # A word boundary that also holds for Cyrillic and accented letters, and after a quote.
    edge = r"(?<![\w’'\-])"
    end = r"(?![\w’'\-])"
    adverbs = rf"(?:(?:{before}){end},?\s+)*" if before else ""
    post = rf"(?:\s+(?:{after}){end})*" if after else ""
    aux = rf"(?:\s+(?:{auxiliaries}){end})*" if auxiliaries else ""
    subject = rf"(?:(?:{subjects}){end}{aux}\s+)?" if subjects else ""
    lead = re.compile(
        rf"^[\s“”\"'‘’(]*{subject}{adverbs}(?P<verb>{_words(list(forms))}){end}{post}",
        re.IGNORECASE,
    )
    opener = rf"(?:^[\s“”\"'‘’(]*|{edge}(?:{joiners}){end}\s*|[;:]\s*"
    if subjects:
        opener += rf"|{edge}(?:{subjects}){end}{aux}\s+"
    opener += ")"
    clause = re.compile(
        rf"{opener}{adverbs}(?P<verb>{_words(action_forms)}){end}{post}", re.IGNORECASE
    )
    return _Verbs(
        lead,
        clause,
        forms,
        tuple(data["addressee_ends"].get(language, [])),
        int(data["addressee_words"]),
    )


def _printed_verb(verbs: _Verbs, text: str, m: re.Match[str]) -> tuple[str, str]:
    """(the verb as printed, with its addressee when it takes one; its family)."""
    printed = " ".join(m.group("verb").split())
    family, takes_addressee, _action = verbs.forms[printed.casefold()]
    if takes_addressee:
        rest = text[m.end() :]
        stops = [i for stop in verbs.addressee_ends if (i := rest.find(stop)) >= 0]
        if stops:
            addressee = " ".join(rest[: min(stops)].split())
            if 0 < len(addressee.split()) <= verbs.addressee_words:
                printed = f"{printed} {addressee}"
    return printed[0].upper() + printed[1:], family


def read_verb(text: str, language: str | None = "en") -> tuple[str, str]:
    """The operative verb a paragraph opens with, as printed with its addressee, and its
    family id: ("Requests the Secretary-General", "requests"); ("", "") when none is known.

    Adverbs before it ("Also", "Strongly", "Once again") or after it ("Décide également")
    are read past and left out, so that "Also requests" groups with "Requests"."""
    verbs = _verbs(_language(language))
    m = verbs.lead.match(text)
    return _printed_verb(verbs, text, m) if m else ("", "")


def action_verb(text: str, language: str | None = "en") -> tuple[str, str]:
    """The first verb of an action family (decides, requests, calls, encourages) that opens
    the text or one of its clauses, or follows its subject ("The Council ... and calls on
    all the parties", "We have decided", "I request"); ("", "") when there is none."""
    verbs = _verbs(_language(language))
    m = verbs.clause.search(text)
    return _printed_verb(verbs, text, m) if m else ("", "")


# --- outcomes ------------------------------------------------------------------------------


def add_outcomes(record: Record) -> None:
    """Fill the record's outcomes (conclusions) and, where the analysis found none, its meeting.

    Runs after the analysis has found what a record introduces as its conclusions and key
    points; a chair's summary keeps those as they are."""
    for item in record.key_points:
        item.kind = item.kind or "key_point"
    record.conclusions = find_outcomes(record)
    if record.meeting is None or kinds.is_meeting_record(record.kind):
        record.meeting = find_meeting_of(record) or record.meeting


def find_outcomes(record: Record) -> list[Conclusion]:
    """The record's outcomes, as its kind has them (see the module's docstring)."""
    if kinds.is_meeting_record(record.kind):
        return meeting_decisions(record)
    operative = [
        (part, para)
        for part, para in record.paragraphs()
        if para.label.startswith("OP") and part.kind != PartKind.DRAFT_RESOLUTION
    ]
    if operative:
        return [_operative(record, para) for _part, para in operative]
    if record.kind == "report":
        return report_outcomes(record)
    if record.conclusions:
        # What the text itself introduces as its conclusions (a chair's summary).
        for item in record.conclusions:
            item.kind = item.kind or "conclusion"
        return record.conclusions
    return action_outcomes(record)


def _operative(record: Record, para: Paragraph) -> Conclusion:
    verb, family = read_verb(para.text, record.language)
    return Conclusion(
        para.eid,
        record.citation(para.eid),
        _whole_text(para),
        kind="operative",
        verb=verb,
        family=family,
    )


def _whole_text(item: Paragraph | Point) -> str:
    """The paragraph or point with its points and closing text, as one plain string."""
    pieces = [item.text]
    pieces.extend(_whole_text(p) for p in item.points)
    if item.closing:
        pieces.append(item.closing)
    return " ".join(p for p in pieces if p)


def _heading_kind(text: str) -> str | None:
    """The outcome kind a heading announces ("VIII. Observations" -> "observation")."""
    words = re.sub(r"^\s*(?:[IVXLC]+|[A-Z]|\d+)\.\s*", "", text).casefold()
    for entry in _data()["headings"]:
        if re.search(rf"(?<!\w){re.escape(entry['cue'])}(?!\w)", words):
            return str(entry["kind"])
    return None


_ROMAN_HEADING = re.compile(r"^\s*[IVXLC]+\.\s")


def report_outcomes(record: Record) -> list[Conclusion]:
    """The paragraphs under a report's conclusions, observations or recommendations heading,
    then the operative paragraphs of each draft resolution or decision it recommends."""
    out: list[Conclusion] = []
    for part in record.parts:
        if part.kind == PartKind.DRAFT_RESOLUTION:
            out.extend(
                _operative(record, para) for para in part.paragraphs if para.label.startswith("OP")
            )
            continue
        current: str | None = None
        for para in part.paragraphs:
            if para.role == "heading":
                kind = _heading_kind(para.text)
                # A section's sub-headings ("A. ...") stay in it; the next section ends it.
                if kind or _ROMAN_HEADING.match(para.text):
                    current = kind
                continue
            if current and para.role == "paragraph":
                out.append(
                    Conclusion(para.eid, record.citation(para.eid), _whole_text(para), kind=current)
                )
    return out


def _transmitted_parts(record: Record) -> list[Part]:
    """The text a letter transmits: its innermost parts (enclosures before annexes); the
    whole record when it transmits nothing."""
    for kind in _data()["transmitted_parts"]:
        parts = [p for p in record.parts if p.kind.value == kind]
        if parts:
            return parts
    return record.parts


def action_outcomes(record: Record) -> list[Conclusion]:
    """In a text without numbered operative paragraphs: each paragraph and point whose main
    verb is an action (decides, requests, calls, encourages)."""
    out: list[Conclusion] = []
    for part in _transmitted_parts(record):
        for para in part.paragraphs:
            if para.role != "paragraph":
                continue
            items: list[Paragraph | Point] = [para, *para.walk_points()]
            for item in items:
                verb, family = action_verb(item.text, record.language)
                if verb:
                    out.append(
                        Conclusion(
                            item.eid,
                            record.citation(item.eid),
                            _whole_text(item),
                            kind="operative",
                            verb=verb,
                            family=family,
                        )
                    )
    return out


# --- a meeting record's decisions ----------------------------------------------------------


@cache
def _decision_phrases() -> list[tuple[re.Pattern[str], dict[str, str]]]:
    entries = sorted(_data()["decisions"], key=lambda e: len(e["phrase"]), reverse=True)
    return [
        (re.compile(rf"(?<!\w){re.escape(e['phrase'])}(?!\w)", re.IGNORECASE), e) for e in entries
    ]


def _sentences(text: str) -> list[str]:
    out: list[str] = []
    rest = " ".join(text.split())
    while rest:
        # "likewise?The draft resolution was adopted": a question glued to the next sentence.
        head, rest = proceedings.first_sentence(rest)
        out.extend(s for s in re.split(r"(?<=[?!])(?=[A-Z])", head) if s)
    return out


@cache
def _decision_words() -> tuple[str, ...]:
    return tuple(e["phrase"].casefold() for e in _data()["decisions"])


def _has_decision(text: str) -> bool:
    """Whether any decision phrase stands in the text: a cheap test (substrings; a regex
    alternation without regard to case is slow on a long statement) before a paragraph is cut
    into sentences."""
    flat = " ".join(text.split()).casefold()
    return any(phrase in flat for phrase in _decision_words())


def _decision_in(sentence: str) -> dict[str, str] | None:
    for pattern, entry in _decision_phrases():
        if pattern.search(sentence):
            return entry
    return None


def _presiding_names(record: Record) -> set[str]:
    presiding = set(kinds.meeting_vocabulary()["presiding"])
    # A role that is or contains a presiding office ("Acting President", "President of the
    # Security Council"): the offices are the vocabulary's, not a word written here.
    names = {
        s.name
        for s in record.speakers
        if s.role in presiding or any(office in s.role for office in presiding)
    }
    if record.proceedings and record.proceedings.president:
        names.add(record.proceedings.president.name)
    return names


def meeting_decisions(record: Record) -> list[Conclusion]:
    """The decisions a meeting record records, in order: a decision line ("The draft
    resolution was adopted (resolution 66/264)."), a decision the presiding officer announces
    ("The draft resolution has not been adopted, owing to ..."), "It was so decided." with the
    proposal it answers. A decision that a recorded vote settled points to that vote (its eid)
    and gives its counts."""
    chair = _presiding_names(record)
    subjects = kinds.meeting_vocabulary()["decision_subjects"]
    out: list[Conclusion] = []
    seen_votes: set[str] = set()
    previous: Paragraph | None = None
    for _part, para in record.paragraphs():
        candidates: list[str] = []
        if not _has_decision(para.text):
            pass
        elif para.role == "decision":
            candidates = _sentences(para.text)[:1]
        elif para.role == "paragraph" and para.speaker in chair:
            candidates = [
                s
                for s in _sentences(para.text)
                if any(s.startswith(subject) for subject in subjects)
            ]
        for sentence in candidates:
            entry = _decision_in(sentence)
            if entry is None:
                continue
            out.append(_decision(record, para, previous, sentence, entry, seen_votes))
        if para.role in ("paragraph", "procedure"):
            previous = para
    return out


def _decision(
    record: Record,
    para: Paragraph,
    previous: Paragraph | None,
    sentence: str,
    entry: dict[str, str],
    seen_votes: set[str],
) -> Conclusion:
    subject = _subject_of(sentence)
    label = entry["label"] if not subject else f"{subject} {entry['label']}"
    text = sentence
    eid = para.eid
    vote = _vote_before(record, para, seen_votes)
    if vote is not None:
        seen_votes.add(vote.eid)
        eid = vote.eid
        counts = f"{len(vote.in_favour)}–{len(vote.against)}–{len(vote.abstaining)}"
        label = f"{label} ({counts})"
        if not re.search(r"\d+\s+votes?", text):
            text = f"{text} In favour {len(vote.in_favour)}, against {len(vote.against)}, " + (
                f"abstaining {len(vote.abstaining)}."
            )
    elif entry["outcome"] == "so_decided" and previous is not None:
        proposal = _proposal(previous)
        if proposal:
            text = f"{proposal} {sentence}"
    return Conclusion(
        eid, label[0].upper() + label[1:], text, kind="decision", family=entry["outcome"]
    )


def _subject_of(sentence: str) -> str:
    """ "The draft resolution, as a whole, was adopted" -> "draft resolution"."""
    for subject in sorted(kinds.meeting_vocabulary()["decision_subjects"], key=len, reverse=True):
        if sentence.startswith(subject):
            words = re.sub(r"^The\s+", "", subject)
            # "Draft resolution II was adopted": keep the numeral that names which.
            more = re.match(r"\s+([IVXLC]+|[A-Z])\b(?=\s)", sentence[len(subject) :])
            return words + (f" {more.group(1)}" if more else "")
    return ""


def _proposal(para: Paragraph) -> str:
    """The presiding officer's proposal that "It was so decided" answers: the sentence of the
    paragraph before it that asks ("I shall take it that the Assembly decides ...")."""
    cues = [c.casefold() for c in _data()["proposals"]]
    for sentence in reversed(_sentences(para.text)):
        if any(c in sentence.casefold() for c in cues):
            return sentence
    return ""


def _vote_before(record: Record, para: Paragraph, seen: set[str]) -> Vote | None:
    """The recorded vote this decision announces the result of: the last vote before it, not
    yet claimed, whose list stands no more than a few places before."""
    here = record.order_of(para.eid)
    if here is None:
        return None
    best = None
    for vote in record.votes:
        at = record.order_of(vote.eid)
        if at is not None and at < here and vote.eid not in seen and here - at <= 8:
            best = vote
    return best


# --- the meeting ---------------------------------------------------------------------------


def find_meeting_of(record: Record) -> Meeting | None:
    """The meeting a record comes from, as its text gives it; None when it gives none."""
    if kinds.is_meeting_record(record.kind):
        return _masthead_meeting(record)
    if record.kind == "report":
        return _considered_at(record)
    if record.kind != "letter":
        found = _adopted_at(record)
        if found:
            return found
    return _transmitted_meeting(record)


@cache
def _series() -> tuple[tuple[str, str], ...]:
    """The symbol series of resources/outcomes.json, longest prefix first."""
    table: dict[str, str] = _data()["series"]
    return tuple(sorted(((p.upper(), o) for p, o in table.items()), key=lambda e: -len(e[0])))


def organ_of_symbol(symbol: str | None) -> str | None:
    """The body a document symbol's series names ("A/HRC/DEC/28/111": the Human Rights
    Council; "E/CN.6/2024/3": the Commission on the Status of Women), None when no series
    of the table begins it."""
    key = "".join((symbol or "").split()).upper()
    return next((organ for prefix, organ in _series() if key.startswith(prefix)), None)


def meeting_organ(record: Record) -> str | None:
    """The body whose meetings a record comes from: its symbol's series, else the organ its
    masthead prints first (an A/HRC/ document is printed under "General Assembly")."""
    return organ_of_symbol(record.symbol) or record.organ


def seat_of(organ: str | None) -> str | None:
    """Where a body meets when its text does not say (resources/outcomes.json `seats`)."""
    seats: dict[str, str] = _data()["seats"]
    return seats.get(organ or "")


def _presiding(record: Record) -> str:
    presiding = set(kinds.meeting_vocabulary()["presiding"])
    for speaker in record.speakers:
        if speaker.role in presiding:
            return (
                f"{speaker.name} ({speaker.affiliation})" if speaker.affiliation else speaker.name
            )
    president = record.proceedings.president if record.proceedings else None
    if president:
        return (
            f"{president.name} ({president.affiliation})"
            if president.affiliation
            else president.name
        )
    return ""


def _meeting_title(record: Record, number: str, organ: str | None = None) -> str:
    """ "General Assembly, sixty-seventh session, 61st plenary meeting"; a Security Council
    meeting is numbered without its year: "Security Council, 7182nd meeting"."""
    pieces = [organ or meeting_organ(record) or ""]
    session = record.session or ""
    if session.casefold().endswith("session"):
        pieces.append(session[0].lower() + session[1:])
    pieces.append(number)
    return ", ".join(p for p in pieces if p)


def _masthead_meeting(record: Record) -> Meeting | None:
    masthead = record.proceedings
    if masthead is None or not (masthead.meeting or masthead.date):
        return None
    return Meeting(
        title=_meeting_title(record, masthead.meeting),
        place=masthead.place or None,
        start=masthead.date,
        end=masthead.date,
        theme=None,
        number=masthead.meeting,
        time=masthead.time,
        presiding=_presiding(record),
    )


def _every_language(key: str) -> list[str]:
    """A per-language list of resources/outcomes.json, every language's words together."""
    return [w for words in _data()[key].values() for w in words]


@cache
def _ordinal_meeting() -> re.Pattern[str]:
    words = _words(_every_language("meeting_words"))
    ands = _words(_every_language("and_words"))
    of = _words(_every_language("meeting_of"))
    ordinal = r"\d+(?:st|nd|rd|th|e|er|ª|a|-?[йм])?"
    return re.compile(
        rf"(?P<number>{ordinal}(?:(?:,\s*|\s+(?:{ands})\s+){ordinal})*)\s+"
        rf"(?P<words>{words})(?![\w])"
        rf"(?:\s+(?:{of})\s+(?P<organ>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){{0,4}}))?",
        re.IGNORECASE,
    )


@cache
def _day_months() -> re.Pattern[str]:
    """ "10 and 11 October", "18 November 2022", "1er mars 2024", "13 de marzo de 2014"."""
    names = kinds.alternatives(list(languages.month_numbers()))
    ands = _words(_every_language("and_words"))
    joiners = _words([j for x in languages.languages() if (j := x.date_joiner)])
    of = rf"(?:\s+(?:{joiners}))?" if joiners else ""
    year_of = rf"(?:{joiners})\s+" if joiners else ""
    return re.compile(
        rf"(\d{{1,2}})(?:er|º)?(?:\s*(?:,|{ands}|[-–])\s*(\d{{1,2}}))*"
        rf"{of}\s+((?i:{names}))(?:\s+(?:{year_of})?(\d{{4}}))?"
    )


def _dates_in(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day a phrase names: "10 and 11 October and on 18 November 2022"
    -> (10 October, 18 November 2022); the year is the one printed after the last day."""
    months = languages.month_numbers()
    days: list[tuple[int, int, int | None]] = []
    for m in _day_months().finditer(text):
        year = int(m.group(4)) if m.group(4) else None
        month = months[m.group(3).lower()]
        days.append((int(m.group(1)), month, year))
        if m.group(2):
            days.append((int(m.group(2)), month, year))
    years = [y for _d, _m, y in days if y]
    if not years:
        return None
    try:
        first = dt.date(years[0], days[0][1], days[0][0])
        last = dt.date(years[-1], days[-1][1], days[-1][0])
    except ValueError:
        return None
    return (first, last) if first <= last else None


def _meeting_in(record: Record, text: str, organ: str | None = None) -> Meeting | None:
    flat = " ".join(text.split())
    m = _ordinal_meeting().search(flat)
    if m is None:
        return None
    after = flat[m.end() : m.end() + 120]
    dates = _dates_in(after.split(". ")[0])
    if dates is None:
        return None
    number = f"{m.group('number')} {m.group('words')}"
    organ = m.group("organ") or organ or meeting_organ(record)
    return Meeting(
        title=_meeting_title(record, number, organ),
        place=seat_of(organ),
        start=dates[0],
        end=dates[1],
        theme=None,
        number=number,
    )


def _adopted_at(record: Record) -> Meeting | None:
    """A resolution's plenary meeting of adoption ("61st plenary meeting / 21 December 2012"
    at its end, "Adopted by the Security Council at its 7182nd meeting, on 27 May 2014" under
    its title), or a statement's ("At the 7112th meeting of the Security Council, held on
    ...")."""
    texts = [record.subtitle]
    for part in record.parts:
        texts.extend(part.notes)
        texts.extend(p.text for p in part.paragraphs if p.role == "place_date")
        first = next((p for p in part.paragraphs if p.role == "paragraph"), None)
        if first is not None:
            texts.append(first.text)
    for text in texts:
        if text and (found := _meeting_in(record, text)):
            return found
    return None


@cache
def _considered() -> re.Pattern[str]:
    """A report's verb of consideration, in every language (outcomes.json `considered`)."""
    return re.compile(rf"(?<!\w)(?:{_words(_every_language('considered'))})(?!\w)")


def _considered_at(record: Record) -> Meeting | None:
    """A report's meetings: those at which the body reporting considered the item ("The Sixth
    Committee considered the item at its 9th, 10th, 11th and 36th meetings, on ...")."""
    for _part, para in record.paragraphs():
        if para.role != "paragraph" or not _considered().search(para.text):
            continue
        for sentence in _sentences(para.text):
            m = _considered().search(sentence)
            if m is None:
                continue
            who = re.match(
                r"(?:The\s+)?(?P<organ>[A-Z][\w\-]*(?:\s+[A-Z][\w\-]*){0,4})\s", sentence
            )
            found = _meeting_in(record, sentence[m.end() :], who.group("organ") if who else None)
            if found:
                # The body meets where its parent organ sits (a Main Committee of the Assembly).
                found.place = found.place or seat_of(meeting_organ(record))
                return found
    return None


def _transmitted_meeting(record: Record) -> Meeting | None:
    """A transmitted text that names itself (a communique's title under its part) and prints
    where and when it was issued ("Havana, 19 January 2016")."""
    for part in _transmitted_parts(record):
        if part not in record.parts or part.kind not in (PartKind.ANNEX, PartKind.ENCLOSURE):
            continue
        title = next((n for n in part.notes if not n.startswith("[")), "")
        place_date = next((p for p in part.paragraphs if p.role == "place_date"), None)
        if not title or place_date is None:
            continue
        flat = " ".join(place_date.text.split())
        dates = _dates_in(flat)
        place = flat.split(",")[0].strip()
        if dates:
            return Meeting(
                title=title, place=place or None, start=dates[0], end=dates[1], theme=None
            )
    return None
