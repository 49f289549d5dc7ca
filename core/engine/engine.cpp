#include "engine/engine.h"

#include "engine/pipeline.h"
#include "engine/readingsource.h"
#include "feed/listeners.h"
#include "replay/statecodec.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdlib>
#include <future>

namespace cityops::core {

Engine::Engine(std::shared_ptr<const CityModel> model, std::shared_ptr<Clock> clock, EngineConfig config)
    : m_model(std::move(model)), m_clock(std::move(clock)), m_config(std::move(config))
{
    m_pipeline = std::make_unique<IngestPipeline>(m_model, *m_clock, m_config.limits, m_config.maxLineBytes,
                                                  m_config.precision);
    m_alarms = std::make_unique<AlarmEngine>(m_model, m_config.alarms);
    m_pipeline->setObserver([this](const Reading &r) {
        m_alarms->learn(r);
        ++m_gridReadings;
    });
    const std::int64_t now = m_clock->nowNs();
    m_nextAlarmNs = now - now % m_config.alarmIntervalNs + m_config.alarmIntervalNs;
}

Engine::~Engine()
{
    stop();
}

bool Engine::start(std::string &error)
{
    if (running())
        return true;
    if (!m_config.recordPath.empty()) {
        m_recorder = Recorder::create(m_config.recordPath, *m_model, m_config.recorder, error);
        if (!m_recorder)
            return false;
        m_pipeline->setRecorder(m_recorder.get());
        // Where the alarm grid starts: a replay runs its rules at the same engine times.
        m_recorder->setMeta("grid_start_ns", std::to_string(m_nextAlarmNs - m_config.alarmIntervalNs));
        m_recorder->setMeta("alarm_interval_ns", std::to_string(m_config.alarmIntervalNs));
    }
    const ListenerOptions options{m_config.bindAddress, m_config.maxLineBytes};
    if (m_config.tcpPort >= 0) {
        m_tcp = std::make_unique<TcpListener>(m_io, *m_pipeline, options);
        if (!m_tcp->listen(static_cast<std::uint16_t>(m_config.tcpPort), error))
            return false;
        m_tcpPort = m_tcp->port();
    }
    if (m_config.udpPort >= 0) {
        m_udp = std::make_unique<UdpListener>(m_io, *m_pipeline, options);
        if (!m_udp->listen(static_cast<std::uint16_t>(m_config.udpPort), error))
            return false;
        m_udpPort = m_udp->port();
    }
    m_io.restart();
    m_snapshotTimer = std::make_unique<boost::asio::steady_timer>(m_io);
    m_sourceTimer = std::make_unique<boost::asio::steady_timer>(m_io);
    scheduleSnapshot();
    if (m_source)
        scheduleSource();
    m_thread = std::thread([this] {
        auto guard = boost::asio::make_work_guard(m_io);
        m_io.run();
    });
    return true;
}

void Engine::stop()
{
    if (!running())
        return;
    // Close the doors first, then let the io thread drain what it already has.
    run([this] {
        if (m_tcp) m_tcp->close();
        if (m_udp) m_udp->close();
        if (m_snapshotTimer) m_snapshotTimer->cancel();
        if (m_sourceTimer) m_sourceTimer->cancel();
    });
    m_io.stop();
    m_thread.join();
    m_tcp.reset();
    m_udp.reset();
    m_snapshotTimer.reset();
    m_sourceTimer.reset();
    if (m_recorder)
        m_recorder->flush();
    m_pipeline->setRecorder(nullptr);
    m_recorder.reset();
}

void Engine::setSnapshotCallback(std::function<void(SnapshotPtr)> callback)
{
    std::lock_guard lock(m_snapshotMutex);
    m_callback = std::move(callback);
}

SnapshotPtr Engine::latestSnapshot() const
{
    std::lock_guard lock(m_snapshotMutex);
    return m_latest;
}

void Engine::post(std::function<void()> command)
{
    boost::asio::post(m_io, std::move(command));
}

void Engine::run(const std::function<void()> &command)
{
    if (!running() || std::this_thread::get_id() == m_thread.get_id()) {
        command();
        return;
    }
    std::promise<void> done;
    boost::asio::post(m_io, [&] {
        command();
        done.set_value();
    });
    done.get_future().wait();
}

void Engine::ingestText(std::string sourceName, std::string text)
{
    post([this, name = std::move(sourceName), text = std::move(text)] {
        const auto source = m_pipeline->sourceId(name);
        m_pipeline->received(source, text.size());
        m_pipeline->lines(source, text);
    });
}

void Engine::ingestReadings(std::string sourceName, std::vector<Reading> readings)
{
    post([this, name = std::move(sourceName), readings = std::move(readings)] {
        m_pipeline->readings(m_pipeline->sourceId(name), readings);
    });
}

void Engine::flush()
{
    run([] {});
    if (m_recorder)
        m_recorder->flush();
}

SnapshotPtr Engine::snapshotNow()
{
    SnapshotPtr snapshot;
    run([&] { snapshot = buildSnapshot(); });
    return snapshot;
}

void Engine::attachSource(std::shared_ptr<ReadingSource> source, std::string sourceName,
                          std::chrono::milliseconds period)
{
    run([&] {
        m_source = std::move(source);
        m_sourceName = std::move(sourceName);
        m_sourcePeriod = period;
        if (m_sourceTimer) {
            m_sourceTimer->cancel();
            scheduleSource();
        }
    });
}

void Engine::scheduleSource()
{
    m_sourceTimer->expires_after(m_sourcePeriod);
    m_sourceTimer->async_wait([this](const boost::system::error_code &ec) {
        if (ec || !m_source)
            return;
        const std::int64_t now = m_clock->nowNs(), at = m_source->timeNs();
        if (m_clock->mode() == Clock::Mode::Virtual && now - at > m_config.maxSourceLagNs)
            m_clock->setTime(at + m_config.maxSourceStepNs);
        turnSource(std::min(now, at + m_config.maxSourceStepNs));
        scheduleSource();
    });
}

bool Engine::turnSource(std::int64_t targetNs)
{
    bool any = false;
    // A source with operator actions stops at each one (see ReadingSource::takeActions); go on after it
    // within the same turn, so that a busy night of acknowledgements does not slow the replay down.
    for (;;) {
        const std::int64_t before = m_source->timeNs();
        m_sourceBuffer.clear();
        m_source->advanceTo(targetNs, m_sourceBuffer);
        if (!m_sourceBuffer.empty()) {
            // In time order, with the alarm rules run at each grid time the readings pass: the same
            // alarms come out whatever the speed and however the source slices time.
            const auto source = m_pipeline->sourceId(m_sourceName);
            std::size_t from = 0;
            for (std::size_t k = 0; k <= m_sourceBuffer.size(); ++k) {
                if (k < m_sourceBuffer.size() && m_sourceBuffer[k].timeNs <= m_nextAlarmNs)
                    continue;
                m_pipeline->readings(source, std::span<const Reading>(m_sourceBuffer).subspan(from, k - from));
                from = k;
                if (k < m_sourceBuffer.size())
                    evaluateAlarmsThrough(m_sourceBuffer[k].timeNs - 1);
            }
            evaluateAlarmsThrough(m_sourceBuffer.back().timeNs);
        }
        // Operator actions of a replayed recording, at the engine time they were taken.
        m_actions.clear();
        m_source->takeActions(m_actions);
        for (const Event &action : m_actions) {
            if (action.kind == "flood.forecast") {
                applyFloodForecast(action);
                continue;
            }
            if (action.kind != "alarm.acknowledged")
                continue;
            const auto at = action.payload.find("\"alarm\":");
            if (at == std::string::npos)
                continue;
            const auto id = std::strtoull(action.payload.c_str() + at + 8, nullptr, 10);
            m_alarms->acknowledge(id, action.actor, action.timeNs, m_events);
        }
        if (!m_actions.empty())
            recordEvents();
        const bool progressed = !m_sourceBuffer.empty() || !m_actions.empty();
        any = any || progressed;
        const std::int64_t after = m_source->timeNs();
        if (m_actions.empty() || after >= targetNs || (!progressed && after <= before))
            return any;
    }
}

void Engine::pumpSource(std::int64_t untilNs)
{
    run([&] {
        if (!m_source)
            return;
        while (m_source->timeNs() < untilNs) {
            const std::int64_t before = m_source->timeNs();
            const bool any = turnSource(std::min(untilNs, before + m_config.maxSourceStepNs));
            if (!any && m_source->timeNs() <= before)
                break; // the source has nothing more (the end of a recording)
        }
    });
}

void Engine::setStateObserver(std::function<void(const StateRecord &)> observer)
{
    run([&] { m_stateObserver = std::move(observer); });
}

void Engine::setEventObserver(std::function<void(const Event &)> observer)
{
    run([&] { m_eventObserver = std::move(observer); });
}

bool Engine::restoreState(std::string_view blob, std::string &error)
{
    bool ok = false;
    run([&] {
        std::int64_t grid = m_nextAlarmNs;
        ok = StateCodec::restore(blob, m_pipeline->state(), *m_alarms, grid, error);
        if (ok) {
            m_nextAlarmNs = grid;
            m_gridReadings = 0;
            m_events.clear();
        }
    });
    return ok;
}

void Engine::refillWindows(std::span<const Reading> readings)
{
    run([&] {
        for (const Reading &r : readings)
            StateCodec::pushWindow(m_pipeline->state(), r);
    });
}

std::string Engine::serializeState()
{
    std::string blob;
    run([&] { blob = StateCodec::serialize(m_pipeline->state(), *m_alarms, m_nextAlarmNs); });
    return blob;
}

std::uint64_t Engine::stateHash()
{
    return StateCodec::hashBytes(serializeState());
}

std::int64_t Engine::engineTimeNs() const
{
    return m_source ? m_source->timeNs() : m_clock->nowNs();
}

bool Engine::acknowledgeAlarm(std::uint64_t id, const std::string &user)
{
    bool ok = false;
    run([&] {
        ok = m_alarms->acknowledge(id, user, engineTimeNs(), m_events);
        recordEvents();
    });
    return ok;
}

void Engine::postFloodForecast(std::int64_t basisNs, std::vector<RoadFloodAlarmInput> roads)
{
    auto apply = [this, basisNs, roads = std::move(roads)]() mutable {
        dropInvalidFloodInput(*m_model, roads); // the recording keeps only what the rule takes
        // Stamped with the engine's time now, like an acknowledgement: a replay stops its source there
        // and applies it before the alarm-grid times after it. But never at or after a grid time not yet
        // evaluated (live feeds run the rules a few seconds behind the clock): the live run's next
        // evaluation sees this forecast, so the replay must apply it before that grid time too.
        const std::int64_t at = std::min(engineTimeNs(), m_nextAlarmNs - 1);
        applyFloodForecast(Event{at, "flood.forecast", -1, 0, "flood model", floodForecastPayload(basisNs, roads)});
        recordEvents();
    };
    if (!running() || std::this_thread::get_id() == m_thread.get_id())
        apply();
    else
        post(std::move(apply));
}

bool Engine::applyFloodForecast(Event event)
{
    std::int64_t basisNs = 0;
    std::vector<RoadFloodAlarmInput> roads;
    if (!parseFloodForecastPayload(event.payload, basisNs, roads))
        return false; // a damaged recording: the replay's alarms will show the difference
    m_alarms->setFloodForecast(basisNs, std::move(roads));
    m_events.push_back(std::move(event));
    return true;
}

void Engine::evaluateAlarmsThrough(std::int64_t timeNs)
{
    while (m_nextAlarmNs <= timeNs) {
        const std::int64_t grid = m_nextAlarmNs;
        m_alarms->evaluate(m_pipeline->state(), grid, m_events);
        m_nextAlarmNs += m_config.alarmIntervalNs;
        recordEvents();
        if (m_config.stateHashes)
            recordState(grid);
    }
    recordEvents();
}

void Engine::recordState(std::int64_t gridNs)
{
    const LiveState &state = m_pipeline->state();
    StateRecord record;
    record.timeNs = gridNs;
    record.readings = m_gridReadings;
    m_gridReadings = 0;
    for (std::uint32_t e = 0; e < m_model->size(); ++e)
        record.stale += state.freshness(e, gridNs) == Freshness::Stale ? 1 : 0;
    std::string blob = StateCodec::serialize(state, *m_alarms, m_nextAlarmNs);
    record.hash = StateCodec::hashBytes(blob);
    if (m_config.stateSnapshotEveryNs > 0 && gridNs % m_config.stateSnapshotEveryNs == 0)
        record.state = std::move(blob);
    if (m_stateObserver)
        m_stateObserver(record);
    if (m_recorder)
        m_recorder->appendState(std::move(record));
}

void Engine::recordEvents()
{
    if (m_eventObserver)
        for (const Event &e : m_events)
            m_eventObserver(e);
    if (m_recorder)
        for (Event &e : m_events)
            m_recorder->appendEvent(std::move(e));
    m_events.clear();
}

void Engine::scheduleSnapshot()
{
    const double hz = m_config.snapshotHz > 0 ? m_config.snapshotHz : 4.0;
    m_snapshotTimer->expires_after(std::chrono::microseconds(static_cast<std::int64_t>(1e6 / hz)));
    m_snapshotTimer->async_wait([this](const boost::system::error_code &ec) {
        if (ec)
            return;
        // Live feeds: the rules run on engine time a little behind the clock, so that the readings of
        // a grid time have arrived. A source drives them itself, in step with its data.
        if (!m_source)
            evaluateAlarmsThrough(m_clock->nowNs() - 5'000'000'000LL);
        buildSnapshot();
        scheduleSnapshot();
    });
}

SnapshotPtr Engine::buildSnapshot()
{
    auto snapshot = std::make_shared<CitySnapshot>();
    snapshot->sequence = ++m_sequence;
    m_pipeline->state().fillSnapshot(engineTimeNs(), *snapshot);
    snapshot->sources = m_pipeline->stats().sources();
    const auto &recent = m_pipeline->stats().recentRejections();
    snapshot->recentRejections.assign(recent.begin(), recent.end());
    if (m_recorder)
        snapshot->recorder = m_recorder->stats();
    snapshot->alarms = m_alarms->alarms();
    SnapshotPtr published = snapshot;
    std::function<void(SnapshotPtr)> callback;
    {
        std::lock_guard lock(m_snapshotMutex);
        m_latest = published;
        callback = m_callback;
    }
    if (callback)
        callback(published);
    return published;
}

} // namespace cityops::core
