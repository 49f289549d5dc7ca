#include "stalesensorsmodel.h"

#include "readingsmodel.h"
#include "state/snapshot.h"

namespace cityops::ui {

StaleSensorsModel::StaleSensorsModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(ReadingsModel::SortRole);
    setDynamicSortFilter(true);
    // Sorting re-lays out rows every second; count only changes with inserts, removals and resets.
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(this, signal, this, &StaleSensorsModel::updateCount);
    connect(this, &QAbstractItemModel::modelReset, this, &StaleSensorsModel::updateCount);
    connect(this, &QAbstractItemModel::layoutChanged, this, &StaleSensorsModel::updateCount);
}

void StaleSensorsModel::setIncludeNoData(bool include)
{
    if (include == m_includeNoData)
        return;
    m_includeNoData = include;
    invalidateRowsFilter();
    Q_EMIT includeNoDataChanged();
    updateCount();
}

void StaleSensorsModel::updateCount()
{
    if (const int n = rowCount(); n != m_lastCount) {
        m_lastCount = n;
        Q_EMIT countChanged();
    }
}

bool StaleSensorsModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    const auto freshness = static_cast<core::Freshness>(index.data(ReadingsModel::FreshnessRole).toInt());
    return freshness == core::Freshness::Stale || (m_includeNoData && freshness == core::Freshness::NoData);
}

} // namespace cityops::ui
