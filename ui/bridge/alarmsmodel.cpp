#include "alarmsmodel.h"

#include "display.h"

#include "model/citymodel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>

#include <algorithm>
#include <unordered_set>

namespace cityops::ui {

AlarmsModel::AlarmsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

int AlarmsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

int AlarmsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

int AlarmsModel::openCount() const
{
    return static_cast<int>(std::count_if(m_rows.begin(), m_rows.end(),
                                          [](const core::Alarm &a) { return a.state != core::AlarmState::Cleared; }));
}

int AlarmsModel::rowOf(std::uint64_t id) const
{
    for (std::size_t k = 0; k < m_rows.size(); ++k)
        if (m_rows[k].id == id)
            return static_cast<int>(k);
    return -1;
}

QString AlarmsModel::severityText(core::AlarmSeverity severity)
{
    switch (severity) {
    case core::AlarmSeverity::Info: return tr("Info");
    case core::AlarmSeverity::Warning: return tr("Warning");
    case core::AlarmSeverity::Critical: return tr("Critical");
    }
    return {};
}

QString AlarmsModel::stateText(core::AlarmState state)
{
    switch (state) {
    case core::AlarmState::Active: return tr("Active");
    case core::AlarmState::Acknowledged: return tr("Acknowledged");
    case core::AlarmState::Cleared: return tr("Cleared");
    }
    return {};
}

QString AlarmsModel::kindText(core::AlarmKind kind)
{
    switch (kind) {
    case core::AlarmKind::SlowTraffic: return tr("Slow traffic");
    case core::AlarmKind::ParkingFull: return tr("Car park full");
    case core::AlarmKind::WaterLevel: return tr("High water");
    case core::AlarmKind::Ponding: return tr("Water on road");
    case core::AlarmKind::ServiceWait: return tr("Service wait");
    case core::AlarmKind::StaleSensor: return tr("Stale sensor");
    case core::AlarmKind::Incident: return tr("Suspected incident");
    case core::AlarmKind::FloodForecast: return tr("Road predicted impassable");
    }
    return {};
}

QString AlarmsModel::place(const core::Alarm &alarm) const
{
    if (!m_model || alarm.entity >= m_model->size())
        return QString::number(alarm.entity);
    const core::Entity &e = m_model->entity(alarm.entity);
    const QString name = Display::entityName(e);
    const QString id = QString::fromStdString(e.id);
    return name.isEmpty() ? id : QStringLiteral("%1 %2").arg(id, name);
}

QString AlarmsModel::valueText(const core::Alarm &alarm) const
{
    const QLocale locale;
    auto n = [&](double v, int decimals) { return locale.toString(v, 'f', decimals); };
    switch (alarm.kind) {
    case core::AlarmKind::SlowTraffic:
        return tr("%1 km/h (alarm below %2)").arg(n(alarm.value, 0), n(alarm.threshold, 0));
    case core::AlarmKind::Incident:
        return tr("%1 km/h here (alarm below %2), flowing downstream").arg(n(alarm.value, 0), n(alarm.threshold, 0));
    case core::AlarmKind::ParkingFull:
        return tr("%1% full (limit %2%)").arg(n(alarm.value * 100.0, 0), n(alarm.threshold * 100.0, 0));
    case core::AlarmKind::Ponding:
        return tr("%1 m deep (impassable over %2 m)").arg(n(alarm.value, 2), n(alarm.threshold, 2));
    case core::AlarmKind::WaterLevel:
        return tr("%1 m (warning %2 m)").arg(n(alarm.value, 2), n(alarm.threshold, 2));
    case core::AlarmKind::ServiceWait:
        return tr("%1 min (target %2 min)").arg(n(alarm.value, 0), n(alarm.threshold, 0));
    case core::AlarmKind::StaleSensor:
        return tr("silent for %1").arg(Display::age(static_cast<std::int64_t>(alarm.value * 1e9)));
    case core::AlarmKind::FloodForecast:
        // The lead time: minutes until the flood prediction has the road over the threshold.
        return alarm.value < 0.5 ? tr("over %1 m now (flood prediction)").arg(n(alarm.threshold, 2))
                                 : tr("over %1 m in %2 min (flood prediction)").arg(n(alarm.threshold, 2), n(alarm.value, 0));
    }
    return {};
}

QVariant AlarmsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= count())
        return {};
    const core::Alarm &a = m_rows[static_cast<std::size_t>(index.row())];
    switch (role) {
    case AlarmIdRole: return QVariant::fromValue<quint64>(a.id);
    case EntityRole: return static_cast<int>(a.entity);
    case SeverityRole: return static_cast<int>(a.severity);
    case StateRole: return static_cast<int>(a.state);
    case KindRole: return static_cast<int>(a.kind);
    case RaisedNsRole: return QVariant::fromValue<qint64>(a.raisedNs);
    case SortRole:
        switch (index.column()) {
        case SeverityColumn: return static_cast<int>(a.severity);
        case StateColumn: return static_cast<int>(a.state);
        case RaisedColumn: return QVariant::fromValue<qint64>(a.raisedNs);
        case ValueColumn: return a.value;
        default: return data(index, Qt::DisplayRole);
        }
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn: return severityText(a.severity);
        case StateColumn: return stateText(a.state);
        case KindColumn: return kindText(a.kind);
        case PlaceColumn: return place(a);
        case RaisedColumn: return Display::time(a.raisedNs, m_zone);
        case ValueColumn: return valueText(a);
        case AckColumn:
            return a.acknowledgedBy.empty() ? QString()
                                            : tr("%1 at %2").arg(QString::fromStdString(a.acknowledgedBy),
                                                                 Display::time(a.acknowledgedNs, m_zone));
        }
        return {};
    case Qt::ForegroundRole:
        if (a.state == core::AlarmState::Cleared)
            return QBrush(QColor(0x8a, 0x93, 0x9c));
        if (index.column() == SeverityColumn && a.severity == core::AlarmSeverity::Critical)
            return QBrush(QColor(0xff, 0xff, 0xff));
        return {};
    case Qt::BackgroundRole:
        if (index.column() == SeverityColumn && a.state != core::AlarmState::Cleared) {
            if (a.severity == core::AlarmSeverity::Critical)
                return QBrush(QColor(0xc6, 0x28, 0x28));
            if (a.severity == core::AlarmSeverity::Warning)
                return QBrush(QColor(0xff, 0xc1, 0x07, 0x90));
        }
        return {};
    case Qt::FontRole:
        if (a.state == core::AlarmState::Active) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    case Qt::ToolTipRole:
        if (index.column() == ValueColumn || index.column() == PlaceColumn)
            return data(index, Qt::DisplayRole);
        return {};
    }
    return {};
}

QVariant AlarmsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case StateColumn: return tr("State");
    case KindColumn: return tr("Alarm");
    case PlaceColumn: return tr("Place");
    case RaisedColumn: return tr("Raised");
    case ValueColumn: return tr("Value");
    case AckColumn: return tr("Acknowledged by");
    }
    return {};
}

QHash<int, QByteArray> AlarmsModel::roleNames() const
{
    auto names = QAbstractTableModel::roleNames();
    names.insert(AlarmIdRole, "alarmId");
    names.insert(EntityRole, "entity");
    names.insert(SeverityRole, "severity");
    names.insert(StateRole, "alarmState");
    names.insert(KindRole, "kind");
    names.insert(RaisedNsRole, "raisedNs");
    return names;
}

void AlarmsModel::applySnapshot(const std::shared_ptr<const core::CitySnapshot> &snapshot)
{
    if (!snapshot)
        return;
    if (snapshot->model != m_model) {
        m_model = snapshot->model;
        if (m_model)
            m_zone = Display::cityZone(*m_model);
    }
    const int before = count();
    const int openBefore = openCount();
    std::unordered_map<std::uint64_t, const core::Alarm *> incoming;
    for (const core::Alarm &a : snapshot->alarms)
        incoming.emplace(a.id, &a);

    // Alarms the engine no longer reports leave, from the bottom up so row numbers stay valid.
    for (int row = count() - 1; row >= 0; --row) {
        if (incoming.count(m_rows[static_cast<std::size_t>(row)].id))
            continue;
        beginRemoveRows({}, row, row);
        m_rows.erase(m_rows.begin() + row);
        endRemoveRows();
    }
    // Changes in place.
    std::unordered_set<std::uint64_t> known;
    for (std::size_t row = 0; row < m_rows.size(); ++row) {
        core::Alarm &mine = m_rows[row];
        known.insert(mine.id);
        const core::Alarm &now = *incoming.at(mine.id);
        if (now.state != mine.state || now.value != mine.value || now.acknowledgedBy != mine.acknowledgedBy
            || now.severity != mine.severity || now.clearedNs != mine.clearedNs) {
            mine = now;
            Q_EMIT dataChanged(index(static_cast<int>(row), 0), index(static_cast<int>(row), ColumnCount - 1));
        }
    }
    // New alarms at the bottom (the views sort).
    std::vector<const core::Alarm *> added;
    for (const core::Alarm &a : snapshot->alarms)
        if (!known.count(a.id))
            added.push_back(&a);
    if (!added.empty()) {
        beginInsertRows({}, count(), count() + static_cast<int>(added.size()) - 1);
        for (const core::Alarm *a : added)
            m_rows.push_back(*a);
        endInsertRows();
        if (m_seenFirst)
            for (const core::Alarm *a : added)
                if (a->severity == core::AlarmSeverity::Critical && a->state == core::AlarmState::Active)
                    Q_EMIT newCritical(a->id, QStringLiteral("%1: %2").arg(kindText(a->kind), place(*a)));
    }
    m_seenFirst = true;
    if (count() != before || openCount() != openBefore)
        Q_EMIT countChanged();
}

} // namespace cityops::ui
