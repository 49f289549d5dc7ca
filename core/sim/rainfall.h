// Rainfall scenarios for the simulator: hourly hyetographs of a light shower, a heavy storm and an
// extreme event shaped on Zhengzhou's 20 July 2021 storm (201.9 mm in the peak hour 16:00-17:00 and
// 552.5 mm in the 24 hours to 20:00, per the Zhengzhou Meteorological Bureau). The hourly shape around the
// peak is a reconstruction to those two published anchors, not a gauge record. Pure functions.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace cityops::core {

enum class RainScenario : std::uint8_t { None, Light, Heavy, Extreme };

std::string_view rainScenarioName(RainScenario s);
bool parseRainScenario(std::string_view name, RainScenario &out);

/// Hourly depths (mm) of the scenario, first hour first.
std::span<const double> hyetograph(RainScenario s);

/// Rain rate (mm/h) `secondsSinceStart` into the event; 0 before and after it.
double rainRateMmph(RainScenario s, double secondsSinceStart);

/// Index of the wettest hour of the scenario.
int peakHour(RainScenario s);

} // namespace cityops::core
