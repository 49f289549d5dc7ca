// Engine: the in-process core of CityOps. Owns the io_context and its thread, the listeners, the ingest
// pipeline, the live state and the recorder, and publishes immutable snapshots.
//
// Threading: one io thread runs the listeners, the pipeline, the models and the snapshot timer; the
// recorder has its own thread. Public members are safe from any thread: they post work to the io thread
// (commands) or read atomically published results (latestSnapshot). Snapshot callbacks run on the io
// thread and must only hand the pointer on (the Qt bridge re-emits it queued to the GUI thread).
#pragma once

#include "alarms/alarmengine.h"
#include "engine/clock.h"
#include "feed/lineprotocol.h"
#include "feed/validator.h"
#include "state/snapshot.h"
#include "store/recorder.h"

#include <utility>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <thread>

namespace cityops::core {

class IngestPipeline;
class ReadingSource;
class TcpListener;
class UdpListener;

struct EngineConfig {
    std::string bindAddress = "127.0.0.1";
    int tcpPort = 8094;   ///< -1 disables, 0 picks a free port
    int udpPort = 8094;   ///< -1 disables, 0 picks a free port
    std::size_t maxLineBytes = 64 * 1024;
    TimePrecision precision = TimePrecision::Nanoseconds;
    std::string recordPath; ///< empty: do not record
    RecorderOptions recorder;
    double snapshotHz = 4.0;
    ValidationLimits limits;
    AlarmRules alarms;
    std::int64_t alarmIntervalNs = 60'000'000'000LL; ///< alarm rules run on this grid of engine time
    /// An attached source advances at most this much engine time per turn, so that the io thread stays
    /// responsive; when it falls further behind than `maxSourceLagNs`, a virtual clock is pulled back
    /// to it (a simulation that cannot keep up slows time down rather than skipping it).
    std::int64_t maxSourceStepNs = 10LL * 60'000'000'000LL;
    std::int64_t maxSourceLagNs = 15LL * 60'000'000'000LL;
    /// At every alarm-grid time the engine hashes its state (replay verification) and every this much
    /// engine time also keeps the serialized state (fast seeking); both go to the recording. 0: no
    /// snapshots; `stateHashes` false: neither.
    bool stateHashes = true;
    std::int64_t stateSnapshotEveryNs = 10LL * 60'000'000'000LL;
};

class Engine {
public:
    Engine(std::shared_ptr<const CityModel> model, std::shared_ptr<Clock> clock, EngineConfig config);
    ~Engine();
    Engine(const Engine &) = delete;
    Engine &operator=(const Engine &) = delete;

    /// Opens the recording, binds the listeners and starts the io thread.
    bool start(std::string &error);
    /// Closes the listeners, drains the pipeline, commits the recording and joins the threads.
    void stop();
    bool running() const { return m_thread.joinable(); }

    std::uint16_t tcpPort() const { return m_tcpPort; }
    std::uint16_t udpPort() const { return m_udpPort; }

    void setSnapshotCallback(std::function<void(SnapshotPtr)> callback);
    SnapshotPtr latestSnapshot() const;
    /// Builds a snapshot now (waits for the io thread) and returns it.
    SnapshotPtr snapshotNow();

    /// Posts a command to the io thread.
    void post(std::function<void()> command);
    /// Runs `command` on the io thread and waits for it.
    void run(const std::function<void()> &command);
    /// Text in line protocol from an in-process source, processed like a listener's.
    void ingestText(std::string sourceName, std::string text);
    void ingestReadings(std::string sourceName, std::vector<Reading> readings);
    /// Waits until everything posted so far is processed and committed to the recording.
    void flush();

    /// Feeds the engine from an in-process source (the city simulator): on the io thread, every
    /// `period` of wall time, the source is advanced to the clock's time and its readings are ingested
    /// under `sourceName`. Replaces an earlier source. Call before or after start().
    /// Engine time: the clock's, or with a source attached the time the source has reached (the clock
    /// then only paces the source). io thread only.
    std::int64_t engineTimeNs() const;

    /// Acknowledges an alarm as `user` (recorded as an event); false if it is not active.
    bool acknowledgeAlarm(std::uint64_t id, const std::string &user);
    /// Hands the engine a flood prediction made elsewhere (too slow to run in the engine) from the state
    /// at engine time `basisNs`: road links and their predicted crossing times. Safe from any thread:
    /// on the io thread (returns at once; flush() waits for it), inline on an engine not started. There it
    /// becomes a recorded operator-like action, an Event "flood.forecast" by "flood model" at the engine's
    /// current time (or just before the next alarm-grid time if the rules have not run for that yet)
    /// with the roads in a compact payload (floodForecastPayload), and the alarm engine gets
    /// what that payload parses back to (AlarmEngine::setFloodForecast), replacing the previous
    /// prediction: a replay re-applies the recorded event at the same engine time, identically. Roads
    /// that are not links of the model, or without an impassable time, are left out.
    void postFloodForecast(std::int64_t basisNs, std::vector<RoadFloodAlarmInput> roads);

    /// The caller may keep its own pointer to the source and reach it through run()/post() only.
    void attachSource(std::shared_ptr<ReadingSource> source, std::string sourceName,
                      std::chrono::milliseconds period = std::chrono::milliseconds(100));

    /// Advances the attached source to `untilNs` now, in steps of at most maxSourceStepNs, exactly as the
    /// source timer would (record as fast as possible, seek, step). Runs on the io thread (or inline when
    /// the engine is not started: an un-started engine is an offline pipeline for verification).
    void pumpSource(std::int64_t untilNs);

    /// Called on the io thread at every alarm-grid time with the state record (hash; the state blob at
    /// snapshot times), after the alarms of that time were evaluated.
    void setStateObserver(std::function<void(const StateRecord &)> observer);
    /// Called on the io thread for every event the engine produces (alarms, acknowledgements).
    void setEventObserver(std::function<void(const Event &)> observer);

    /// Replaces the live state, alarm state and alarm grid with a serialized state (a snapshot of a
    /// recording of the same city model); false and `error` if the blob does not fit. Waits for the io
    /// thread. The rolling windows start empty (refill them with refillWindows()).
    bool restoreState(std::string_view blob, std::string &error);
    /// Puts readings (older than the restored state, oldest first) into the rolling windows only.
    void refillWindows(std::span<const Reading> readings);
    /// The serialized state now and its hash (what the recorder stores at grid times). Waits for the io thread.
    std::string serializeState();
    std::uint64_t stateHash();

    /// The next alarm-grid time (io thread only), and setting it (waits for the io thread).
    std::int64_t nextAlarmNs() const { return m_nextAlarmNs; }
    void setNextAlarmNs(std::int64_t ns) { run([&] { m_nextAlarmNs = ns; }); }
    /// The alarm engine; io thread only.
    AlarmEngine &alarmEngine() { return *m_alarms; }

    const CityModel &model() const { return *m_model; }
    std::shared_ptr<const CityModel> modelPtr() const { return m_model; }
    Clock &clock() { return *m_clock; }
    Recorder *recorder() { return m_recorder.get(); }
    boost::asio::io_context &io() { return m_io; }
    /// The pipeline; io thread only.
    IngestPipeline &pipeline() { return *m_pipeline; }

private:
    void scheduleSnapshot();
    void scheduleSource();
    /// One turn of the source up to `targetNs`: readings in time order with the alarm grid, then actions.
    /// Returns false if the source had nothing (no readings, no actions).
    bool turnSource(std::int64_t targetNs);
    void recordState(std::int64_t gridNs);
    /// Runs the alarm rules at every grid time up to and including `timeNs`.
    void evaluateAlarmsThrough(std::int64_t timeNs);
    void recordEvents();
    /// Applies a "flood.forecast" event (live or replayed) to the alarm engine and queues it for the
    /// observers and the recorder; false if its payload does not parse.
    bool applyFloodForecast(Event event);
    SnapshotPtr buildSnapshot();

    std::shared_ptr<const CityModel> m_model;
    std::shared_ptr<Clock> m_clock;
    EngineConfig m_config;
    boost::asio::io_context m_io;
    std::unique_ptr<Recorder> m_recorder;
    std::unique_ptr<IngestPipeline> m_pipeline;
    std::unique_ptr<TcpListener> m_tcp;
    std::unique_ptr<UdpListener> m_udp;
    std::unique_ptr<boost::asio::steady_timer> m_snapshotTimer;
    std::unique_ptr<boost::asio::steady_timer> m_sourceTimer;
    std::shared_ptr<ReadingSource> m_source;
    std::string m_sourceName;
    std::chrono::milliseconds m_sourcePeriod{100};
    std::vector<Reading> m_sourceBuffer;
    std::unique_ptr<AlarmEngine> m_alarms;
    std::int64_t m_nextAlarmNs = 0;
    std::vector<Event> m_events;
    std::vector<Event> m_actions;
    std::uint64_t m_gridReadings = 0; ///< readings accepted since the last grid time
    std::function<void(const StateRecord &)> m_stateObserver;
    std::function<void(const Event &)> m_eventObserver;
    std::thread m_thread;
    std::uint16_t m_tcpPort = 0, m_udpPort = 0;
    std::uint64_t m_sequence = 0;

    mutable std::mutex m_snapshotMutex;
    SnapshotPtr m_latest;
    std::function<void(SnapshotPtr)> m_callback;
};

} // namespace cityops::core
