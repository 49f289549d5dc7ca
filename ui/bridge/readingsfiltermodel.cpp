#include "readingsfiltermodel.h"

#include "readingsmodel.h"

namespace cityops::ui {

ReadingsFilterModel::ReadingsFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ReadingsModel::SortRole);
    setDynamicSortFilter(true);
    // Sorting re-lays out rows every second; count only changes with inserts, removals and resets.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, &ReadingsFilterModel::updateCount);
    connect(this, &QAbstractItemModel::modelReset, this, &ReadingsFilterModel::updateCount);
    connect(this, &QAbstractItemModel::layoutChanged, this, &ReadingsFilterModel::updateCount);
}

void ReadingsFilterModel::setFilterText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_filterText)
        return;
    m_filterText = trimmed;
    invalidateRowsFilter();
    Q_EMIT filterTextChanged();
    updateCount();
}

void ReadingsFilterModel::updateCount()
{
    if (const int n = rowCount(); n != m_lastCount) {
        m_lastCount = n;
        Q_EMIT countChanged();
    }
}

bool ReadingsFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filterText.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return index.data(ReadingsModel::SearchTextRole).toString().contains(m_filterText, Qt::CaseInsensitive);
}

} // namespace cityops::ui
