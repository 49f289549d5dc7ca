// The record side of `cityops-cli record` and `bench replay`: the demo city's simulator driven through a
// real engine (pipeline, alarm engine, recorder) as fast as it goes, recorded to a session file.
#pragma once

#include "model/scenario.h"
#include "sim/citysimulator.h"

#include <boost/json.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cityops::cli {

/// An incident to stage: the link's id, when it starts (from the run's start), how long, lanes blocked.
struct StagedIncident {
    std::string linkId;
    std::int64_t startNs = 0;
    std::int64_t durationNs = 45LL * 60'000'000'000LL;
    int lanesBlocked = 2;
};

struct RecordSpec {
    std::shared_ptr<const core::Scenario> scenario;
    std::string scenarioDir;
    std::string out;
    core::SimulatorOptions options;
    std::string rainName;
    std::int64_t startNs = 0;
    std::int64_t durationNs = 0;
    std::vector<StagedIncident> incidents;
    int ackAfterMin = 5; ///< an operator acknowledges every other alarm this long after it rose; 0: nobody
};

/// Parses 2h, 90m, 45s, 1h30m or plain seconds; throws UsageError.
std::int64_t parseDuration(const std::string &text, const std::string &option);
/// LINK@START[+DURATION][:LANES], comma-separated, e.g. L00017@30m+45m:2.
std::vector<StagedIncident> parseIncidents(const std::string &text);

/// 2021-07-20 15:00 Asia/Shanghai: the afternoon of the Zhengzhou storm.
inline constexpr std::int64_t kDefaultRecordStartNs = 1626764400LL * 1'000'000'000LL;

/// Records; fills `out` with figures (file, readings, bytes, alarms, wall time, speed). False and `error`.
bool recordRun(const RecordSpec &spec, boost::json::object &out, std::string &error);

} // namespace cityops::cli
