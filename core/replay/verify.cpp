#include "replay/verify.h"

#include <algorithm>
#include <chrono>
#include <map>

namespace cityops::core {

namespace {

bool isAlarmEvent(const Event &e)
{
    return e.kind.rfind("alarm.", 0) == 0;
}

bool sameEvent(const Event &a, const Event &b)
{
    return a.timeNs == b.timeNs && a.kind == b.kind && a.entity == b.entity && a.severity == b.severity &&
           a.actor == b.actor && a.payload == b.payload;
}

std::string describe(const Event &e)
{
    return e.kind + " at " + std::to_string(e.timeNs) + " " + e.payload;
}

} // namespace

VerifyResult verifyRecording(const std::string &path, ReplayOptions options, const std::function<void(double)> &progress)
{
    VerifyResult result;
    auto replay = ReplayController::openOffline(path, std::move(options), result.error);
    if (!replay)
        return result;
    Recording &recording = replay->recording();
    const std::int64_t start = replay->startNs(), end = replay->endNs();
    result.startNs = start;
    result.endNs = end;

    // A clip starts from a restored snapshot: that state must hash as the live run's did.
    if (recording.info().hasInitialSnapshot) {
        const auto recorded = recording.hashAt(start);
        result.initialStateMatches = recorded && *recorded == replay->engine().stateHash();
    }

    std::map<std::int64_t, std::uint64_t> replayed;
    std::vector<Event> events;
    replay->engine().setStateObserver([&](const StateRecord &r) { replayed[r.timeNs] = r.hash; });
    replay->engine().setEventObserver([&](const Event &e) {
        if (isAlarmEvent(e))
            events.push_back(e);
    });

    const auto wall0 = std::chrono::steady_clock::now();
    const std::int64_t step = 60LL * 60'000'000'000LL;
    for (std::int64_t t = start; t < end;) {
        t = std::min(end, t + step);
        replay->runTo(t);
        if (!replay->sourceError().empty()) {
            result.error = replay->sourceError();
            return result;
        }
        if (progress)
            progress(static_cast<double>(t - start) / static_cast<double>(std::max<std::int64_t>(1, end - start)));
    }
    result.wallSeconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
    result.speed = result.wallSeconds > 0 ? static_cast<double>(end - start) / 1e9 / result.wallSeconds : 0.0;
    replay->engine().run([&] {}); // observers have run (inline or on the io thread)

    // States: every recorded grid time after the start must be replayed with the same hash.
    for (const StateMark &m : recording.marks()) {
        if (m.timeNs <= start)
            continue;
        ++result.statesRecorded;
        const auto it = replayed.find(m.timeNs);
        if (it == replayed.end() || it->second != m.hash) {
            if (result.statesDiffering++ == 0)
                result.firstStateDifferenceNs = m.timeNs;
        }
    }
    result.statesReplayed = replayed.size();
    // A replay that produced grid times the recording does not have differs too.
    for (const auto &[t, hash] : replayed)
        if (!recording.hashAt(t)) {
            if (result.statesDiffering++ == 0 || t < result.firstStateDifferenceNs)
                result.firstStateDifferenceNs = t;
        }

    // Alarm events after the start (and acknowledgements at the start itself), in order.
    std::vector<Event> recorded;
    for (Event &e : recording.events(start, end))
        if (isAlarmEvent(e) && (e.timeNs > start || e.kind == "alarm.acknowledged"))
            recorded.push_back(std::move(e));
    result.alarmEventsRecorded = recorded.size();
    result.alarmEventsReplayed = events.size();
    // Events of one grid time come out in entity order in both runs; compare in a canonical order
    // anyway (time, kind, entity), so that only real differences count.
    auto order = [](const Event &a, const Event &b) {
        if (a.timeNs != b.timeNs) return a.timeNs < b.timeNs;
        if (a.kind != b.kind) return a.kind < b.kind;
        if (a.entity != b.entity) return a.entity < b.entity;
        return a.payload < b.payload;
    };
    std::stable_sort(recorded.begin(), recorded.end(), order);
    std::stable_sort(events.begin(), events.end(), order);
    const std::size_t n = std::max(recorded.size(), events.size());
    for (std::size_t k = 0; k < n; ++k) {
        const bool both = k < recorded.size() && k < events.size();
        if (both && sameEvent(recorded[k], events[k]))
            continue;
        if (result.alarmEventsDiffering++ == 0) {
            if (!both)
                result.firstEventDifference = k < recorded.size() ? "recorded but not replayed: " + describe(recorded[k])
                                                                  : "replayed but not recorded: " + describe(events[k]);
            else
                result.firstEventDifference = "recorded " + describe(recorded[k]) + ", replayed " + describe(events[k]);
        }
    }
    std::uint64_t readings = 0;
    for (const StateMark &m : recording.marks())
        if (m.timeNs > start)
            readings += m.readings;
    result.readings = readings;
    result.ran = true;
    result.identical = result.statesDiffering == 0 && result.alarmEventsDiffering == 0 && result.initialStateMatches &&
                       result.statesRecorded > 0;
    return result;
}

} // namespace cityops::core
