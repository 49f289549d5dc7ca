// Generating a scenario folder (the format scenarioloader.h reads) from a preset and a seed.
//
// The "zhengzhou" preset lays out a synthetic city after the general plan of Zhengzhou in WGS84 around
// 34.75N 113.65E: the old street grid of Zhongyuan, Erqi, Guancheng and Jinshui cut by the north-south
// railway (crossed only by low underpasses) with one road tunnel, the concentric ring roads of the Zhengdong
// CBD around its central lake, the Zhengdong street grid around Longhu lake, the 3rd and 4th ring
// expressways, outer secondary roads, rivers, district polygons with their real names, and the terrain,
// imperviousness and drainage-capacity rasters. None of the geometry is surveyed data.
//
// Output is a pure function of (preset, seed): a deterministic RNG (std::mt19937_64, whose sequence the
// standard fixes) with hand-written distributions and fixed-precision, locale-independent number
// formatting, so that regenerating gives byte-identical files.
//
// Threading: pure functions; safe to call from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cityops::core {

struct ScenarioFile {
    std::string name;    ///< file name inside the scenario folder
    std::string content; ///< exact bytes
};

/// The presets generateScenario() knows.
std::vector<std::string> scenarioPresets();

/// Every file of the scenario, in memory. Returns nullopt (and sets `error`) for an unknown preset.
std::optional<std::vector<ScenarioFile>> generateScenario(const std::string &preset, std::uint64_t seed,
                                                          std::string &error);

/// Writes the files into `folder` (created if needed), replacing files of the same names.
bool writeScenarioFiles(const std::filesystem::path &folder, const std::vector<ScenarioFile> &files, std::string &error);

} // namespace cityops::core
