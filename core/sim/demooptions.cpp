#include "sim/demooptions.h"

#include <algorithm>

namespace cityops::core {

SimulatorOptions demoSimulatorOptions(std::int64_t startNs, RainScenario rain, double peakInHours, std::uint64_t seed)
{
    constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
    SimulatorOptions options;
    options.seed = seed;
    options.startNs = startNs;
    options.hydrology.scenario = rain;
    const int peak = std::max(0, peakHour(rain));
    options.hydrology.eventStartNs = startNs + static_cast<std::int64_t>((peakInHours - peak) * 3600.0) * 1'000'000'000LL;
    options.hydrology.eventStartNs -= options.hydrology.eventStartNs % kMinuteNs;
    return options;
}

} // namespace cityops::core
