// Recording: a session file opened for replay — its time range, city model, per-minute state marks,
// snapshots, alarms (for next/previous alarm), bookmarks (automatic at alarms, and the operators' own,
// stored in the file), and gaps where data was missing. What the timeline of the GUI reads; the readings
// themselves stream through ReplaySource.
//
// Threading: one thread at a time (it owns an SQLite connection). Open it off the GUI thread for large
// files; everything after open() is small and quick (the per-minute marks are read once at open).
#pragma once

#include "model/citymodel.h"
#include "store/recorder.h"
#include "store/recordingreader.h"

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cityops::core {

/// One alarm-grid time of the recording (one per engine minute).
struct StateMark {
    std::int64_t timeNs = 0;
    std::uint64_t hash = 0;
    std::uint64_t readings = 0; ///< readings that arrived in the minute before
    std::uint32_t stale = 0;
    bool snapshot = false;      ///< a seek can start here
};

struct Bookmark {
    std::int64_t id = 0;        ///< row id of a manual bookmark; 0 for an automatic one
    std::int64_t timeNs = 0;
    bool automatic = false;     ///< raised at an alarm
    std::string note;           ///< the operator's note, or the alarm's kind and entity
    std::string author;
    int severity = 0;           ///< automatic ones: the alarm's severity
};

/// A time range where data was missing: fewer readings per minute than `coverage` of the usual, or
/// minutes without any record (the engine or recorder was down).
struct Gap {
    std::int64_t fromNs = 0;
    std::int64_t toNs = 0;
    double coverage = 0.0;      ///< lowest share of the usual readings per minute inside the gap
};

struct RecordingInfo {
    std::string path;
    std::string scenario;
    int schema = 0;
    std::int64_t startNs = 0;         ///< where a replay starts (the grid start, or a clip's first snapshot)
    std::int64_t endNs = 0;           ///< the last recorded time
    std::int64_t alarmIntervalNs = 60'000'000'000LL;
    std::uint64_t readings = 0;
    std::uint64_t bytes = 0;
    bool hasInitialSnapshot = false;  ///< a clip: replay starts from the snapshot at startNs
    std::map<std::string, std::string> meta;
};

class Recording {
public:
    /// Opens `path` for replay; nullptr and a one-line `error` for a missing, foreign, damaged,
    /// truncated or newer-schema file.
    static std::unique_ptr<Recording> open(const std::string &path, std::string &error);

    const RecordingInfo &info() const { return m_info; }
    std::int64_t startNs() const { return m_info.startNs; }
    std::int64_t endNs() const { return m_info.endNs; }
    /// The city model the recording was made with (rebuilt from the file).
    std::shared_ptr<const CityModel> model() const { return m_model; }

    /// The per-minute marks, in time order.
    const std::vector<StateMark> &marks() const { return m_marks; }
    /// The recorded hash at grid time `timeNs`, if there is one.
    std::optional<std::uint64_t> hashAt(std::int64_t timeNs) const;
    /// The latest snapshot at or before `timeNs` (its time and blob); false if there is none.
    bool snapshotAtOrBefore(std::int64_t timeNs, std::int64_t &snapshotNs, std::string &blob, std::string &error);

    /// Events in [t0, t1] (alarms, acknowledgements, operator actions), in time order.
    std::vector<Event> events(std::int64_t t0, std::int64_t t1);
    /// Times alarms were raised, in order: the timeline's next/previous alarm.
    const std::vector<std::int64_t> &alarmTimes() const { return m_alarmTimes; }
    std::optional<std::int64_t> nextAlarm(std::int64_t afterNs) const;
    std::optional<std::int64_t> previousAlarm(std::int64_t beforeNs) const;

    /// Automatic bookmarks (every raised alarm of at least `minSeverity`) and the manual ones, by time.
    std::vector<Bookmark> bookmarks(int minSeverity = 2);
    /// Adds a manual bookmark to the file (a short write transaction); its id, or 0 and `error`.
    std::int64_t addBookmark(std::int64_t timeNs, const std::string &note, const std::string &author, std::string &error);
    bool removeBookmark(std::int64_t id, std::string &error);

    /// Ranges where fewer than `coverage` of the usual (median) readings per minute arrived, at least
    /// `minNs` long.
    std::vector<Gap> gaps(double coverage = 0.5, std::int64_t minNs = 60'000'000'000LL) const;

    RecordingReader &reader() { return *m_reader; }

private:
    Recording() = default;
    std::unique_ptr<RecordingReader> m_reader;
    std::shared_ptr<const CityModel> m_model;
    RecordingInfo m_info;
    std::vector<StateMark> m_marks;
    std::vector<std::int64_t> m_alarmTimes;
};

} // namespace cityops::core
