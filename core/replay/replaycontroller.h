// ReplayController: a recording replayed through an Engine — the core of the timeline. It attaches a
// ReplaySource to the engine, starts it from the recording's first state, and offers what the timeline
// needs: play at a speed on the engine's (virtual) clock, pause, step, seek (restore the nearest state
// snapshot, refill the rolling windows, replay the readings up to the target), and jumps to the next or
// previous alarm. The same pipeline and alarm engine as the live run produce the same alarms.
//
// Typical GUI use (the lead's EngineBridge owns the engine):
//   auto rec = Recording::open(path, error);                  // info, model, alarms, bookmarks, gaps
//   EngineBridge bridge(rec->model(), replayEngineConfig(), std::make_shared<Clock>(rec->startNs(), 0.0));
//   bridge.start();
//   auto replay = ReplayController::attach(*bridge.engine(), path, {}, error);
//   replay->setRate(60); replay->seek(t); replay->step(60 s); replay->nextAlarm(); ...
// For a live preview while dragging, seek a second, offline controller (openOffline) and show its
// snapshot; seek the engine's controller on release.
//
// Threading: call a controller from one thread (the GUI thread). Engine work runs on the engine's io
// thread through Engine::run (the call waits), or inline for an engine that was never started (offline).
#pragma once

#include "alarms/alarmengine.h"
#include "engine/engine.h"
#include "replay/recording.h"
#include "replay/replaysource.h"
#include "state/snapshot.h"

#include <cstdint>
#include <memory>
#include <string>

namespace cityops::core {

struct ReplayOptions {
    /// The alarm rules; the live run's (the defaults) give the live run's alarms.
    AlarmRules alarms;
    /// After restoring a snapshot, the rolling windows are refilled from the readings this long before
    /// it (128 readings at one a minute); 0 leaves them to fill as the replay runs.
    std::int64_t windowLookbackNs = 128LL * 60'000'000'000LL;
};

/// An engine configuration for replay: no listeners, no recording, state hashes on, no snapshots kept.
EngineConfig replayEngineConfig(EngineConfig base = {});

/// What the last seek cost.
struct SeekStats {
    std::int64_t fromSnapshotNs = 0; ///< the snapshot it restored (or the recording's start)
    double restoreMs = 0.0;          ///< reading and restoring the snapshot
    double windowMs = 0.0;           ///< refilling the rolling windows from the readings before it
    double replayMs = 0.0;           ///< replaying readings from the snapshot to the target
    std::uint64_t readingsReplayed = 0;
};

class ReplayController {
public:
    /// Attaches the recording at `path` to `engine`, which must have been created for the recording's
    /// model (Recording::model()) with a virtual clock; started or not. Positions it at the start.
    static std::unique_ptr<ReplayController> attach(Engine &engine, const std::string &path, ReplayOptions options,
                                                    std::string &error);
    /// A replay with its own engine that is never started (previews, verification, benchmarks).
    static std::unique_ptr<ReplayController> openOffline(const std::string &path, ReplayOptions options,
                                                         std::string &error, EngineConfig config = replayEngineConfig());
    ~ReplayController();

    Recording &recording() { return *m_recording; }
    Engine &engine() { return *m_engine; }
    std::int64_t startNs() const { return m_recording->startNs(); }
    std::int64_t endNs() const { return m_recording->endNs(); }
    /// Engine time: how far the replay has got.
    std::int64_t timeNs();
    bool atEnd();

    /// Plays at `rate` times real time (0.25 .. 3600; 0 pauses) on the engine's clock.
    void setRate(double rate);
    double rate() const;
    void pause() { setRate(0.0); }

    /// Seeks to `timeNs` (clamped to the recording) and returns the snapshot there; null and `error` if
    /// the file could not be read. The clock keeps its rate.
    SnapshotPtr seek(std::int64_t timeNs, std::string *error = nullptr);
    /// Pauses and moves `ns` of engine time on (negative: back, by seeking).
    SnapshotPtr step(std::int64_t ns, std::string *error = nullptr);
    /// Seeks to the next (previous) raised alarm after (before) the current time; null if there is none.
    SnapshotPtr nextAlarm(std::string *error = nullptr);
    SnapshotPtr previousAlarm(std::string *error = nullptr);
    /// Replays up to `timeNs` as fast as possible (no seek: from where it is).
    void runTo(std::int64_t timeNs);
    /// Set when the source failed to read the file (the replay then stops).
    std::string sourceError();

    const SeekStats &lastSeek() const { return m_lastSeek; }

private:
    ReplayController() = default;
    bool init(const std::string &path, ReplayOptions options, std::string &error);

    std::unique_ptr<Engine> m_ownEngine;
    Engine *m_engine = nullptr;
    std::unique_ptr<Recording> m_recording;
    std::shared_ptr<ReplaySource> m_source;
    ReplayOptions m_options;
    std::string m_initialState; ///< the state the replay starts from (fresh, or a clip's first snapshot)
    std::int64_t m_initialNs = 0;
    SeekStats m_lastSeek;
};

} // namespace cityops::core
