#include "replay/clip.h"

#include "replay/recording.h"
#include "store/chunkcodec.h"
#include "store/schema.h"

#include <algorithm>
#include <filesystem>
#include <map>

namespace cityops::core {

ClipResult cutClip(const std::string &source, const std::string &target, std::int64_t fromNs, std::int64_t toNs)
{
    namespace fs = std::filesystem;
    ClipResult result;
    std::error_code ec;
    if (fs::exists(target, ec)) {
        result.error = "'" + target + "' exists already; a clip is written to a new file";
        return result;
    }
    auto recording = Recording::open(source, result.error);
    if (!recording)
        return result;
    fromNs = std::max(fromNs, recording->startNs());
    toNs = std::min(toNs, recording->endNs());
    if (toNs <= fromNs) {
        result.error = "the clip's window is empty or outside the recording";
        return result;
    }
    // The clip starts from a stored state: the latest at or before its window (or the recording's start).
    std::int64_t start = recording->startNs();
    std::string blob;
    const bool haveSnapshot = recording->snapshotAtOrBefore(fromNs, start, blob, result.error);
    if (!result.error.empty())
        return result;
    if (!haveSnapshot)
        start = recording->startNs();

    sql::Database db;
    if (!openRecording(db, target, OpenMode::Create, result.error))
        return result;
    if (!writeEntities(db, *recording->model(), result.error))
        return result;
    auto fail = [&](const std::string &what) {
        result.error = what + ": " + db.errorMessage();
        std::string ignored;
        db.exec("ROLLBACK", ignored);
        db.close();
        fs::remove(target, ec);
        return result;
    };
    if (!db.exec("BEGIN", result.error))
        return fail("cannot write the clip");

    // Meta: the source's, then where the clip came from and where its replay starts.
    sql::Statement meta;
    if (!meta.prepare(db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?,?)"))
        return fail("cannot write the clip's meta");
    auto putMeta = [&](const std::string &key, const std::string &value) {
        meta.reset();
        meta.bind(1, std::string_view(key));
        meta.bind(2, std::string_view(value));
        return meta.step() == SQLITE_DONE;
    };
    bool ok = true;
    for (const auto &[key, value] : recording->info().meta)
        if (key != "max_chunk_span_ns" && key != "initial_snapshot_ns" && key != "end_ns")
            ok = ok && putMeta(key, value);
    ok = ok && putMeta("clip_of", fs::path(source).filename().string()) && putMeta("clip_from_ns", std::to_string(fromNs)) &&
         putMeta("clip_to_ns", std::to_string(toNs)) && putMeta("end_ns", std::to_string(toNs));
    if (haveSnapshot)
        ok = ok && putMeta("initial_snapshot_ns", std::to_string(start));
    else
        ok = ok && putMeta("grid_start_ns", std::to_string(recording->startNs()));
    if (!ok)
        return fail("cannot write the clip's meta");

    // Readings in (start, to], re-chunked per sensor and per 10 minutes (keeps seeks inside the clip short).
    std::vector<Reading> readings;
    if (!recording->reader().readingsBetween(start, toNs, readings, result.error)) {
        db.close();
        fs::remove(target, ec);
        return result;
    }
    result.readings = readings.size();
    constexpr std::int64_t kChunkNs = 10LL * 60'000'000'000LL;
    std::map<std::tuple<std::int64_t, std::uint32_t, int>, std::vector<Reading>> groups;
    for (const Reading &r : readings)
        groups[{(r.timeNs - start - 1) / kChunkNs, r.entity, static_cast<int>(r.measurement)}].push_back(r);
    sql::Statement chunk;
    if (!chunk.prepare(db, "INSERT INTO chunks(entity, measurement, t0, t1, n, data) VALUES(?,?,?,?,?,?)"))
        return fail("cannot write the clip's readings");
    std::string data;
    std::int64_t maxSpan = 0;
    for (const auto &[key, group] : groups) {
        data.clear();
        encodeChunk(group, group.front().timeNs, data);
        chunk.reset();
        chunk.bind(1, static_cast<std::int64_t>(group.front().entity));
        chunk.bind(2, static_cast<std::int64_t>(group.front().measurement));
        chunk.bind(3, group.front().timeNs);
        chunk.bind(4, group.back().timeNs);
        chunk.bind(5, static_cast<std::int64_t>(group.size()));
        chunk.bindBlob(6, data.data(), data.size());
        if (chunk.step() != SQLITE_DONE)
            return fail("cannot write the clip's readings");
        maxSpan = std::max(maxSpan, group.back().timeNs - group.front().timeNs);
    }
    if (!putMeta("max_chunk_span_ns", std::to_string(maxSpan)))
        return fail("cannot write the clip's meta");

    // State marks and snapshots from the start, events after it, bookmarks inside the window: the source
    // is attached so that one statement copies each table.
    std::string error;
    if (!db.exec("COMMIT", error))
        return fail("cannot write the clip");
    {
        sql::Statement att;
        if (!att.prepare(db, "ATTACH DATABASE ? AS src"))
            return fail("cannot read the source");
        att.bind(1, std::string_view(source));
        if (att.step() != SQLITE_DONE)
            return fail("cannot attach the source");
    }
    sql::Statement copy;
    auto run = [&](const char *sql, std::uint64_t *count) {
        if (!copy.prepare(db, sql))
            return false;
        copy.bind(1, start);
        copy.bind(2, toNs);
        if (copy.step() != SQLITE_DONE)
            return false;
        if (count)
            *count = static_cast<std::uint64_t>(sqlite3_changes(db.handle()));
        return true;
    };
    if (!db.exec("BEGIN", error) ||
        !run("INSERT INTO snapshots SELECT * FROM src.snapshots WHERE t >= ?1 AND t <= ?2", &result.states) ||
        !run("INSERT INTO events(t, kind, entity, severity, actor, payload) SELECT t, kind, entity, severity, actor, payload "
             "FROM src.events WHERE (t > ?1 OR (t = ?1 AND kind IN ('alarm.acknowledged', 'flood.forecast'))) AND t <= ?2 ORDER BY t, id",
             &result.events) ||
        !run("INSERT INTO bookmarks(t, note, author) SELECT t, note, author FROM src.bookmarks WHERE t >= ?1 AND t <= ?2 "
             "ORDER BY t, id",
             nullptr))
        return fail("cannot copy states and events into the clip");
    copy = sql::Statement();
    if (!db.exec("COMMIT; DETACH DATABASE src;", error))
        return fail("cannot write the clip");
    db.close();
    result.ok = true;
    result.startNs = start;
    result.endNs = toNs;
    result.bytes = fs::file_size(target, ec);
    return result;
}

} // namespace cityops::core
