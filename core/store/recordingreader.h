// RecordingReader: reads a recording file (history queries, tests, and later replay). Opens its own
// read-only SQLite connection, so it can run beside a live Recorder on the same file (WAL readers).
//
// Threading: one reader per thread; history queries are meant to run off the GUI thread as jobs.
#pragma once

#include "feed/reading.h"
#include "store/recorder.h"
#include "store/sqlite.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cityops::core {

/// One downsampled bucket of a field over time.
struct HistoryPoint {
    std::int64_t timeNs = 0;   ///< bucket start
    double mean = 0.0, min = 0.0, max = 0.0;
    std::uint32_t count = 0;
};

struct RecordedEntity {
    std::uint32_t index = 0;
    int kind = 0;
    std::string id;
    std::string name;
};

class RecordingReader {
public:
    /// Opens `path` read-only; nullptr and a clear `error` for a missing, damaged, foreign or newer file.
    static std::unique_ptr<RecordingReader> open(const std::string &path, std::string &error);

    /// Every reading of an entity and measurement in [t0, t1], in time order.
    bool readings(std::uint32_t entity, Measurement m, std::int64_t t0, std::int64_t t1, std::vector<Reading> &out,
                  std::string &error);
    /// `field` of an entity downsampled to at most `maxPoints` buckets over [t0, t1]. `cancel`, if given,
    /// is polled between chunks.
    bool history(std::uint32_t entity, Measurement m, int field, std::int64_t t0, std::int64_t t1,
                 std::size_t maxPoints, std::vector<HistoryPoint> &out, std::string &error,
                 const std::atomic<bool> *cancel = nullptr);
    /// Every reading in the file (tests and tools; ordered by entity, then time).
    bool allReadings(std::vector<Reading> &out, std::string &error);
    std::uint64_t readingCount();
    std::vector<RecordedEntity> entities();
    std::vector<Event> events(std::int64_t t0, std::int64_t t1);

    /// Every reading with `after` < time <= `until`, in replay order: by time, then entity and
    /// measurement; readings of one sensor keep their recorded order. Reads only the chunks that can
    /// overlap the range (bounded by the longest chunk in the file).
    /// With `replayOrder` false the readings come in file order, which keeps each sensor's readings in
    /// time order but skips the global sort (refilling per-sensor windows needs no more).
    bool readingsBetween(std::int64_t after, std::int64_t until, std::vector<Reading> &out, std::string &error,
                         bool replayOrder = true);
    /// The connection, for the replay's own queries (snapshots, bookmarks); this reader's thread only.
    sql::Database &database() { return m_db; }

private:
    sql::Database m_db;
    std::int64_t m_maxChunkSpanNs = -1; ///< -1: not known yet
};

} // namespace cityops::core
