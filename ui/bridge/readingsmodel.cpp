#include "readingsmodel.h"

#include "display.h"
#include "model/citymodel.h"

#include <algorithm>
#include <cstring>

namespace cityops::ui {

namespace {

bool sameState(const core::EntityState &a, const core::EntityState &b)
{
    return a.timeNs == b.timeNs && a.fieldMask == b.fieldMask && a.freshness == b.freshness
        && a.readings == b.readings && std::memcmp(a.values, b.values, sizeof a.values) == 0;
}

// Changed rows closer than this are reported in one dataChanged: fewer signals for the views and proxies
// to digest, at the price of repainting a few unchanged rows.
constexpr int kMergeGap = 16;

} // namespace

ReadingsModel::ReadingsModel(QObject *parent)
    : QAbstractTableModel(parent), m_zone(QTimeZone::systemTimeZone())
{
}

int ReadingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int ReadingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReadingsModel::columnText(int column, std::uint32_t entity) const
{
    const core::Entity &e = m_snapshot->model->entity(entity);
    const core::EntityState &s = m_snapshot->entities[entity];
    switch (column) {
    case KindColumn: return Display::kind(e.kind);
    case IdColumn: return QString::fromStdString(e.id);
    case NameColumn: return Display::entityName(e);
    case ValuesColumn: return Display::values(e.kind, s);
    case AgeColumn: return s.readings == 0 ? tr("never") : Display::age(m_snapshot->timeNs - s.timeNs);
    case FreshnessColumn: return Display::freshness(s.freshness);
    }
    return {};
}

QVariant ReadingsModel::sortValue(int column, std::uint32_t entity) const
{
    const core::Entity &e = m_snapshot->model->entity(entity);
    const core::EntityState &s = m_snapshot->entities[entity];
    switch (column) {
    case KindColumn: return static_cast<int>(e.kind);
    case IdColumn: return QString::fromStdString(e.id);
    case NameColumn: return Display::entityName(e);
    case ValuesColumn: return s.fieldMask ? s.values[0] : -1e300;
    // Sensors that never reported sort as the oldest.
    case AgeColumn: return s.readings == 0 ? 1e300 : static_cast<double>(m_snapshot->timeNs - s.timeNs) / 1e9;
    case FreshnessColumn: return static_cast<int>(s.freshness);
    }
    return {};
}

QVariant ReadingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_snapshot)
        return {};
    const auto entity = static_cast<std::uint32_t>(index.row());
    const core::Entity &e = m_snapshot->model->entity(entity);
    const core::EntityState &s = m_snapshot->entities[entity];
    switch (role) {
    case Qt::DisplayRole: return columnText(index.column(), entity);
    case Qt::ToolTipRole:
        if (index.column() == AgeColumn && s.readings > 0)
            return tr("Last reading at %1").arg(Display::dateTime(s.timeNs, m_zone));
        return columnText(index.column(), entity);
    case Qt::TextAlignmentRole:
        if (index.column() == AgeColumn)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
    case KindRole: return static_cast<int>(e.kind);
    case KindTextRole: return Display::kind(e.kind);
    case EntityIdRole: return QString::fromStdString(e.id);
    case NameRole: return Display::entityName(e);
    case ValuesRole: return Display::values(e.kind, s);
    case TimeNsRole: return static_cast<qlonglong>(s.timeNs);
    case AgeSecondsRole:
        return s.readings == 0 ? -1.0 : static_cast<double>(m_snapshot->timeNs - s.timeNs) / 1e9;
    case AgeRole: return columnText(AgeColumn, entity);
    case FreshnessRole: return static_cast<int>(s.freshness);
    case FreshnessTextRole: return Display::freshness(s.freshness);
    case ReadingCountRole: return static_cast<qulonglong>(s.readings);
    case SearchTextRole:
        return Display::kind(e.kind) + QLatin1Char('\n') + QString::fromStdString(e.id) + QLatin1Char('\n')
            + QString::fromStdString(e.name) + QLatin1Char('\n') + QString::fromStdString(e.nameZh);
    case SortRole: return sortValue(index.column(), entity);
    default: return {};
    }
}

QVariant ReadingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KindColumn: return tr("Kind");
    case IdColumn: return tr("ID");
    case NameColumn: return tr("Name");
    case ValuesColumn: return tr("Latest values");
    case AgeColumn: return tr("Age");
    case FreshnessColumn: return tr("Freshness");
    }
    return {};
}

QHash<int, QByteArray> ReadingsModel::roleNames() const
{
    return {
        {KindRole, "kind"},
        {KindTextRole, "kindText"},
        {EntityIdRole, "entityId"},
        {NameRole, "name"},
        {ValuesRole, "values"},
        {TimeNsRole, "timeNs"},
        {AgeSecondsRole, "ageSeconds"},
        {AgeRole, "age"},
        {FreshnessRole, "freshness"},
        {FreshnessTextRole, "freshnessText"},
        {ReadingCountRole, "readingCount"},
    };
}

void ReadingsModel::applySnapshot(const std::shared_ptr<const core::CitySnapshot> &snapshot)
{
    if (!snapshot || !snapshot->model || snapshot->entities.size() != snapshot->model->size())
        return;
    const core::SnapshotPtr previous = m_snapshot;
    const int rows = static_cast<int>(snapshot->entities.size());

    if (!previous || previous->model != snapshot->model) {
        // A new city: the only time rows change.
        m_zone = Display::cityZone(*snapshot->model);
        if (m_rows == 0) {
            if (rows > 0) {
                beginInsertRows({}, 0, rows - 1);
                m_snapshot = snapshot;
                m_rows = rows;
                endInsertRows();
                Q_EMIT countChanged();
            } else {
                m_snapshot = snapshot;
            }
        } else {
            beginResetModel();
            m_snapshot = snapshot;
            m_rows = rows;
            endResetModel();
            Q_EMIT countChanged();
        }
        return;
    }

    m_snapshot = snapshot;
    int runStart = -1, runEnd = -1;
    for (int row = 0; row < rows; ++row) {
        const auto k = static_cast<std::size_t>(row);
        if (sameState(previous->entities[k], snapshot->entities[k]))
            continue;
        if (runStart >= 0 && row - runEnd > kMergeGap) {
            Q_EMIT dataChanged(index(runStart, 0), index(runEnd, ColumnCount - 1));
            runStart = -1;
        }
        if (runStart < 0)
            runStart = row;
        runEnd = row;
    }
    if (runStart >= 0)
        Q_EMIT dataChanged(index(runStart, 0), index(runEnd, ColumnCount - 1));

    // Ages move with engine time for every row; shown in whole seconds, so once a second is enough. The
    // range spans every column because list views (QML) read the age roles from column 0.
    if (rows > 0 && snapshot->timeNs / 1'000'000'000 != previous->timeNs / 1'000'000'000)
        Q_EMIT dataChanged(index(0, 0), index(rows - 1, ColumnCount - 1),
                         {Qt::DisplayRole, Qt::ToolTipRole, AgeRole, AgeSecondsRole, SortRole});
}

} // namespace cityops::ui
