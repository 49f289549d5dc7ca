#include "replay/replaycontroller.h"

#include "replay/statecodec.h"

#include <algorithm>
#include <chrono>

namespace cityops::core {

namespace {

constexpr const char *kSourceName = "replay";

double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

} // namespace

EngineConfig replayEngineConfig(EngineConfig base)
{
    base.tcpPort = -1;
    base.udpPort = -1;
    base.recordPath.clear();
    base.stateHashes = true;
    base.stateSnapshotEveryNs = 0;
    // A recording is cheap to advance (no simulation): larger turns, and a clock that tolerates a
    // second of wall-time hiccup at 3600x before it is pulled back to the replay.
    base.maxSourceStepNs = std::max<std::int64_t>(base.maxSourceStepNs, 30LL * 60'000'000'000LL);
    base.maxSourceLagNs = std::max<std::int64_t>(base.maxSourceLagNs, 60LL * 60'000'000'000LL);
    return base;
}

std::unique_ptr<ReplayController> ReplayController::attach(Engine &engine, const std::string &path,
                                                           ReplayOptions options, std::string &error)
{
    std::unique_ptr<ReplayController> c(new ReplayController);
    c->m_engine = &engine;
    if (!c->init(path, std::move(options), error))
        return nullptr;
    return c;
}

std::unique_ptr<ReplayController> ReplayController::openOffline(const std::string &path, ReplayOptions options,
                                                                std::string &error, EngineConfig config)
{
    std::unique_ptr<ReplayController> c(new ReplayController);
    auto recording = Recording::open(path, error);
    if (!recording)
        return nullptr;
    config.alarms = options.alarms;
    c->m_ownEngine = std::make_unique<Engine>(recording->model(), std::make_shared<Clock>(recording->startNs(), 0.0),
                                              replayEngineConfig(config));
    c->m_engine = c->m_ownEngine.get();
    if (!c->init(path, std::move(options), error))
        return nullptr;
    return c;
}

ReplayController::~ReplayController()
{
    // The engine may outlive us (the GUI's): leave it without a source nobody controls.
    if (m_engine && !m_ownEngine)
        m_engine->attachSource(nullptr, kSourceName);
}

bool ReplayController::init(const std::string &path, ReplayOptions options, std::string &error)
{
    m_options = std::move(options);
    if (!m_recording) {
        m_recording = Recording::open(path, error);
        if (!m_recording)
            return false;
    }
    if (m_engine->model().size() != m_recording->model()->size()) {
        error = "the engine was made for another city model than the recording's";
        return false;
    }
    const RecordingInfo &info = m_recording->info();
    m_initialNs = info.startNs;
    if (info.hasInitialSnapshot) {
        std::int64_t at = 0;
        if (!m_recording->snapshotAtOrBefore(info.startNs, at, m_initialState, error) || at != info.startNs) {
            if (error.empty())
                error = "'" + path + "' is a clip without its starting state snapshot";
            return false;
        }
    } else {
        // A fresh engine whose alarm grid starts where the recording's did.
        LiveState state(m_recording->model());
        AlarmEngine alarms(m_recording->model(), m_options.alarms);
        m_initialState = StateCodec::serialize(state, alarms, info.startNs + info.alarmIntervalNs);
    }
    m_source = ReplaySource::open(path, info.startNs, info.endNs, error);
    if (!m_source)
        return false;
    m_engine->attachSource(m_source, kSourceName);
    return seek(info.startNs, &error) != nullptr;
}

std::int64_t ReplayController::timeNs()
{
    std::int64_t t = 0;
    m_engine->run([&] { t = m_source->timeNs(); });
    return t;
}

bool ReplayController::atEnd()
{
    return timeNs() >= endNs();
}

void ReplayController::setRate(double rate)
{
    rate = std::clamp(rate, 0.0, 100000.0);
    // Playing on from the replay's own time, not from where the clock may have run ahead.
    m_engine->run([&] {
        m_engine->clock().setTime(m_source->timeNs());
        m_engine->clock().setRate(rate);
    });
}

double ReplayController::rate() const
{
    return m_engine->clock().rate();
}

SnapshotPtr ReplayController::seek(std::int64_t timeNs, std::string *error)
{
    const std::int64_t target = std::clamp(timeNs, startNs(), endNs());
    std::string failure;
    const auto t0 = std::chrono::steady_clock::now();
    std::int64_t from = m_initialNs;
    std::string blob;
    if (target > m_initialNs && m_recording->snapshotAtOrBefore(target, from, blob, failure)) {
        // a stored snapshot after the start
    } else if (!failure.empty()) {
        if (error) *error = failure;
        return nullptr;
    } else {
        from = m_initialNs;
        blob = m_initialState;
    }
    bool ok = false;
    SeekStats stats;
    stats.fromSnapshotNs = from;
    m_engine->run([&] {
        if (!m_engine->restoreState(blob, failure))
            return;
        stats.restoreMs = msSince(t0);
        const auto tw = std::chrono::steady_clock::now();
        if (m_options.windowLookbackNs > 0 && from > startNs()) {
            std::vector<Reading> before;
            if (!m_source->readingsBetween(std::max(from - m_options.windowLookbackNs, std::int64_t{0}), from, before,
                                           failure))
                return;
            m_engine->refillWindows(before);
        }
        m_source->seek(from);
        stats.windowMs = msSince(tw);
        const auto t1 = std::chrono::steady_clock::now();
        const std::uint64_t produced = m_source->produced();
        m_engine->pumpSource(target);
        stats.readingsReplayed = m_source->produced() - produced;
        stats.replayMs = msSince(t1);
        failure = m_source->error();
        m_engine->clock().setTime(m_source->timeNs());
        ok = failure.empty();
    });
    m_lastSeek = stats;
    if (!ok) {
        if (error) *error = failure;
        return nullptr;
    }
    return m_engine->snapshotNow();
}

SnapshotPtr ReplayController::step(std::int64_t ns, std::string *error)
{
    pause();
    const std::int64_t now = timeNs();
    if (ns < 0)
        return seek(now + ns, error);
    runTo(std::min(endNs(), now + ns));
    const std::string failure = sourceError();
    if (!failure.empty()) {
        if (error) *error = failure;
        return nullptr;
    }
    m_engine->run([&] { m_engine->clock().setTime(m_source->timeNs()); });
    return m_engine->snapshotNow();
}

SnapshotPtr ReplayController::nextAlarm(std::string *error)
{
    const auto t = m_recording->nextAlarm(timeNs());
    return t ? seek(*t, error) : nullptr;
}

SnapshotPtr ReplayController::previousAlarm(std::string *error)
{
    const auto t = m_recording->previousAlarm(timeNs());
    return t ? seek(*t, error) : nullptr;
}

void ReplayController::runTo(std::int64_t timeNs)
{
    m_engine->pumpSource(std::min(timeNs, endNs()));
}

std::string ReplayController::sourceError()
{
    std::string e;
    m_engine->run([&] { e = m_source->error(); });
    return e;
}

} // namespace cityops::core
