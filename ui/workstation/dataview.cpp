#include "dataview.h"

#include <QHeaderView>
#include <QPainter>

namespace cityops::ui {

QSize PaddedDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.rwidth() += kPadding;
    return size;
}

DataView::DataView(QWidget *parent)
    : QTreeView(parent)
{
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    setTextElideMode(Qt::ElideRight);
    setItemDelegate(new PaddedDelegate(this));
    header()->setStretchLastSection(false);
    header()->setSectionsMovable(true);
    header()->setHighlightSections(false);
    // Room around the titles, so sized-to-contents columns keep apart ("Lines Accepted", not "LinesAccepted").
    header()->setStyleSheet(QStringLiteral("QHeaderView::section { padding-left: 8px; padding-right: 8px; }"));
}

void DataView::setEmptyText(const QString &text)
{
    m_emptyText = text;
    viewport()->update();
}

void DataView::paintEvent(QPaintEvent *event)
{
    QTreeView::paintEvent(event);
    if (m_emptyText.isEmpty() || !model() || model()->rowCount(rootIndex()) > 0)
        return;
    QPainter painter(viewport());
    painter.setPen(palette().color(QPalette::PlaceholderText));
    const QRect area = viewport()->rect().adjusted(24, 24, -24, -24);
    painter.drawText(area, Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, m_emptyText);
}

} // namespace cityops::ui
