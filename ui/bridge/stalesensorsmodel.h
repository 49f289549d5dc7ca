// StaleSensorsModel: the entities that are not reporting: stale (silent for longer than three expected
// intervals) or without any reading yet. A filter over a ReadingsModel, so rows come and go as the
// readings model's dataChanged reports freshness changes; sorted longest-silent first by default.
//
// Threading: GUI thread only.
#pragma once

#include <QSortFilterProxyModel>

namespace cityops::ui {

class StaleSensorsModel : public QSortFilterProxyModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(bool includeNoData READ includeNoData WRITE setIncludeNoData NOTIFY includeNoDataChanged)

public:
    explicit StaleSensorsModel(QObject *parent = nullptr);

    int count() const { return rowCount(); }
    /// Also list sensors that never reported (default true).
    bool includeNoData() const { return m_includeNoData; }
    void setIncludeNoData(bool include);

Q_SIGNALS:
    void countChanged();
    void includeNoDataChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void updateCount();

    int m_lastCount = 0;
    bool m_includeNoData = true;
};

} // namespace cityops::ui
