#include "sim/rainfall.h"

#include <algorithm>

namespace cityops::core {

namespace {

// 2 h of light rain, 5 mm in all.
constexpr double kLight[] = {2.0, 3.0};
// A 6 h storm of 120 mm peaking at 50 mm/h: heavier than the drains' design rate (about a 1-in-3-year
// intensity), so streets pond but the city copes.
constexpr double kHeavy[] = {6.0, 14.0, 50.0, 30.0, 14.0, 6.0};
// 24 h from 20:00 on the 19th to 20:00 on the 20th: hour 20 is 16:00-17:00 with 201.9 mm; the 24 values
// add up to 552.5 mm.
constexpr double kExtreme[] = {2.0, 3.0, 3.0, 4.0, 4.0, 5.0, 6.0, 7.0, 9.0, 11.0, 13.0, 15.0, 17.0, 19.0, 21.0, 25.0, 29.0, 41.4, 59.6, 20.2, 201.9, 24.5, 8.9, 3.0};

} // namespace

std::string_view rainScenarioName(RainScenario s)
{
    switch (s) {
    case RainScenario::None: return "none";
    case RainScenario::Light: return "light";
    case RainScenario::Heavy: return "heavy";
    case RainScenario::Extreme: return "extreme";
    }
    return "none";
}

bool parseRainScenario(std::string_view name, RainScenario &out)
{
    for (RainScenario s : {RainScenario::None, RainScenario::Light, RainScenario::Heavy, RainScenario::Extreme})
        if (rainScenarioName(s) == name) {
            out = s;
            return true;
        }
    return false;
}

std::span<const double> hyetograph(RainScenario s)
{
    switch (s) {
    case RainScenario::None: return {};
    case RainScenario::Light: return kLight;
    case RainScenario::Heavy: return kHeavy;
    case RainScenario::Extreme: return kExtreme;
    }
    return {};
}

double rainRateMmph(RainScenario s, double secondsSinceStart)
{
    const auto hours = hyetograph(s);
    if (secondsSinceStart < 0.0)
        return 0.0;
    const auto hour = static_cast<std::size_t>(secondsSinceStart / 3600.0);
    return hour < hours.size() ? hours[hour] : 0.0;
}

int peakHour(RainScenario s)
{
    const auto hours = hyetograph(s);
    if (hours.empty())
        return -1;
    return static_cast<int>(std::max_element(hours.begin(), hours.end()) - hours.begin());
}

} // namespace cityops::core
