#include "rejectionsmodel.h"

#include "display.h"
#include "model/citymodel.h"

#include <algorithm>

namespace cityops::ui {

namespace {

bool sameRejection(const core::Rejection &a, const core::Rejection &b)
{
    return a.timeNs == b.timeNs && a.reason == b.reason && a.source == b.source && a.line == b.line;
}

} // namespace

RejectionsModel::RejectionsModel(QObject *parent)
    : QAbstractTableModel(parent), m_zone(QTimeZone::systemTimeZone())
{
}

int RejectionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

int RejectionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RejectionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::Rejection &r = at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case TimeColumn:
            return role == Qt::ToolTipRole ? Display::dateTime(r.timeNs, m_zone) : Display::time(r.timeNs, m_zone);
        case SourceColumn: return QString::fromStdString(r.source);
        case ReasonColumn: return Display::rejectReason(r.reason);
        case LineColumn: return QString::fromStdString(r.line);
        }
        return {};
    case TimeNsRole: return static_cast<qlonglong>(r.timeNs);
    case TimeRole: return Display::time(r.timeNs, m_zone);
    case SourceRole: return QString::fromStdString(r.source);
    case ReasonRole: return static_cast<int>(r.reason);
    case ReasonTextRole: return Display::rejectReason(r.reason);
    case LineRole: return QString::fromStdString(r.line);
    default: return {};
    }
}

QVariant RejectionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case SourceColumn: return tr("Source");
    case ReasonColumn: return tr("Reason");
    case LineColumn: return tr("Line");
    }
    return {};
}

QHash<int, QByteArray> RejectionsModel::roleNames() const
{
    return {
        {TimeNsRole, "timeNs"},
        {TimeRole, "time"},
        {SourceRole, "source"},
        {ReasonRole, "reason"},
        {ReasonTextRole, "reasonText"},
        {LineRole, "line"},
    };
}

void RejectionsModel::applySnapshot(const std::shared_ptr<const core::CitySnapshot> &snapshot)
{
    if (!snapshot)
        return;
    if (snapshot->model)
        m_zone = Display::cityZone(*snapshot->model);
    const auto &incoming = snapshot->recentRejections;
    const std::size_t old = m_items.size();

    // Find how many of our oldest entries the engine dropped: the fewest k such that what we still have
    // (m_items[k..]) is where the incoming window starts. k == old (all dropped) always matches.
    std::size_t dropped = old;
    for (std::size_t k = 0; k < old; ++k) {
        const std::size_t kept = old - k;
        if (kept <= incoming.size()
            && std::equal(m_items.begin() + static_cast<std::ptrdiff_t>(k), m_items.end(), incoming.begin(),
                          sameRejection)) {
            dropped = k;
            break;
        }
    }
    const std::size_t kept = old - dropped;
    const std::size_t added = incoming.size() - kept;
    if (dropped == 0 && added == 0)
        return;

    if (dropped > 0) {
        // The oldest entries are the bottom rows.
        beginRemoveRows({}, static_cast<int>(kept), static_cast<int>(old) - 1);
        m_items.erase(m_items.begin(), m_items.begin() + static_cast<std::ptrdiff_t>(dropped));
        endRemoveRows();
    }
    if (added > 0) {
        beginInsertRows({}, 0, static_cast<int>(added) - 1);
        m_items.insert(m_items.end(), incoming.begin() + static_cast<std::ptrdiff_t>(kept), incoming.end());
        endInsertRows();
    }
    Q_EMIT countChanged();
}

} // namespace cityops::ui
