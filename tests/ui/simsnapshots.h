// Snapshots straight from a simulator's readings, for the tests of models that follow the engine's
// snapshots (FloodWatch, SpeedWatch): each reading becomes its entity's fresh state, as the engine's live
// state would hold it, without the engine's sockets and recorder in between.
#pragma once

#include "feed/reading.h"
#include "model/scenario.h"
#include "state/snapshot.h"

#include <QCoreApplication>
#include <QDeadlineTimer>

#include <memory>
#include <vector>

namespace cityops::testing {

/// Applies `readings` to `state` (one per entity of the scenario's model) and returns the snapshot at `timeNs`.
inline core::SnapshotPtr snapshotOf(const core::Scenario &scenario, std::int64_t timeNs,
                                    const std::vector<core::Reading> &readings, std::vector<core::EntityState> &state)
{
    for (const auto &r : readings) {
        auto &s = state[r.entity];
        for (int f = 0; f < core::kMaxReadingFields; ++f)
            s.values[f] = r.values[f];
        s.fieldMask = r.fieldMask;
        s.freshness = core::Freshness::Fresh;
        s.timeNs = r.timeNs;
    }
    auto snap = std::make_shared<core::CitySnapshot>();
    snap->timeNs = timeNs;
    snap->model = scenario.city;
    snap->entities = state;
    return snap;
}

/// Runs the event loop until `done()` (the follower's result arrived) or `timeoutMs` passed. Unlike
/// QTRY_VERIFY, which sleeps in steps of tens of milliseconds, it returns as soon as the event comes: a
/// test that waits for each of thousands of simulated minutes stays fast.
template <class Done>
bool waitFor(Done done, int timeoutMs = 20000)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!done()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    return true;
}

} // namespace cityops::testing
