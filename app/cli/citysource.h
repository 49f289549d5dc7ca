// Where the CLI's commands get their city model: a scenario folder, or the synthetic city.
#pragma once

#include "args.h"

#include "model/citymodel.h"
#include "model/scenario.h"
#include "sim/citysimulator.h"

#include <memory>
#include <string>

namespace cityops::cli {

std::shared_ptr<const core::CityModel> loadCity(const Args &args, std::string &error);

/// The whole scenario named by --scenario (required).
std::shared_ptr<const core::Scenario> loadScenarioArg(const Args &args, std::string &error);

/// Simulator options from --seed, --rain and --rain-peak-in (hours from the start to the storm's peak).
core::SimulatorOptions simulatorOptions(const Args &args, std::int64_t startNs);

} // namespace cityops::cli
