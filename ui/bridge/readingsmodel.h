// ReadingsModel: one row per entity of the city model (road links, signals, car parks, gauges, stations,
// service centres) with its latest values, their age and freshness. Fed from engine snapshots as a diff:
// rows whose state changed get dataChanged (nearby runs merged into one signal), the age column gets one
// signal per second of engine time, and the rows themselves are only inserted when the first snapshot of
// a city arrives. The model keeps the newest snapshot and reads from it; nothing is copied per tick.
//
// Threading: GUI thread only (applySnapshot is connected to EngineBridge::snapshotChanged).
#pragma once

#include "snapshotmetatype.h"

#include "state/snapshot.h"

#include <QAbstractTableModel>
#include <QTimeZone>

namespace cityops::ui {

class ReadingsModel : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Roles {
        KindRole = Qt::UserRole + 1, ///< core::EntityKind as int
        KindTextRole,
        EntityIdRole,
        NameRole,
        ValuesRole,         ///< latest values with units, as text
        TimeNsRole,         ///< engine time of the latest reading, 0 if none
        AgeSecondsRole,     ///< seconds since the latest reading, -1 if none
        AgeRole,            ///< the age as text
        FreshnessRole,      ///< core::Freshness as int
        FreshnessTextRole,
        ReadingCountRole,   ///< readings received since the engine started
        SearchTextRole,     ///< kind, id and name: what the text filter matches
        SortRole,           ///< a value per column that sorts numerically where it is a number
    };
    Q_ENUM(Roles)

    enum Column { KindColumn, IdColumn, NameColumn, ValuesColumn, AgeColumn, FreshnessColumn, ColumnCount };
    Q_ENUM(Column)

    explicit ReadingsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return m_rows; }
    core::SnapshotPtr snapshot() const { return m_snapshot; }

public Q_SLOTS:
    void applySnapshot(const std::shared_ptr<const cityops::core::CitySnapshot> &snapshot);

Q_SIGNALS:
    void countChanged();

private:
    QVariant columnText(int column, std::uint32_t entity) const;
    QVariant sortValue(int column, std::uint32_t entity) const;

    core::SnapshotPtr m_snapshot;
    int m_rows = 0;
    QTimeZone m_zone;
};

} // namespace cityops::ui
