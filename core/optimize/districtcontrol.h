// The operator's switch: fixed-time or adaptive signal control per district of the demo city, and the
// fixed-vs-adaptive KPIs the dashboard compares.
//
// Threading: like the simulator they act on: call on the thread that advances it.
#pragma once

#include "optimize/adaptivecontroller.h"
#include "sim/citysimulator.h"

#include <string>
#include <vector>

namespace cityops::core {

/// The simulator's AdaptiveSignalController, installed on first use (all signals fixed-time, so the
/// traffic runs as before until a district is switched). Replaces any other controller.
AdaptiveSignalController &adaptiveSignals(CitySimulator &sim);

/// Signals (indices into the traffic network) whose Signal entity lies in `districtId`; empty id: all.
std::vector<std::uint32_t> signalsInDistrict(const CitySimulator &sim, const std::string &districtId);

/// Switches every signal of a district (empty: the whole city) to adaptive (true) or fixed-time control.
/// Returns how many signals were switched.
int setDistrictAdaptive(CitySimulator &sim, const std::string &districtId, bool adaptive);

} // namespace cityops::core
