#include "legendmodel.h"

namespace cityops::ui {

LegendModel::LegendModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int LegendModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

QVariant LegendModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Entry &e = m_entries[static_cast<std::size_t>(index.row())];
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole: return e.label;
    case Qt::DecorationRole:
    case ColorRole: return e.color;
    case OutlineRole: return e.outline;
    case ShapeRole: return e.shape;
    default: return {};
    }
}

QHash<int, QByteArray> LegendModel::roleNames() const
{
    return {{LabelRole, "label"}, {ColorRole, "color"}, {OutlineRole, "outline"}, {ShapeRole, "shape"}};
}

void LegendModel::setTitle(const QString &title)
{
    if (title == m_title)
        return;
    m_title = title;
    Q_EMIT titleChanged();
}

void LegendModel::setEntries(std::vector<Entry> entries)
{
    if (entries == m_entries)
        return;
    if (entries.size() == m_entries.size()) {
        m_entries = std::move(entries);
        Q_EMIT dataChanged(index(0), index(count() - 1));
        return;
    }
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
    Q_EMIT countChanged();
}

} // namespace cityops::ui
