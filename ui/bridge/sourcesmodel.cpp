#include "sourcesmodel.h"

#include "display.h"
#include "model/citymodel.h"

#include <algorithm>

namespace cityops::ui {

namespace {

bool sameCounters(const core::SourceCounters &a, const core::SourceCounters &b)
{
    return a.name == b.name && a.lines == b.lines && a.accepted == b.accepted && a.bytes == b.bytes
        && a.lastSeenNs == b.lastSeenNs && a.connections == b.connections
        && std::equal(std::begin(a.rejected), std::end(a.rejected), std::begin(b.rejected));
}

} // namespace

SourcesModel::SourcesModel(QObject *parent)
    : QAbstractTableModel(parent), m_zone(QTimeZone::systemTimeZone())
{
}

int SourcesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : count();
}

int SourcesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SourcesModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const core::SourceCounters &s = m_sources[static_cast<std::size_t>(index.row())];
    switch (role) {
    case NameRole: return QString::fromStdString(s.name);
    case ConnectionsRole: return s.connections;
    case LinesRole: return static_cast<qulonglong>(s.lines);
    case AcceptedRole: return static_cast<qulonglong>(s.accepted);
    case RejectedRole: return static_cast<qulonglong>(s.rejectedTotal());
    case BytesRole: return static_cast<qulonglong>(s.bytes);
    case LastSeenNsRole: return static_cast<qlonglong>(s.lastSeenNs);
    case LastSeenRole: return Display::time(s.lastSeenNs, m_zone);
    case SortRole:
        switch (index.column()) {
        case NameColumn: return QString::fromStdString(s.name);
        case ConnectionsColumn: return s.connections;
        case LinesColumn: return static_cast<qulonglong>(s.lines);
        case AcceptedColumn: return static_cast<qulonglong>(s.accepted);
        case RejectedColumn: return static_cast<qulonglong>(s.rejectedTotal());
        case BytesColumn: return static_cast<qulonglong>(s.bytes);
        case LastSeenColumn: return static_cast<qlonglong>(s.lastSeenNs);
        }
        return {};
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        switch (index.column()) {
        case NameColumn: return Display::sourceName(s.name);
        case ConnectionsColumn: return Display::count(static_cast<std::uint64_t>(std::max(0, s.connections)));
        case LinesColumn: return Display::count(s.lines);
        case AcceptedColumn: return Display::count(s.accepted);
        case RejectedColumn: return Display::count(s.rejectedTotal());
        case BytesColumn: return Display::bytes(s.bytes);
        case LastSeenColumn: return Display::time(s.lastSeenNs, m_zone);
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == NameColumn)
            return QVariant::fromValue(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    default:
        return {};
    }
}

QVariant SourcesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case ConnectionsColumn: return tr("Open TCP connections from this source");
        case LinesColumn: return tr("Non-blank lines received");
        case AcceptedColumn: return tr("Readings accepted into the live state");
        case RejectedColumn: return tr("Lines rejected (see Recent rejections)");
        case LastSeenColumn: return tr("Engine time of the last line from this source");
        default: return {};
        }
    }
    switch (section) {
    case NameColumn: return tr("Source");
    case ConnectionsColumn: return tr("Connections");
    case LinesColumn: return tr("Lines");
    case AcceptedColumn: return tr("Accepted");
    case RejectedColumn: return tr("Rejected");
    case BytesColumn: return tr("Bytes");
    case LastSeenColumn: return tr("Last seen");
    }
    return {};
}

QHash<int, QByteArray> SourcesModel::roleNames() const
{
    return {
        {NameRole, "name"},
        {ConnectionsRole, "connections"},
        {LinesRole, "lines"},
        {AcceptedRole, "accepted"},
        {RejectedRole, "rejected"},
        {BytesRole, "bytes"},
        {LastSeenNsRole, "lastSeenNs"},
        {LastSeenRole, "lastSeen"},
    };
}

void SourcesModel::applySnapshot(const std::shared_ptr<const core::CitySnapshot> &snapshot)
{
    if (!snapshot)
        return;
    if (snapshot->model)
        m_zone = Display::cityZone(*snapshot->model);
    const auto &incoming = snapshot->sources;
    const std::size_t old = m_sources.size();

    // The engine only appends sources and never renames one; anything else means a different engine.
    const bool sameEngine = incoming.size() >= old
        && std::equal(m_sources.begin(), m_sources.end(), incoming.begin(),
                      [](const auto &a, const auto &b) { return a.name == b.name; });
    if (!sameEngine) {
        beginResetModel();
        m_sources = incoming;
        endResetModel();
        Q_EMIT countChanged();
        return;
    }

    // dataChanged per run of consecutive changed rows.
    int runStart = -1;
    auto flush = [&](int end) {
        if (runStart >= 0)
            Q_EMIT dataChanged(index(runStart, 0), index(end, ColumnCount - 1));
        runStart = -1;
    };
    for (std::size_t k = 0; k < old; ++k) {
        const int row = static_cast<int>(k);
        if (!sameCounters(m_sources[k], incoming[k])) {
            m_sources[k] = incoming[k];
            if (runStart < 0)
                runStart = row;
        } else {
            flush(row - 1);
        }
    }
    flush(static_cast<int>(old) - 1);

    if (incoming.size() > old) {
        beginInsertRows({}, static_cast<int>(old), static_cast<int>(incoming.size()) - 1);
        m_sources.insert(m_sources.end(), incoming.begin() + static_cast<std::ptrdiff_t>(old), incoming.end());
        endInsertRows();
        Q_EMIT countChanged();
    }
}

} // namespace cityops::ui
