"""Item models over domain objects: the panes' lists and trees. No SQL, no widgets.

Every model answers `ObjectRole` with the domain object behind a row (an Entity, Theme,
Conclusion, RecordSummary, SearchHit or citation) and `EidRole` with the place to jump to.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from briefing.datatypes import dataclass
from briefing.domain import (
    Conclusion,
    Entity,
    Paragraph,
    Record,
    Speaker,
    State,
    Theme,
    cite,
)
from briefing.ui.messages import plain_tooltip
from briefing.vocab import group_entities, group_outcomes, load

# Plain ints: comparing against Qt's enum members costs a call each time data() runs.
_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_ACCESSIBLE = int(Qt.ItemDataRole.AccessibleTextRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)

ObjectRole = Qt.ItemDataRole.UserRole + 1
EidRole = Qt.ItemDataRole.UserRole + 2
# A stable key for a row ("process:Bali Process"), to restore a selection after a restart.
KeyRole = Qt.ItemDataRole.UserRole + 3
# A search hit's heading: where it is, and in which record when the search spans several.
HeadingRole = Qt.ItemDataRole.UserRole + 4

_Index = QModelIndex | QPersistentModelIndex
# The invalid index, as a default argument (the root of every model).
_ROOT = QModelIndex()


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[Any], str]


@dataclass
class Group:
    title: str
    items: list[Any]


def item_key(item: Any) -> str:
    """A key naming an item within its record, stable across restarts and re-imports."""
    if isinstance(item, Entity):
        return f"entity:{item.name}"
    if isinstance(item, Theme):
        return f"theme:{item.name}"
    if isinstance(item, Conclusion):
        return f"conclusion:{item.eid}"
    if isinstance(item, State):
        return f"state:{item.code or item.name}"
    if isinstance(item, Speaker):
        return f"speaker:{item.name}|{item.affiliation}"
    return ""


def item_eid(item: Any) -> str | None:
    """The place an item stands for or is first mentioned at."""
    if isinstance(item, Conclusion):
        return item.eid
    if isinstance(item, Speaker):
        return item.eid or None
    mentions = getattr(item, "mentions", None)
    return mentions[0] if mentions else None


class GroupedModel(QAbstractItemModel):
    """A two-level tree: group rows, each holding domain objects. Empty groups are left out.

    Group rows carry internalId 0; an item row carries its group's row + 1.
    """

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._groups: list[Group] = []

    def set_groups(self, groups: Sequence[Group]) -> None:
        self.beginResetModel()
        self._groups = [g for g in groups if g.items]
        self.endResetModel()

    def groups(self) -> list[Group]:
        return list(self._groups)

    # -- structure

    def index(self, row: int, column: int, parent: _Index = _ROOT) -> QModelIndex:
        # The bounds checked here, not by hasIndex(): that calls back into Python for rowCount
        # and columnCount, three calls a row where one will do (a tree's expandAll asks each).
        if row < 0 or not 0 <= column < len(self._columns):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._groups) else QModelIndex()
        if parent.internalId() == 0 and parent.column() == 0:
            group = parent.row()
            if row < len(self._groups[group].items):
                return self.createIndex(row, column, group + 1)
        return QModelIndex()

    def parent(self, child: _Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not child.isValid():
            return QModelIndex()
        group = child.internalId()
        if group == 0:
            return QModelIndex()
        return self.createIndex(group - 1, 0, 0)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.column() != 0:
            return 0
        if parent.internalId() == 0:
            return len(self._groups[parent.row()].items)
        return 0

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return len(self._columns)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def column_texts(self, column: int) -> list[str]:
        """Every item row's text in `column` (what the pane measures its widths from)."""
        text = self._columns[column].text
        return [text(item) for group in self._groups for item in group.items]

    def object_at(self, index: _Index) -> Any:
        if not index.isValid() or index.internalId() == 0:
            return None
        return self._groups[index.internalId() - 1].items[index.row()]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() == 0:
            group = self._groups[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                if index.column() == 0:
                    return f"{group.title} ({len(group.items)})"
                return None
            if role == Qt.ItemDataRole.AccessibleTextRole and index.column() == 0:
                return f"{group.title}, {len(group.items)} items"
            if role == KeyRole:
                return f"group:{group.title}"
            return None
        item = self.object_at(index)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._columns[index.column()].text(item)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            return plain_tooltip(self._columns[0].text(item))
        if role == ObjectRole:
            return item
        if role == EidRole:
            return item_eid(item)
        if role == KeyRole:
            return item_key(item)
        return None

    def find_key(self, key: str) -> QModelIndex:
        for g, group in enumerate(self._groups):
            if key == f"group:{group.title}":
                return self.index(g, 0)
            for r, item in enumerate(group.items):
                if item_key(item) == key:
                    return self.index(r, 0, self.index(g, 0))
        return QModelIndex()


def _mentions(item: Any) -> str:
    return str(len(getattr(item, "mentions", []) or []))


def _entity_name(entity: Entity) -> str:
    if entity.short_name and entity.short_name not in entity.name:
        return f"{entity.name} ({entity.short_name})"
    return entity.name


def process_groups(record: Record | None) -> list[Group]:
    """The Processes pane's groups, in the order a delegate reads them."""
    if record is None:
        return []
    return [
        Group(label, items)
        for label, items in group_entities(record.processes + record.organizations)
    ]


def theme_groups(record: Record | None) -> list[Group]:
    """The meeting's theme, the themes the record names, then the general vocabulary's themes
    by its categories ("Fields of work", "Sustainable Development Goals") in the record's order."""
    if record is None:
        return []
    meeting = [t for t in record.themes if t.source == "meeting"]
    named = [t for t in record.themes if t.source == "record"]
    by_category: dict[str, list[Theme]] = {}
    for theme in record.themes:
        if theme.source not in ("meeting", "record"):
            by_category.setdefault(theme.category or "Topics", []).append(theme)
    return [
        Group("Theme of the meeting", meeting),
        Group("Named in the record", named),
        *(Group(title, items) for title, items in by_category.items()),
    ]


def conclusion_groups(record: Record | None) -> list[Group]:
    """The Outcomes pane's groups (vocab.group_outcomes), then the key points."""
    if record is None:
        return []
    groups = [Group(title, items) for title, items in group_outcomes(record.conclusions)]
    groups.append(Group("Key points", list(record.key_points)))
    return groups


def state_groups(record: Record | None) -> list[Group]:
    """The States pane: the States the record names, alphabetically as the UN lists them."""
    if record is None:
        return []
    return [Group("States named", sorted(record.states, key=lambda s: s.name.casefold()))]


def speaker_groups(record: Record | None) -> list[Group]:
    """The Speakers pane: who presided, then every speaker in the order they first speak."""
    if record is None or not record.speakers:
        return []
    presiding = [s for s in record.speakers if presides(s)]
    return [
        Group("Presiding", presiding),
        Group("Speakers in order", [s for s in record.speakers if not presides(s)]),
    ]


def presides(speaker: Speaker) -> bool:
    """Whether the speaker presided: their role or name is a presiding office of
    resources/meeting_records.json ("President", "Acting Chair")."""
    offices = [o.casefold() for o in load("meeting_records.json").get("presiding", [])]
    role = speaker.role.casefold()
    name = speaker.name.casefold()
    return any(o in role or name.startswith(f"the {o}") for o in offices)


def speaker_label(speaker: Speaker) -> str:
    """ "Mr. Churkin (Russian Federation)"; the role after a dash when it says more."""
    text = speaker.name
    if speaker.affiliation:
        text += f" ({speaker.affiliation})"
    if speaker.role and speaker.role.casefold() not in text.casefold():
        text += f" — {speaker.role}"
    return text


def statement_eids(record: Record, speaker: Speaker) -> list[str]:
    """The paragraphs of every statement the speaker makes, in reading order."""
    return [
        para.eid
        for _part, para in record.paragraphs()
        if para.speaker == speaker.name and _statement_of(para, speaker)
    ]


def _statement_of(para: Paragraph, speaker: Speaker) -> bool:
    # Two speakers may share a name (two "Mr. Li" of two delegations): a speaker with an
    # affiliation claims the statements whose label carries it. A statement's later paragraphs
    # carry no label and go with the name (two such namesakes share them: a known limit).
    if not speaker.affiliation or not para.speaker_label:
        return True
    return speaker.affiliation in para.speaker_label


def _one_line(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def processes_model(parent: Any = None) -> GroupedModel:
    return GroupedModel([Column("Name", _entity_name), Column("Mentions", _mentions)], parent)


def states_model(parent: Any = None) -> GroupedModel:
    return GroupedModel([Column("State", lambda s: s.name), Column("Mentions", _mentions)], parent)


class SpeakersModel(GroupedModel):
    """Speakers in order, each with the number of paragraphs they speak."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [Column("Speaker", speaker_label), Column("Paragraphs", self._paragraphs)], parent
        )
        self._counts: dict[str, int] = {}

    def set_record(self, record: Record | None) -> None:
        self._counts = {}
        if record is not None:
            for speaker in record.speakers:
                self._counts[item_key(speaker)] = len(statement_eids(record, speaker))
        self.set_groups(speaker_groups(record))

    def _paragraphs(self, speaker: Speaker) -> str:
        return str(self._counts.get(item_key(speaker), 0))


def speakers_model(parent: Any = None) -> SpeakersModel:
    return SpeakersModel(parent)


def themes_model(parent: Any = None) -> GroupedModel:
    return GroupedModel([Column("Theme", lambda t: t.name), Column("Mentions", _mentions)], parent)


class ConclusionsModel(GroupedModel):
    """Conclusions and key points, with the delegate's stance on each (from the annotations)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(
            [
                Column("Outcome", lambda c: f"{c.label}  {_one_line(c.text)}"),
                Column("Stance", self._stance_label),
            ],
            parent,
        )
        self._stances: dict[str, Any] = {}

    def _stance_label(self, item: Conclusion) -> str:
        stance = self._stances.get(item.eid)
        return stance.label if stance is not None else ""

    def stance_of(self, eid: str) -> Any:
        return self._stances.get(eid)

    def set_stances(self, stances: dict[str, Any]) -> None:
        self._stances = dict(stances)
        for g in range(self.rowCount()):
            group = self.index(g, 0)
            rows = self.rowCount(group)
            if rows:
                self.dataChanged.emit(self.index(0, 1, group), self.index(rows - 1, 1, group))

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and index.column() == 1:
            item = self.object_at(index)
            stance = self._stances.get(item.eid) if item is not None else None
            return QBrush(stance_color(stance)) if stance is not None else None
        return super().data(index, role)


# Mid-tone colours that read on light and dark bases alike: the stance is the signal, not the
# palette, so these are fixed (everything else takes palette roles).
STANCE_COLORS = {
    "support": "#2e9d57",
    "support_with_amendments": "#2f9c9c",
    "neutral": "#8a8f98",
    "concern": "#d08a00",
    "oppose": "#d64545",
    "seek_instructions": "#3b7dd8",
}


def stance_color(stance: Any) -> QColor:
    return QColor(STANCE_COLORS.get(str(getattr(stance, "value", stance)), "#8a8f98"))


def conclusions_model(parent: Any = None) -> ConclusionsModel:
    return ConclusionsModel(parent)


class TreeFilterProxy(QSortFilterProxyModel):
    """Filters item rows by text and keeps the groups that still hold a match."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(0)


# -- flat models


@dataclass(frozen=True)
class Citation:
    """A place the record mentions something: its eid, the citation and an excerpt."""

    eid: str
    label: str
    excerpt: str


def citations_for(record: Record, eids: Sequence[str]) -> list[Citation]:
    out: list[Citation] = []
    for eid in eids:
        node = record.find(eid)
        text = getattr(node, "text", "") if node is not None else ""
        out.append(Citation(eid, record.citation(eid), _one_line(text, 120)))
    return out


class CitationsModel(QAbstractListModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Citation] = []

    def set_citations(self, rows: Sequence[Citation]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{row.label} — {row.excerpt}" if row.excerpt else row.label
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return row.label
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(f"Go to {row.label}")
        if role == ObjectRole:
            return row
        if role == EidRole:
            return row.eid
        return None


def _symbol_and_title(summary: Any) -> str:
    """ "A/68/151 — Letter dated…": a library of many records is read by title as much as symbol."""
    symbol, title = (summary.symbol or "").strip(), (summary.title or "").strip()
    if symbol and title and title != symbol:
        return f"{symbol} — {title}"
    return symbol or title


class RecordsModel(QAbstractTableModel):
    """The library's records (RecordSummary rows): symbol or title, date, organ."""

    HEADERS = ("Record", "Date", "Organ")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._cells: list[tuple[str, str, str]] = []

    def set_records(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        # Views ask for every cell while sorting and sizing: compute the texts once.
        self._cells = [
            (_symbol_and_title(r), r.date.isoformat() if r.date else "", r.organ or "")
            for r in self._rows
        ]
        self.endResetModel()

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == _DISPLAY and 0 <= section < 3:
            return self.HEADERS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        row_i = index.row()
        if not index.isValid() or not 0 <= row_i < len(self._rows):
            return None
        if role in (_DISPLAY, _ACCESSIBLE):
            return self._cells[row_i][index.column()]
        if role == _TOOLTIP and index.column() == 0:
            return plain_tooltip(self._rows[row_i].title)
        if role == ObjectRole:
            return self._rows[row_i]
        if role == KeyRole:
            return self._rows[row_i].id
        return None

    def row_of(self, record_id: int | None) -> int:
        for i, row in enumerate(self._rows):
            if row.id == record_id:
                return i
        return -1


class SearchResultsModel(QAbstractListModel):
    """Search hits (SearchHit); the delegate paints snippet and highlights."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self.with_record = True

    def set_hits(self, hits: Sequence[Any], with_record: bool = True) -> None:
        self.beginResetModel()
        self._rows = list(hits)
        self.with_record = with_record
        self.endResetModel()

    def hits(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: _Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        hit = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{hit_heading(hit, self.with_record)}: {hit.snippet}"
        if role == HeadingRole:
            return hit_heading(hit, self.with_record)
        if role == ObjectRole:
            return hit
        if role == EidRole:
            return hit.eid
        return None


def hit_heading(hit: Any, with_record: bool = True) -> str:
    """ "Annex, para. 3", followed by the record's name when hits span several records."""
    where = cite(hit.eid) if hit.eid else ""
    title = (getattr(hit, "record_title", "") or "") if with_record else ""
    if len(title) > 48:
        title = title[:47].rstrip() + "…"
    return " · ".join(p for p in (where, title) if p)
