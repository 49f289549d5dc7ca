#include "replay/recording.h"

#include "store/schema.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace cityops::core {

namespace {

std::int64_t toInt(const std::string &text, std::int64_t fallback)
{
    if (text.empty())
        return fallback;
    char *end = nullptr;
    const long long v = std::strtoll(text.c_str(), &end, 10);
    return end && *end == '\0' ? v : fallback;
}

} // namespace

std::unique_ptr<Recording> Recording::open(const std::string &path, std::string &error)
{
    std::unique_ptr<Recording> rec(new Recording);
    rec->m_reader = RecordingReader::open(path, error);
    if (!rec->m_reader)
        return nullptr;
    sql::Database &db = rec->m_reader->database();
    RecordingInfo &info = rec->m_info;
    info.path = path;
    info.schema = static_cast<int>(db.scalar("PRAGMA user_version", 0));
    std::error_code ec;
    info.bytes = std::filesystem::file_size(path, ec);
    auto fail = [&](const std::string &what) {
        error = "'" + path + "' is damaged: " + what + " (" + db.errorMessage() + ")";
        return nullptr;
    };

    {
        sql::Statement q;
        if (!q.prepare(db, "SELECT key, value FROM meta"))
            return fail("no meta table");
        int rc;
        while ((rc = q.step()) == SQLITE_ROW)
            info.meta[q.text(0)] = q.text(1);
        if (rc != SQLITE_DONE)
            return fail("cannot read its meta table");
    }
    info.scenario = info.meta.count("scenario") ? info.meta["scenario"] : std::string();
    info.alarmIntervalNs = std::max<std::int64_t>(1'000'000'000LL, toInt(info.meta["alarm_interval_ns"], 60'000'000'000LL));

    rec->m_model = readEntities(db, error);
    if (!rec->m_model) {
        error = "'" + path + "': " + error;
        return nullptr;
    }
    if (rec->m_model->size() == 0) {
        error = "'" + path + "' holds no city model (no entities)";
        return nullptr;
    }

    {
        sql::Statement q;
        if (!q.prepare(db, "SELECT t, hash, readings, stale, state IS NOT NULL FROM snapshots ORDER BY t"))
            return fail("no snapshots table");
        int rc;
        while ((rc = q.step()) == SQLITE_ROW)
            rec->m_marks.push_back({q.int64(0), static_cast<std::uint64_t>(q.int64(1)),
                                    static_cast<std::uint64_t>(q.int64(2)), static_cast<std::uint32_t>(q.int64(3)),
                                    q.int64(4) != 0});
        if (rc != SQLITE_DONE)
            return fail("cannot read its state marks");
    }
    {
        sql::Statement q;
        if (!q.prepare(db, "SELECT t FROM events WHERE kind='alarm.raised' ORDER BY t, id"))
            return fail("no events table");
        int rc;
        while ((rc = q.step()) == SQLITE_ROW)
            rec->m_alarmTimes.push_back(q.int64(0));
        if (rc != SQLITE_DONE)
            return fail("cannot read its events");
    }
    sql::Statement range;
    if (!range.prepare(db, "SELECT coalesce(sum(n), 0), min(t0), max(t1) FROM chunks") || range.step() != SQLITE_ROW)
        return fail("cannot read its readings");
    info.readings = static_cast<std::uint64_t>(range.int64(0));
    const bool anyReadings = !range.isNull(1);

    // Where a replay starts: a clip's initial snapshot, else the start of the alarm grid.
    if (info.meta.count("initial_snapshot_ns")) {
        info.startNs = toInt(info.meta["initial_snapshot_ns"], 0);
        info.hasInitialSnapshot = true;
    } else if (info.meta.count("grid_start_ns")) {
        info.startNs = toInt(info.meta["grid_start_ns"], 0);
    } else if (anyReadings) {
        const std::int64_t first = range.int64(1) - 1;
        info.startNs = first - ((first % info.alarmIntervalNs) + info.alarmIntervalNs) % info.alarmIntervalNs;
    } else {
        error = "'" + path + "' holds no readings and no start time: nothing to replay";
        return nullptr;
    }
    info.endNs = info.startNs;
    if (anyReadings)
        info.endNs = std::max(info.endNs, range.int64(2));
    if (!rec->m_marks.empty())
        info.endNs = std::max(info.endNs, rec->m_marks.back().timeNs);
    if (info.meta.count("end_ns"))
        info.endNs = std::max(info.endNs, toInt(info.meta["end_ns"], info.endNs));
    return rec;
}

std::optional<std::uint64_t> Recording::hashAt(std::int64_t timeNs) const
{
    const auto it = std::lower_bound(m_marks.begin(), m_marks.end(), timeNs,
                                     [](const StateMark &m, std::int64_t t) { return m.timeNs < t; });
    if (it == m_marks.end() || it->timeNs != timeNs)
        return std::nullopt;
    return it->hash;
}

bool Recording::snapshotAtOrBefore(std::int64_t timeNs, std::int64_t &snapshotNs, std::string &blob, std::string &error)
{
    sql::Database &db = m_reader->database();
    sql::Statement q;
    if (!q.prepare(db, "SELECT t, state FROM snapshots WHERE t <= ? AND t >= ? AND state IS NOT NULL ORDER BY t DESC LIMIT 1")) {
        error = "cannot read the recording's snapshots: " + db.errorMessage();
        return false;
    }
    q.bind(1, timeNs);
    q.bind(2, m_info.startNs);
    const int rc = q.step();
    if (rc == SQLITE_DONE)
        return false;
    if (rc != SQLITE_ROW) {
        error = "cannot read the recording's snapshots: " + db.errorMessage();
        return false;
    }
    snapshotNs = q.int64(0);
    blob.assign(static_cast<const char *>(q.blob(1)), q.bytes(1));
    return true;
}

std::vector<Event> Recording::events(std::int64_t t0, std::int64_t t1)
{
    return m_reader->events(t0, t1);
}

std::optional<std::int64_t> Recording::nextAlarm(std::int64_t afterNs) const
{
    const auto it = std::upper_bound(m_alarmTimes.begin(), m_alarmTimes.end(), afterNs);
    if (it == m_alarmTimes.end())
        return std::nullopt;
    return *it;
}

std::optional<std::int64_t> Recording::previousAlarm(std::int64_t beforeNs) const
{
    const auto it = std::lower_bound(m_alarmTimes.begin(), m_alarmTimes.end(), beforeNs);
    if (it == m_alarmTimes.begin())
        return std::nullopt;
    return *std::prev(it);
}

std::vector<Bookmark> Recording::bookmarks(int minSeverity)
{
    std::vector<Bookmark> out;
    sql::Database &db = m_reader->database();
    sql::Statement q;
    if (q.prepare(db, "SELECT t, entity, severity, payload FROM events WHERE kind='alarm.raised' AND severity >= ? ORDER BY t, id")) {
        q.bind(1, static_cast<std::int64_t>(minSeverity));
        while (q.step() == SQLITE_ROW) {
            Bookmark b;
            b.timeNs = q.int64(0);
            b.automatic = true;
            b.severity = static_cast<int>(q.int64(2));
            b.author = "engine";
            // The note names the alarm: kind and entity from the event's payload.
            const std::string payload = q.text(3);
            auto value = [&](const char *key) {
                const std::string k = std::string("\"") + key + "\":\"";
                const auto at = payload.find(k);
                if (at == std::string::npos)
                    return std::string();
                const auto end = payload.find('"', at + k.size());
                return payload.substr(at + k.size(), end == std::string::npos ? std::string::npos : end - at - k.size());
            };
            b.note = value("kind") + " " + value("entity");
            out.push_back(std::move(b));
        }
    }
    sql::Statement m;
    if (m.prepare(db, "SELECT id, t, note, author FROM bookmarks ORDER BY t, id"))
        while (m.step() == SQLITE_ROW)
            out.push_back({m.int64(0), m.int64(1), false, m.text(2), m.text(3), 0});
    std::stable_sort(out.begin(), out.end(), [](const Bookmark &a, const Bookmark &b) { return a.timeNs < b.timeNs; });
    return out;
}

std::int64_t Recording::addBookmark(std::int64_t timeNs, const std::string &note, const std::string &author,
                                    std::string &error)
{
    sql::Database db;
    if (!openRecording(db, m_info.path, OpenMode::ReadWrite, error))
        return 0;
    sql::Statement q;
    if (!q.prepare(db, "INSERT INTO bookmarks(t, note, author) VALUES(?,?,?)")) {
        error = "cannot add a bookmark: " + db.errorMessage();
        return 0;
    }
    q.bind(1, timeNs);
    q.bind(2, std::string_view(note));
    q.bind(3, std::string_view(author));
    if (q.step() != SQLITE_DONE) {
        error = "cannot add a bookmark (is the file read-only?): " + db.errorMessage();
        return 0;
    }
    return sqlite3_last_insert_rowid(db.handle());
}

bool Recording::removeBookmark(std::int64_t id, std::string &error)
{
    sql::Database db;
    if (!openRecording(db, m_info.path, OpenMode::ReadWrite, error))
        return false;
    sql::Statement q;
    if (!q.prepare(db, "DELETE FROM bookmarks WHERE id=?")) {
        error = "cannot remove the bookmark: " + db.errorMessage();
        return false;
    }
    q.bind(1, id);
    if (q.step() != SQLITE_DONE) {
        error = "cannot remove the bookmark: " + db.errorMessage();
        return false;
    }
    return sqlite3_changes(db.handle()) > 0 || (error = "no bookmark " + std::to_string(id), false);
}

std::vector<Gap> Recording::gaps(double coverage, std::int64_t minNs) const
{
    std::vector<Gap> out;
    if (m_marks.empty())
        return out;
    std::vector<std::uint64_t> counts;
    counts.reserve(m_marks.size());
    for (const StateMark &m : m_marks)
        counts.push_back(m.readings);
    std::nth_element(counts.begin(), counts.begin() + static_cast<std::ptrdiff_t>(counts.size() / 2), counts.end());
    const double usual = static_cast<double>(counts[counts.size() / 2]);
    if (usual <= 0)
        return out;
    const std::int64_t step = m_info.alarmIntervalNs;
    // Each mark covers the minute before it; a missing mark is a minute with nothing at all.
    std::optional<Gap> open;
    auto extend = [&](std::int64_t from, std::int64_t to, double share) {
        if (open && open->toNs >= from) {
            open->toNs = to;
            open->coverage = std::min(open->coverage, share);
            return;
        }
        if (open && open->toNs - open->fromNs >= minNs)
            out.push_back(*open);
        open = Gap{from, to, share};
    };
    std::int64_t previous = m_info.startNs;
    for (const StateMark &m : m_marks) {
        if (m.timeNs <= m_info.startNs) {
            previous = m.timeNs;
            continue;
        }
        if (m.timeNs - previous > step)
            extend(previous, m.timeNs - step, 0.0);
        const double share = static_cast<double>(m.readings) / usual;
        if (share < coverage)
            extend(m.timeNs - step, m.timeNs, share);
        previous = m.timeNs;
    }
    if (open && open->toNs - open->fromNs >= minNs)
        out.push_back(*open);
    return out;
}

} // namespace cityops::core
