// The road network as seen by the traffic models of core/predict: for every scenario link (index into
// Scenario::links), the links its traffic moves on to, and a SeriesGraph of neighbours (upstream and
// downstream, weight 1) for the speed forecaster.
//
// Threading: pure functions of the scenario; safe from any thread.
#pragma once

#include "model/scenario.h"
#include "predict/speedforecaster.h"

#include <cstdint>
#include <vector>

namespace cityops::core {

/// downstream[l]: scenario links that movements lead to from link l (turns, through).
std::vector<std::vector<std::uint32_t>> scenarioDownstreamLinks(const Scenario &scenario);
/// Neighbours upstream and downstream of each link, weight 1.
SeriesGraph scenarioLinkGraph(const Scenario &scenario);
/// The same from a downstream list.
SeriesGraph linkGraphFromDownstream(const std::vector<std::vector<std::uint32_t>> &downstream);

} // namespace cityops::core
