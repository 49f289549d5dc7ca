// Recorder: writes every accepted reading and every event to the session's SQLite file.
//
// Threading: append() and appendEvent() are called from the engine's io thread; they only copy into a
// pending buffer under a short lock. A dedicated recorder thread owns the SQLite connection and commits
// the pending buffer in one transaction per commit interval (1 s by default), so a kill -9 loses at most
// the readings of the current interval; WAL mode keeps the file consistent through it. stats() may be
// called from any thread. The commit callback runs on the recorder thread.
#pragma once

#include "feed/reading.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace cityops::core {

class CityModel;

struct RecorderOptions {
    std::chrono::milliseconds commitInterval{1000};
    /// Readings waiting for the writer before append() starts to wait (backpressure on the feeds).
    std::size_t maxPendingReadings = 4'000'000;
    /// How long append() waits for room before it counts readings as dropped.
    std::chrono::milliseconds maxAppendWait{5000};
};

/// Something that happened, as opposed to a measured value: alarms, acknowledgements, operator actions.
struct Event {
    std::int64_t timeNs = 0;
    std::string kind;          ///< e.g. "alarm.raised", "alarm.acknowledged", "operator.signal_plan"
    std::int64_t entity = -1;  ///< entity index, or -1
    int severity = 0;
    std::string actor;         ///< who did it ("engine" for automatic events)
    std::string payload;       ///< JSON text
};

/// The engine's state at one alarm-grid time (every engine minute): its hash, what arrived in the minute
/// before, and every few minutes the serialized state a seek restores (empty otherwise).
struct StateRecord {
    std::int64_t timeNs = 0;
    std::uint64_t hash = 0;
    std::uint64_t readings = 0; ///< readings accepted since the previous grid time
    std::uint32_t stale = 0;    ///< stale sensors at this time
    std::string state;          ///< serialized engine state (see replay/statecodec.h), or empty
};

struct RecorderStats {
    std::uint64_t appended = 0;   ///< readings handed to the recorder
    std::uint64_t committed = 0;  ///< readings durably in the file
    std::uint64_t dropped = 0;    ///< readings that found no room (counted, never silent)
    std::uint64_t commits = 0;
    std::uint64_t eventsCommitted = 0;
    std::string path;
    std::string error;            ///< last write error; empty while healthy
};

class Recorder {
public:
    /// Creates (or appends to) the recording at `path`. Returns nullptr and sets `error` on failure.
    static std::unique_ptr<Recorder> create(const std::string &path, const CityModel &model,
                                            RecorderOptions options, std::string &error);
    ~Recorder();
    Recorder(const Recorder &) = delete;
    Recorder &operator=(const Recorder &) = delete;

    /// Queues readings; returns the number dropped for lack of room (0 in normal operation).
    std::size_t append(std::span<const Reading> readings);
    void appendEvent(Event event);
    /// Queues a state record (hash, and the snapshot when it carries one); written with the next commit.
    void appendState(StateRecord record);
    /// Sets a key of the file's `meta` table with the next commit (e.g. the start of the alarm grid).
    void setMeta(std::string key, std::string value);
    /// Commits everything appended so far and returns when it is in the file.
    void flush();
    RecorderStats stats() const;
    /// Called after each commit with the total of committed readings (on the recorder thread).
    void setCommitCallback(std::function<void(std::uint64_t committed)> callback);

private:
    struct Impl;
    explicit Recorder(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace cityops::core
