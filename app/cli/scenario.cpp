// cityops-cli scenario: generate a synthetic scenario folder from a preset and a seed, or validate a folder.
//
//   scenario generate --preset zhengzhou --seed N --out DIR [--json]
//   scenario validate DIR [--json]
//
// validate --json prints {"ok": bool, "counts": {...}, "problems": [{"file", "id", "reason"}, ...]} and exits
// 1 when there is any problem, so scripts and CI can gate on it.
#include "args.h"
#include "commands.h"

#include "model/scenariogenerator.h"
#include "model/scenarioloader.h"

#include <boost/json.hpp>

#include <cstdio>

namespace cityops::cli {

namespace {

namespace json = boost::json;

json::object counts(const core::Scenario *scenario)
{
    auto count = [&](core::EntityKind kind) -> std::int64_t {
        return scenario && scenario->city ? static_cast<std::int64_t>(scenario->city->count(kind)) : 0;
    };
    json::object out;
    out["links"] = count(core::EntityKind::Link);
    out["signals"] = count(core::EntityKind::Signal);
    out["parking"] = count(core::EntityKind::Parking);
    out["services"] = count(core::EntityKind::ServiceCenter);
    out["rain_gauges"] = count(core::EntityKind::RainGauge);
    out["water_stations"] = count(core::EntityKind::WaterStation);
    return out;
}

json::array problems(const std::vector<core::ScenarioProblem> &list)
{
    json::array out;
    for (const auto &p : list)
        out.push_back(json::object{{"file", p.file}, {"id", p.id}, {"reason", p.reason}});
    return out;
}

void printHuman(const std::string &folder, const core::ScenarioLoadResult &result)
{
    const core::Scenario *s = result.scenario.get();
    std::printf("scenario %s%s%s: %s\n", folder.c_str(), s && !s->name.empty() ? " (" : "", s && !s->name.empty() ? (s->name + ")").c_str() : "",
                result.ok() ? "ok" : (std::to_string(result.problems.size()) + " problem(s)").c_str());
    const auto c = counts(s);
    for (const auto &[key, value] : c)
        std::printf("  %-15s %lld\n", std::string(key).c_str(), static_cast<long long>(value.as_int64()));
    if (s) {
        std::printf("  %-15s %zu\n", "intersections", s->intersections.size());
        std::printf("  %-15s %zu\n", "districts", s->districts.size());
        std::printf("  %-15s %zu\n", "water_bodies", s->waterBodies.size());
        std::printf("  %-15s %zu\n", "inlets", s->inlets.size());
        std::printf("  %-15s %d x %d cells of %.6g deg\n", "grids", s->terrain.cols(), s->terrain.rows(), s->terrain.cellSize());
    }
    for (const auto &p : result.problems)
        std::printf("problem: %s\n", core::formatProblem(p).c_str());
}

int validate(int argc, char **argv)
{
    const Args args(argc, argv, 3, {}, {"json", "help"});
    if (args.has("help")) {
        std::puts("cityops-cli scenario validate DIR [--json]\n"
                  "  loads the scenario folder, checks every file and lists each problem with file, feature id and reason;\n"
                  "  exits 1 if there is any problem");
        return 0;
    }
    if (args.positional().size() != 1)
        throw UsageError("validate needs exactly one scenario folder");
    const std::string folder = args.positional().front();
    const auto result = core::loadScenario(folder);
    if (args.has("json")) {
        json::object out;
        out["ok"] = result.ok();
        out["counts"] = counts(result.scenario.get());
        out["problems"] = problems(result.problems);
        std::puts(json::serialize(out).c_str());
    } else {
        printHuman(folder, result);
    }
    return result.ok() ? 0 : 1;
}

int generate(int argc, char **argv)
{
    const Args args(argc, argv, 3, {"preset", "seed", "out"}, {"json", "help"});
    if (args.has("help")) {
        std::puts("cityops-cli scenario generate --preset zhengzhou --seed N --out DIR [--json]\n"
                  "  writes a synthetic scenario folder; the same preset and seed give byte-identical files");
        return 0;
    }
    if (!args.has("out"))
        throw UsageError("--out DIR is required");
    if (!args.positional().empty())
        throw UsageError("unexpected argument '" + args.positional().front() + "'");
    const std::string preset = args.value("preset", "zhengzhou");
    const long long seed = args.integer("seed", 1);
    if (seed < 0)
        throw UsageError("--seed must be zero or more");
    std::string error;
    const auto files = core::generateScenario(preset, static_cast<std::uint64_t>(seed), error);
    if (!files)
        throw UsageError(error);
    const std::string folder = args.value("out");
    if (!core::writeScenarioFiles(folder, *files, error)) {
        std::fprintf(stderr, "cityops-cli scenario generate: %s\n", error.c_str());
        return 1;
    }
    // Read back what was written: a generator bug shows up here, not in the next person's run.
    const auto result = core::loadScenario(folder);
    std::size_t total = 0;
    json::array list;
    for (const auto &f : *files) {
        total += f.content.size();
        list.push_back(json::object{{"name", f.name}, {"bytes", f.content.size()}});
    }
    if (args.has("json")) {
        json::object out;
        out["ok"] = result.ok();
        out["out"] = folder;
        out["preset"] = preset;
        out["seed"] = seed;
        out["bytes"] = total;
        out["files"] = std::move(list);
        out["counts"] = counts(result.scenario.get());
        out["problems"] = problems(result.problems);
        std::puts(json::serialize(out).c_str());
    } else {
        std::printf("wrote %zu files, %.2f MB, preset %s seed %lld\n", files->size(), static_cast<double>(total) / 1e6, preset.c_str(), seed);
        printHuman(folder, result);
    }
    return result.ok() ? 0 : 1;
}

} // namespace

int runScenario(int argc, char **argv)
{
    if (argc < 3)
        throw UsageError("which? generate or validate");
    const std::string which = argv[2];
    if (which == "generate")
        return generate(argc, argv);
    if (which == "validate")
        return validate(argc, argv);
    throw UsageError("unknown scenario command '" + which + "' (generate, validate)");
}

} // namespace cityops::cli
