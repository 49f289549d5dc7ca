// AlarmsModel: the engine's alarms as operators work them: open ones (active, then acknowledged) and the
// recently cleared, one row per alarm with severity, state, kind, place, raised time, value against its
// threshold, and who acknowledged it. Fed from engine snapshots as a diff keyed by the alarm id: rows are
// inserted, changed and removed, never reset, so selections and sorting survive the 4 Hz updates.
// newCritical() fires once for each critical alarm the model has not seen before (not for the ones present
// in the first snapshot, which the operator sees at once anyway).
//
// Threading: GUI thread only (applySnapshot is connected to EngineBridge::snapshotChanged).
#pragma once

#include "snapshotmetatype.h"

#include "alarms/alarm.h"
#include "state/snapshot.h"

#include <QAbstractTableModel>
#include <QTimeZone>

#include <unordered_map>
#include <vector>

namespace cityops::ui {

class AlarmsModel : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)
    Q_PROPERTY(int openCount READ openCount NOTIFY countChanged)

public:
    enum Roles {
        AlarmIdRole = Qt::UserRole + 1,
        EntityRole,     ///< model index of the place
        SeverityRole,   ///< core::AlarmSeverity as int
        StateRole,      ///< core::AlarmState as int
        KindRole,       ///< core::AlarmKind as int
        RaisedNsRole,
        SortRole,       ///< what the column sorts by
    };
    Q_ENUM(Roles)

    enum Column { SeverityColumn, StateColumn, KindColumn, PlaceColumn, RaisedColumn, ValueColumn, AckColumn, ColumnCount };
    Q_ENUM(Column)

    explicit AlarmsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(m_rows.size()); }
    int openCount() const;
    const core::Alarm &alarm(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    /// The row of an alarm id, or -1.
    int rowOf(std::uint64_t id) const;

    static QString severityText(core::AlarmSeverity severity);
    static QString stateText(core::AlarmState state);
    static QString kindText(core::AlarmKind kind);

public Q_SLOTS:
    void applySnapshot(const std::shared_ptr<const cityops::core::CitySnapshot> &snapshot);

Q_SIGNALS:
    void countChanged();
    void newCritical(quint64 id, const QString &text);

private:
    QString place(const core::Alarm &alarm) const;
    QString valueText(const core::Alarm &alarm) const;

    std::vector<core::Alarm> m_rows; ///< in the order first seen
    std::shared_ptr<const core::CityModel> m_model;
    QTimeZone m_zone;
    bool m_seenFirst = false;
};

} // namespace cityops::ui
