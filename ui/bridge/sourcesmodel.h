// SourcesModel: one row per feed source (a TCP peer, a UDP sender, an in-process feed) with its live
// counters. Fed from engine snapshots as a diff: rows are appended when sources appear (the engine never
// forgets one), dataChanged covers only the rows whose counters moved.
//
// Threading: GUI thread only (applySnapshot is connected to EngineBridge::snapshotChanged).
#pragma once

#include "snapshotmetatype.h"

#include "feed/ingeststats.h"
#include "state/snapshot.h"

#include <QAbstractTableModel>
#include <QTimeZone>

#include <vector>

namespace cityops::ui {

class SourcesModel : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Roles {
        NameRole = Qt::UserRole + 1,
        ConnectionsRole,
        LinesRole,
        AcceptedRole,
        RejectedRole,
        BytesRole,
        LastSeenNsRole,
        LastSeenRole,   ///< engine time of the last line, as text
        SortRole,       ///< a value per column that sorts numerically where it is a number
    };
    Q_ENUM(Roles)

    enum Column { NameColumn, ConnectionsColumn, LinesColumn, AcceptedColumn, RejectedColumn, BytesColumn,
                  LastSeenColumn, ColumnCount };
    Q_ENUM(Column)

    explicit SourcesModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(m_sources.size()); }

public Q_SLOTS:
    void applySnapshot(const std::shared_ptr<const cityops::core::CitySnapshot> &snapshot);

Q_SIGNALS:
    void countChanged();

private:
    std::vector<core::SourceCounters> m_sources;
    QTimeZone m_zone;
};

} // namespace cityops::ui
