// Loading a scenario folder into a Scenario (CityModel + geometry), validating every file on the way.
//
// The folder holds `scenario.json` and files in standard formats that GIS tools open:
//
//   scenario.json   {"format": "cityops-scenario", "format_version": 1, "name", "time_zone",
//                    "crs": "EPSG:4326", "bounds": [minLon, minLat, maxLon, maxLat],
//                    "files": {role: file name, ...}, "metadata": {"synthetic": bool, "note": ...}}
//   roads           GeoJSON LineString, one per directed link: id, from, to, lanes, speed_limit_kmh,
//                   capacity_vph, name, length_m; optional name_zh, road_class, reverse, tunnel, underpass
//   intersections   GeoJSON Point: id, signalized, phases [{id, links, movements [[in, out, turn]],
//                   min_green_s, max_green_s, amber_s, all_red_s}]
//   sensors         GeoJSON Point: id, kind "rain_gauge" | "water_station" (warning_level_m), name
//   parking         GeoJSON Point: id, name, capacity, underground
//   services        GeoJSON Point: id, name, kind "admin_hall" | "hospital", counters
//   districts       GeoJSON Polygon/MultiPolygon: id, name_zh, name_en, kind
//   water           GeoJSON Polygon/MultiPolygon: id, name_zh, name_en, kind "lake" | "river"
//   drainage_inlets GeoJSON Point: id, capacity_lps, link (optional)
//   terrain, imperviousness, drainage_capacity: ESRI ASCII grids (.asc), all the same size
//
// Problems are collected, never thrown: each names the file, the feature id (or a header key or grid row)
// and the reason. A scenario with problems still loads as far as it can, so a validator can count what is
// there.
//
// Threading: a pure function of the folder's contents; safe to call from any thread.
#pragma once

#include "model/scenario.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cityops::core {

struct ScenarioProblem {
    std::string file;   ///< file name relative to the scenario folder
    std::string id;     ///< feature id, header key or grid row; empty when the problem is about the whole file
    std::string reason;
};

struct ScenarioLoadResult {
    std::shared_ptr<const Scenario> scenario; ///< null only if scenario.json could not be read at all
    std::vector<ScenarioProblem> problems;
    bool ok() const { return scenario && problems.empty(); }
};

/// The file names scenario.json lists, by role, in the order the loader reads them.
inline constexpr const char *kScenarioFileRoles[] = {"roads", "intersections", "sensors", "parking", "services",
                                                     "districts", "water", "drainage_inlets", "terrain",
                                                     "imperviousness", "drainage_capacity"};

ScenarioLoadResult loadScenario(const std::filesystem::path &folder);

/// "file: id: reason" (parts that are empty are left out).
std::string formatProblem(const ScenarioProblem &problem);

} // namespace cityops::core
