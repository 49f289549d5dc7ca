#include "citysource.h"

#include "model/scenarioloader.h"
#include "model/syntheticcity.h"

namespace cityops::cli {

std::shared_ptr<const core::Scenario> loadScenarioArg(const Args &args, std::string &error)
{
    if (!args.has("scenario")) {
        error = "--scenario DIR is required (the demo city is resources/scenarios/zhengzhou)";
        return nullptr;
    }
    const std::string folder = args.value("scenario");
    auto result = core::loadScenario(folder);
    if (!result.ok()) {
        error = "scenario '" + folder + "' has " + std::to_string(result.problems.size()) + " problem(s)";
        if (!result.problems.empty())
            error += ", the first: " + core::formatProblem(result.problems.front());
        error += " (cityops-cli scenario validate " + folder + " lists them all)";
        return nullptr;
    }
    return result.scenario;
}

std::shared_ptr<const core::CityModel> loadCity(const Args &args, std::string &error)
{
    if (args.has("scenario")) {
        auto scenario = loadScenarioArg(args, error);
        return scenario ? scenario->city : nullptr;
    }
    return core::makeSyntheticCity();
}

} // namespace cityops::cli
