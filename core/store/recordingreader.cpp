#include "store/recordingreader.h"

#include "store/chunkcodec.h"
#include "store/schema.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace cityops::core {

std::unique_ptr<RecordingReader> RecordingReader::open(const std::string &path, std::string &error)
{
    std::unique_ptr<RecordingReader> reader(new RecordingReader);
    if (!openRecording(reader->m_db, path, OpenMode::ReadOnly, error))
        return nullptr;
    // History queries jump between one sensor's chunks, which sit one commit apart in the file: mapped
    // pages are about twice as fast as read() for that pattern (bench history). Address space only.
    std::string ignored;
    reader->m_db.exec("PRAGMA mmap_size=4294967296", ignored);
    return reader;
}

bool RecordingReader::readings(std::uint32_t entity, Measurement m, std::int64_t t0, std::int64_t t1,
                               std::vector<Reading> &out, std::string &error)
{
    sql::Statement q;
    // In the index's order (entity, t1): ordering by t0 would make SQLite sort the rows, blobs and all, in a
    // temporary B-tree. The readings are put in time order below.
    if (!q.prepare(m_db, "SELECT t0, n, data FROM chunks WHERE entity=? AND measurement=? AND t1>=? AND t0<=? ORDER BY t1")) {
        error = m_db.errorMessage();
        return false;
    }
    q.bind(1, static_cast<std::int64_t>(entity));
    q.bind(2, static_cast<std::int64_t>(m));
    q.bind(3, t0);
    q.bind(4, t1);
    const std::size_t first = out.size();
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        const std::size_t before = out.size();
        if (!decodeChunk(q.blob(2), q.bytes(2), q.int64(0), entity, m, q.int64(1), out)) {
            error = "the recording is damaged: a chunk of entity " + std::to_string(entity) + " does not decode";
            return false;
        }
        // Chunks at the ends of the range may hold readings outside it.
        if (out.size() > before && (q.int64(0) < t0 || out.back().timeNs > t1))
            out.erase(std::remove_if(out.begin() + static_cast<std::ptrdiff_t>(before), out.end(),
                                     [&](const Reading &r) { return r.timeNs < t0 || r.timeNs > t1; }),
                      out.end());
    }
    if (rc != SQLITE_DONE) {
        error = "cannot read the recording: " + m_db.errorMessage();
        return false;
    }
    // Chunks of different commits can overlap in time (late readings): keep the result in time order.
    const auto byTime = [](const Reading &a, const Reading &b) { return a.timeNs < b.timeNs; };
    if (!std::is_sorted(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), byTime))
        std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), byTime);
    return true;
}

bool RecordingReader::history(std::uint32_t entity, Measurement m, int field, std::int64_t t0, std::int64_t t1,
                              std::size_t maxPoints, std::vector<HistoryPoint> &out, std::string &error,
                              const std::atomic<bool> *cancel)
{
    out.clear();
    if (t1 < t0 || maxPoints == 0 || field < 0 || field >= kMaxReadingFields) {
        error = "invalid history query";
        return false;
    }
    std::vector<Reading> raw;
    if (!readings(entity, m, t0, t1, raw, error))
        return false;
    if (cancel && cancel->load()) {
        error = "cancelled";
        return false;
    }
    const double span = static_cast<double>(t1 - t0) + 1.0;
    const double bucketNs = span / static_cast<double>(maxPoints);
    std::vector<HistoryPoint> buckets(maxPoints);
    for (const Reading &r : raw) {
        if (!r.has(field))
            continue;
        auto b = static_cast<std::size_t>(static_cast<double>(r.timeNs - t0) / bucketNs);
        b = std::min(b, maxPoints - 1);
        HistoryPoint &p = buckets[b];
        const double v = r.values[field];
        if (p.count == 0) {
            p.min = p.max = v;
        } else {
            p.min = std::min(p.min, v);
            p.max = std::max(p.max, v);
        }
        p.mean += v;
        ++p.count;
    }
    for (std::size_t b = 0; b < maxPoints; ++b) {
        HistoryPoint &p = buckets[b];
        if (p.count == 0)
            continue;
        p.mean /= p.count;
        p.timeNs = t0 + static_cast<std::int64_t>(static_cast<double>(b) * bucketNs);
        out.push_back(p);
    }
    return true;
}

bool RecordingReader::allReadings(std::vector<Reading> &out, std::string &error)
{
    sql::Statement q;
    if (!q.prepare(m_db, "SELECT entity, measurement, t0, n, data FROM chunks ORDER BY entity, measurement, t0, id")) {
        error = m_db.errorMessage();
        return false;
    }
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        if (!decodeChunk(q.blob(4), q.bytes(4), q.int64(2), static_cast<std::uint32_t>(q.int64(0)),
                         static_cast<Measurement>(q.int64(1)), q.int64(3), out)) {
            error = "the recording is damaged: a chunk does not decode";
            return false;
        }
    }
    if (rc != SQLITE_DONE) {
        error = "cannot read the recording: " + m_db.errorMessage();
        return false;
    }
    return true;
}

std::uint64_t RecordingReader::readingCount()
{
    return static_cast<std::uint64_t>(m_db.scalar("SELECT coalesce(sum(n), 0) FROM chunks", 0));
}

std::vector<RecordedEntity> RecordingReader::entities()
{
    std::vector<RecordedEntity> out;
    sql::Statement q;
    if (!q.prepare(m_db, "SELECT idx, kind, id, name FROM entities ORDER BY idx"))
        return out;
    while (q.step() == SQLITE_ROW)
        out.push_back({static_cast<std::uint32_t>(q.int64(0)), static_cast<int>(q.int64(1)), q.text(2), q.text(3)});
    return out;
}

bool RecordingReader::readingsBetween(std::int64_t after, std::int64_t until, std::vector<Reading> &out,
                                      std::string &error, bool replayOrder)
{
    if (until <= after)
        return true;
    if (m_maxChunkSpanNs < 0) {
        sql::Statement span;
        if (span.prepare(m_db, "SELECT value FROM meta WHERE key='max_chunk_span_ns'") && span.step() == SQLITE_ROW)
            m_maxChunkSpanNs = std::max<std::int64_t>(0, std::strtoll(span.text(0).c_str(), nullptr, 10));
        else // written by an older recorder: one scan finds it
            m_maxChunkSpanNs = std::max<std::int64_t>(0, m_db.scalar("SELECT coalesce(max(t1 - t0), 0) FROM chunks", 0));
    }
    // Replay order needs each sensor's chunks in commit order (id); file order by t0 walks the time
    // index without a sort and keeps each sensor's chunks in time order too.
    sql::Statement q;
    if (!q.prepare(m_db, replayOrder ? "SELECT entity, measurement, t0, n, data FROM chunks WHERE t0 > ? AND t0 <= ? AND t1 > ? ORDER BY id"
                                     : "SELECT entity, measurement, t0, n, data FROM chunks WHERE t0 > ? AND t0 <= ? AND t1 > ? ORDER BY t0")) {
        error = "cannot read the recording: " + m_db.errorMessage();
        return false;
    }
    q.bind(1, after - m_maxChunkSpanNs - 1);
    q.bind(2, until);
    q.bind(3, after);
    const std::size_t first = out.size();
    std::vector<Reading> chunk;
    int rc;
    while ((rc = q.step()) == SQLITE_ROW) {
        const auto entity = q.int64(0), measurement = q.int64(1);
        if (entity < 0 || measurement < 0 || measurement >= kMeasurementCount) {
            error = "the recording is damaged: a chunk names an impossible entity or measurement";
            return false;
        }
        chunk.clear();
        if (!decodeChunk(q.blob(4), q.bytes(4), q.int64(2), static_cast<std::uint32_t>(entity),
                         static_cast<Measurement>(measurement), q.int64(3), chunk)) {
            error = "the recording is damaged: a chunk of entity " + std::to_string(entity) + " does not decode";
            return false;
        }
        for (const Reading &r : chunk)
            if (r.timeNs > after && r.timeNs <= until)
                out.push_back(r);
    }
    if (rc != SQLITE_DONE) {
        error = "cannot read the recording: " + m_db.errorMessage();
        return false;
    }
    if (!replayOrder)
        return true;
    std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), [](const Reading &a, const Reading &b) {
        if (a.timeNs != b.timeNs) return a.timeNs < b.timeNs;
        if (a.entity != b.entity) return a.entity < b.entity;
        return a.measurement < b.measurement;
    });
    return true;
}

std::vector<Event> RecordingReader::events(std::int64_t t0, std::int64_t t1)
{
    std::vector<Event> out;
    sql::Statement q;
    if (!q.prepare(m_db, "SELECT t, kind, entity, severity, actor, payload FROM events WHERE t BETWEEN ? AND ? ORDER BY t, id"))
        return out;
    q.bind(1, t0);
    q.bind(2, t1);
    while (q.step() == SQLITE_ROW) {
        Event e;
        e.timeNs = q.int64(0);
        e.kind = q.text(1);
        e.entity = q.isNull(2) ? -1 : q.int64(2);
        e.severity = static_cast<int>(q.int64(3));
        e.actor = q.text(4);
        e.payload = q.text(5);
        out.push_back(std::move(e));
    }
    return out;
}

} // namespace cityops::core
