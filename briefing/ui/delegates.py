"""An item delegate that paints each row as a small QTextDocument built from plain text."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from briefing.ui.models import ObjectRole


class TextDocumentDelegate(QStyledItemDelegate):
    """Rows whose ObjectRole object renders through `document()`; others paint as usual.

    Subclasses build the document from plain text and char formats only, so text from records
    is never read as markup.
    """

    fallback_width = 300

    def document(
        self, item: object, index: QModelIndex, palette: QPalette, selected: bool, font: object
    ) -> QTextDocument:
        raise NotImplementedError

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        item = index.data(ObjectRole)
        if item is None:
            return super().paint(painter, option, index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        doc = self.document(item, index, opt.palette, selected, opt.font)
        doc.setTextWidth(opt.rect.width())
        painter.save()
        painter.translate(opt.rect.topLeft())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        ctx.clip = QRectF(0, 0, opt.rect.width(), opt.rect.height())
        doc.documentLayout().draw(painter, ctx)
        painter.restore()
        return None

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:  # noqa: N802
        item = index.data(ObjectRole)
        if item is None:
            return super().sizeHint(option, index)
        width = option.rect.width() if option.rect.width() > 0 else self.fallback_width
        doc = self.document(item, index, option.palette, False, option.font)
        doc.setTextWidth(width)
        return QSize(int(width), int(doc.size().height()) + 2)
