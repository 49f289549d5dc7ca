// verifyRecording: replays a recording from its start through an offline engine (same pipeline, same
// alarm engine, replay clock) and compares what it produces with what the live run recorded: the state
// hash at every alarm-grid time and the sequence of alarm events (raised, cleared, acknowledged).
//
// Threading: runs on the calling thread (it owns its offline engine); call it from a job, not the GUI.
#pragma once

#include "replay/replaycontroller.h"

#include <cstdint>
#include <functional>
#include <string>

namespace cityops::core {

struct VerifyResult {
    bool ran = false;                   ///< false: the file could not be replayed (see error)
    bool identical = false;             ///< every hash and every alarm event equal
    std::string error;

    std::uint64_t statesRecorded = 0, statesReplayed = 0, statesDiffering = 0;
    std::int64_t firstStateDifferenceNs = 0;   ///< 0 if none
    std::uint64_t alarmEventsRecorded = 0, alarmEventsReplayed = 0, alarmEventsDiffering = 0;
    std::string firstEventDifference;          ///< a readable description, empty if none
    bool initialStateMatches = true;           ///< a clip: its restored first state hashes as recorded

    std::uint64_t readings = 0;
    std::int64_t startNs = 0, endNs = 0;
    double wallSeconds = 0.0;
    double speed = 0.0;                        ///< engine seconds replayed per wall second
};

/// `progress` (optional) gets the share done, 0..1, now and then.
VerifyResult verifyRecording(const std::string &path, ReplayOptions options = {},
                             const std::function<void(double)> &progress = {});

} // namespace cityops::core
