// RejectionsModel: the engine's recent rejected lines (time, source, reason, the line itself), newest
// first. Fed from engine snapshots as a diff: the engine keeps a bounded window, oldest first, so each
// snapshot appends new rejections and may drop the oldest; the model inserts the new rows at the top and
// removes the dropped ones at the bottom, never resetting.
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

class RejectionsModel : public QAbstractTableModel {
    Q_OBJECT
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Roles {
        TimeNsRole = Qt::UserRole + 1,
        TimeRole,           ///< engine time as text
        SourceRole,
        ReasonRole,         ///< core::RejectReason as int
        ReasonTextRole,
        LineRole,
    };
    Q_ENUM(Roles)

    enum Column { TimeColumn, SourceColumn, ReasonColumn, LineColumn, ColumnCount };
    Q_ENUM(Column)

    explicit RejectionsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    int count() const { return static_cast<int>(m_items.size()); }

public Q_SLOTS:
    void applySnapshot(const std::shared_ptr<const cityops::core::CitySnapshot> &snapshot);

Q_SIGNALS:
    void countChanged();

private:
    const core::Rejection &at(int row) const { return m_items[m_items.size() - 1 - static_cast<std::size_t>(row)]; }

    std::vector<core::Rejection> m_items; ///< oldest first, like the engine; row 0 is the newest
    QTimeZone m_zone;
};

} // namespace cityops::ui
