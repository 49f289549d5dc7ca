#include "model/scenarioloader.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

namespace cityops::core {

namespace fs = std::filesystem;
namespace json = boost::json;

// ---- Scenario helpers (declared in scenario.h) ---------------------------------------------------------

const LinkGeometry *Scenario::linkGeometry(std::string_view linkId) const
{
    if (!city)
        return nullptr;
    auto index = city->find(EntityKind::Link, linkId);
    if (!index)
        return nullptr;
    // `links` is in entity order (the loader adds them as it reads the roads file).
    auto it = std::lower_bound(links.begin(), links.end(), *index,
                               [](const LinkGeometry &g, std::uint32_t e) { return g.entity < e; });
    return it != links.end() && it->entity == *index ? &*it : nullptr;
}

const Intersection *Scenario::intersection(std::string_view id) const
{
    auto it = intersectionIndex.find(id);
    return it == intersectionIndex.end() ? nullptr : &intersections[it->second];
}

namespace {

bool ringContains(const GeoRing &ring, GeoPoint p)
{
    bool inside = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        const GeoPoint &a = ring[i];
        const GeoPoint &b = ring[j];
        if ((a.lat > p.lat) != (b.lat > p.lat) && p.lon < (b.lon - a.lon) * (p.lat - a.lat) / (b.lat - a.lat) + a.lon)
            inside = !inside;
    }
    return inside;
}

} // namespace

bool polygonContains(const GeoPolygon &polygon, GeoPoint p)
{
    if (polygon.outer.size() < 3 || !ringContains(polygon.outer, p))
        return false;
    return std::none_of(polygon.holes.begin(), polygon.holes.end(),
                        [&](const GeoRing &hole) { return hole.size() >= 3 && ringContains(hole, p); });
}

double distanceM(GeoPoint a, GeoPoint b)
{
    constexpr double kEarthRadiusM = 6371008.8;
    constexpr double kRad = 3.14159265358979323846 / 180.0;
    const double dLat = (b.lat - a.lat) * kRad;
    const double dLon = (b.lon - a.lon) * kRad;
    const double h = std::sin(dLat / 2) * std::sin(dLat / 2)
        + std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dLon / 2) * std::sin(dLon / 2);
    return 2 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(h)));
}

double polylineLengthM(const std::vector<GeoPoint> &points)
{
    double total = 0;
    for (std::size_t k = 1; k < points.size(); ++k)
        total += distanceM(points[k - 1], points[k]);
    return total;
}

std::string formatProblem(const ScenarioProblem &problem)
{
    std::string out = problem.file;
    if (!problem.id.empty())
        out += (out.empty() ? "" : ": ") + problem.id;
    out += (out.empty() ? "" : ": ") + problem.reason;
    return out;
}

namespace {

// Every problem is listed; this only bounds the output for a file that is not a scenario file at all.
constexpr std::size_t kMaxProblemsPerFile = 10000;

std::optional<std::string> readText(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return std::nullopt;
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::optional<double> asNumber(const json::value &v)
{
    if (v.is_double())
        return v.get_double();
    if (v.is_int64())
        return static_cast<double>(v.get_int64());
    if (v.is_uint64())
        return static_cast<double>(v.get_uint64());
    return std::nullopt;
}

std::string describe(const json::value &v)
{
    std::string text = json::serialize(v);
    if (text.size() > 40)
        text = text.substr(0, 37) + "...";
    return text;
}

std::string formatDouble(double v)
{
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return buffer;
}

/// A feature of a FeatureCollection, with the id it is reported under.
struct Feature {
    std::string id;
    const json::object *properties = nullptr;
    const json::object *geometry = nullptr;
};

class Loader {
public:
    Loader(fs::path folder, ScenarioLoadResult &result) : m_folder(std::move(folder)), m_result(result) {}

    void run();

private:
    // Problem reporting, attributed to the file being read.
    void problem(std::string id, std::string reason)
    {
        ++m_reported;
        if (m_fileProblems++ == kMaxProblemsPerFile) {
            m_result.problems.push_back({m_file, "", "more problems in this file are not listed"});
            return;
        }
        if (m_fileProblems > kMaxProblemsPerFile)
            return;
        m_result.problems.push_back({m_file, std::move(id), std::move(reason)});
    }
    void beginFile(const std::string &name)
    {
        m_file = name;
        m_fileProblems = 0;
    }

    bool readManifest();
    std::optional<json::value> readJson(const fs::path &path);
    std::vector<Feature> readFeatures(const std::string &role);

    // Typed property access; each reports what is wrong and returns nullopt.
    const json::value *property(const Feature &f, std::string_view key, bool required);
    std::optional<double> number(const Feature &f, std::string_view key, bool required);
    std::optional<long long> integer(const Feature &f, std::string_view key, bool required);
    std::optional<std::string> string(const Feature &f, std::string_view key, bool required);
    std::optional<bool> boolean(const Feature &f, std::string_view key);
    std::optional<double> positive(const Feature &f, std::string_view key, bool required);

    // Geometry.
    const json::array *coordinates(const Feature &f, std::initializer_list<std::string_view> types, std::string &type);
    std::optional<GeoPoint> position(const Feature &f, const json::value &v, std::string_view where);
    std::optional<GeoPoint> point(const Feature &f);
    std::optional<std::vector<GeoPoint>> lineString(const Feature &f);
    std::optional<std::vector<GeoPolygon>> polygons(const Feature &f);
    std::optional<GeoRing> ring(const Feature &f, const json::value &v);

    void readIntersections();
    void readRoads();
    void checkPhases();
    void readSensors();
    void readParking();
    void readServices();
    void readDistricts();
    void readWater();
    template <typename Area>
    void readNamedAreas(const char *layer, const char *defaultKind, std::vector<Area> &out);
    void readInlets();
    void readGrids();
    void finish();

    fs::path m_folder;
    ScenarioLoadResult &m_result;
    std::shared_ptr<Scenario> m_scenario = std::make_shared<Scenario>();
    std::shared_ptr<CityModel> m_city = std::make_shared<CityModel>();
    std::map<std::string, std::string> m_files; // role -> file name
    std::string m_file = "scenario.json";
    std::size_t m_fileProblems = 0;
    std::size_t m_reported = 0; // every problem, listed or not: "did this feature have any?"
    // Links present in the roads file but rejected: already reported there, so not again wherever they are named.
    std::set<std::string, std::less<>> m_rejectedLinks;
    // The intersections file's raw phase lists, checked once the roads are known.
    std::vector<std::pair<std::size_t, json::array>> m_pendingPhases;
    // Parsed documents stay alive while their features are read (Feature points into them).
    std::vector<std::unique_ptr<json::value>> m_documents;
};

std::optional<json::value> Loader::readJson(const fs::path &path)
{
    auto text = readText(path);
    if (!text) {
        problem("", "cannot open the file");
        return std::nullopt;
    }
    json::stream_parser parser;
    json::error_code ec;
    const std::size_t used = parser.write_some(text->data(), text->size(), ec);
    if (!ec)
        parser.finish(ec);
    if (ec) {
        const std::size_t at = std::min(used, text->size());
        const auto line = 1 + std::count(text->begin(), text->begin() + static_cast<std::ptrdiff_t>(at), '\n');
        const auto lineStart = text->rfind('\n', at == 0 ? 0 : at - 1);
        const auto column = at - (lineStart == std::string::npos ? 0 : lineStart + 1) + 1;
        problem("", "not valid JSON (" + ec.message() + ") at line " + std::to_string(line) + " column "
                        + std::to_string(column));
        return std::nullopt;
    }
    return parser.release();
}

bool Loader::readManifest()
{
    beginFile("scenario.json");
    if (!fs::is_directory(m_folder)) {
        m_result.problems.push_back({"", "", "scenario folder '" + m_folder.string() + "' does not exist"});
        return false;
    }
    auto doc = readJson(m_folder / "scenario.json");
    if (!doc)
        return false;
    if (!doc->is_object()) {
        problem("", "must be a JSON object");
        return false;
    }
    const auto &root = doc->get_object();
    auto text = [&](std::string_view key, bool required) -> std::string {
        const auto *v = root.if_contains(key);
        if (!v) {
            if (required)
                problem(std::string(key), "missing required key");
            return {};
        }
        if (!v->is_string()) {
            problem(std::string(key), "must be a string");
            return {};
        }
        return std::string(v->get_string());
    };
    if (const auto *format = root.if_contains("format"); format && !(format->is_string() && format->get_string() == "cityops-scenario"))
        problem("format", "must be \"cityops-scenario\"");
    if (const auto *version = root.if_contains("format_version"); version && asNumber(*version).value_or(0) != 1)
        problem("format_version", "unsupported version " + describe(*version) + " (this build reads version 1)");
    m_scenario->name = text("name", true);
    m_scenario->timeZone = text("time_zone", true);
    m_scenario->crs = text("crs", true);
    if (!m_scenario->crs.empty() && m_scenario->crs != "EPSG:4326")
        problem("crs", "coordinate system '" + m_scenario->crs + "' is not supported; use EPSG:4326 (WGS84)");

    const auto *bounds = root.if_contains("bounds");
    bool boundsOk = false;
    if (!bounds) {
        problem("bounds", "missing required key");
    } else if (!bounds->is_array() || bounds->get_array().size() != 4) {
        problem("bounds", "must be [min_lon, min_lat, max_lon, max_lat]");
    } else {
        double b[4] = {};
        boundsOk = true;
        for (std::size_t k = 0; k < 4; ++k) {
            auto v = asNumber(bounds->get_array()[k]);
            if (!v || !std::isfinite(*v)) {
                problem("bounds", "value " + std::to_string(k + 1) + " is not a number");
                boundsOk = false;
            } else {
                b[k] = *v;
            }
        }
        m_scenario->bounds = {b[0], b[1], b[2], b[3]};
        if (boundsOk && (!m_scenario->bounds.valid() || b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90)) {
            problem("bounds", "not a valid longitude/latitude box");
            boundsOk = false;
        }
    }
    if (!boundsOk)
        m_scenario->bounds = {-180, -90, 180, 90}; // so that coordinates are still checked for sanity

    if (const auto *metadata = root.if_contains("metadata"); metadata && metadata->is_object()) {
        if (const auto *note = metadata->get_object().if_contains("note"); note && note->is_string())
            m_scenario->note = std::string(note->get_string());
    }

    const auto *files = root.if_contains("files");
    if (!files || !files->is_object()) {
        problem("files", files ? "must be an object of role: file name" : "missing required key");
        return true;
    }
    for (const char *role : kScenarioFileRoles) {
        const auto *name = files->get_object().if_contains(role);
        if (!name) {
            problem(std::string("files.") + role, "missing required file role");
            continue;
        }
        if (!name->is_string() || name->get_string().empty()) {
            problem(std::string("files.") + role, "must be a file name");
            continue;
        }
        const fs::path relative(std::string(name->get_string()));
        const bool escapes = relative.is_absolute()
            || std::any_of(relative.begin(), relative.end(), [](const fs::path &part) { return part == ".."; });
        if (escapes) {
            problem(std::string("files.") + role, "must name a file inside the scenario folder");
            continue;
        }
        if (!fs::is_regular_file(m_folder / relative)) {
            problem(std::string("files.") + role, "listed file '" + relative.generic_string() + "' does not exist");
            continue;
        }
        m_files[role] = relative.generic_string();
    }
    for (const auto &[key, value] : files->get_object()) {
        (void)value;
        if (std::none_of(std::begin(kScenarioFileRoles), std::end(kScenarioFileRoles), [&](const char *r) { return key == r; }))
            problem("files." + std::string(key), "unknown file role");
    }
    return true;
}

std::vector<Feature> Loader::readFeatures(const std::string &role)
{
    std::vector<Feature> features;
    auto it = m_files.find(role);
    if (it == m_files.end())
        return features; // already reported by the manifest
    beginFile(it->second);
    // The documents must outlive the views in `features`: keep them for the loader's lifetime.
    auto doc = readJson(m_folder / it->second);
    if (!doc)
        return features;
    m_documents.push_back(std::make_unique<json::value>(std::move(*doc)));
    const json::value &root = *m_documents.back();
    const json::object *collection = root.if_object();
    const json::value *type = collection ? collection->if_contains("type") : nullptr;
    if (!collection || !type || !type->is_string() || type->get_string() != "FeatureCollection") {
        problem("", "must be a GeoJSON FeatureCollection");
        return features;
    }
    const json::value *list = collection->if_contains("features");
    if (!list || !list->is_array()) {
        problem("", "FeatureCollection has no 'features' array");
        return features;
    }
    std::set<std::string, std::less<>> seen;
    std::size_t ordinal = 0;
    for (const json::value &item : list->get_array()) {
        ++ordinal;
        const std::string fallbackId = "feature #" + std::to_string(ordinal);
        const json::object *feature = item.if_object();
        if (!feature) {
            problem(fallbackId, "is not a JSON object");
            continue;
        }
        Feature f;
        const json::value *props = feature->if_contains("properties");
        f.properties = props ? props->if_object() : nullptr;
        // The id lives in properties (what GIS tools show); the GeoJSON feature id is accepted too.
        const json::value *id = f.properties ? f.properties->if_contains("id") : nullptr;
        if (!id)
            id = feature->if_contains("id");
        if (id && id->is_string() && !id->get_string().empty())
            f.id = std::string(id->get_string());
        else if (id && (id->is_int64() || id->is_uint64()))
            f.id = json::serialize(*id);
        if (!f.properties) {
            problem(f.id.empty() ? fallbackId : f.id, "has no 'properties' object");
            continue;
        }
        if (f.id.empty()) {
            problem(fallbackId, id ? "property 'id' must be a non-empty string" : "missing required property 'id'");
            continue;
        }
        if (!seen.insert(f.id).second) {
            problem(f.id, "duplicate id");
            continue;
        }
        const json::value *geometry = feature->if_contains("geometry");
        f.geometry = geometry ? geometry->if_object() : nullptr;
        if (!f.geometry) {
            problem(f.id, "has no geometry");
            continue;
        }
        features.push_back(f);
    }
    return features;
}

const json::value *Loader::property(const Feature &f, std::string_view key, bool required)
{
    const json::value *v = f.properties->if_contains(key);
    if (v && v->is_null())
        v = nullptr;
    if (!v && required)
        problem(f.id, "missing required property '" + std::string(key) + "'");
    return v;
}

std::optional<double> Loader::number(const Feature &f, std::string_view key, bool required)
{
    const json::value *v = property(f, key, required);
    if (!v)
        return std::nullopt;
    auto n = asNumber(*v);
    if (!n || !std::isfinite(*n)) {
        problem(f.id, "property '" + std::string(key) + "' is not a number: " + describe(*v));
        return std::nullopt;
    }
    return n;
}

std::optional<long long> Loader::integer(const Feature &f, std::string_view key, bool required)
{
    auto n = number(f, key, required);
    if (!n)
        return std::nullopt;
    if (*n != std::floor(*n) || std::abs(*n) > 1e15) {
        problem(f.id, "property '" + std::string(key) + "' must be a whole number, got " + formatDouble(*n));
        return std::nullopt;
    }
    return static_cast<long long>(*n);
}

std::optional<double> Loader::positive(const Feature &f, std::string_view key, bool required)
{
    auto n = number(f, key, required);
    if (n && *n <= 0) {
        problem(f.id, "property '" + std::string(key) + "' must be positive, got " + formatDouble(*n));
        return std::nullopt;
    }
    return n;
}

std::optional<std::string> Loader::string(const Feature &f, std::string_view key, bool required)
{
    const json::value *v = property(f, key, required);
    if (!v)
        return std::nullopt;
    if (!v->is_string()) {
        problem(f.id, "property '" + std::string(key) + "' must be a string, got " + describe(*v));
        return std::nullopt;
    }
    if (required && v->get_string().empty()) {
        problem(f.id, "property '" + std::string(key) + "' is empty");
        return std::nullopt;
    }
    return std::string(v->get_string());
}

std::optional<bool> Loader::boolean(const Feature &f, std::string_view key)
{
    const json::value *v = property(f, key, false);
    if (!v)
        return std::nullopt;
    if (!v->is_bool()) {
        problem(f.id, "property '" + std::string(key) + "' must be true or false, got " + describe(*v));
        return std::nullopt;
    }
    return v->get_bool();
}

const json::array *Loader::coordinates(const Feature &f, std::initializer_list<std::string_view> types, std::string &type)
{
    const json::value *t = f.geometry->if_contains("type");
    type = t && t->is_string() ? std::string(t->get_string()) : std::string();
    if (std::find(types.begin(), types.end(), type) == types.end()) {
        std::string expected;
        for (auto name : types)
            expected += (expected.empty() ? "" : " or ") + std::string(name);
        problem(f.id, "geometry must be a " + expected + (type.empty() ? std::string() : ", not a " + type));
        return nullptr;
    }
    const json::value *c = f.geometry->if_contains("coordinates");
    if (!c || !c->is_array()) {
        problem(f.id, "geometry has no coordinates array");
        return nullptr;
    }
    return &c->get_array();
}

std::optional<GeoPoint> Loader::position(const Feature &f, const json::value &v, std::string_view where)
{
    const json::array *pair = v.if_array();
    if (!pair || pair->size() < 2) {
        problem(f.id, std::string(where) + " must be a [longitude, latitude] pair, got " + describe(v));
        return std::nullopt;
    }
    auto lon = asNumber((*pair)[0]);
    auto lat = asNumber((*pair)[1]);
    if (!lon || !lat || !std::isfinite(*lon) || !std::isfinite(*lat)) {
        problem(f.id, std::string(where) + " is not a pair of numbers: " + describe(v));
        return std::nullopt;
    }
    const GeoPoint p{*lon, *lat};
    if (!m_scenario->bounds.contains(p)) {
        problem(f.id, std::string(where) + " (" + formatDouble(p.lon) + ", " + formatDouble(p.lat)
                          + ") is outside the scenario bounds");
        return std::nullopt;
    }
    return p;
}

std::optional<GeoPoint> Loader::point(const Feature &f)
{
    std::string type;
    const json::value *c = f.geometry->if_contains("coordinates");
    if (!coordinates(f, {"Point"}, type) || !c)
        return std::nullopt;
    return position(f, *c, "coordinate");
}

std::optional<std::vector<GeoPoint>> Loader::lineString(const Feature &f)
{
    std::string type;
    const json::array *c = coordinates(f, {"LineString"}, type);
    if (!c)
        return std::nullopt;
    if (c->size() < 2) {
        problem(f.id, "a LineString needs at least 2 positions");
        return std::nullopt;
    }
    std::vector<GeoPoint> points;
    points.reserve(c->size());
    for (std::size_t k = 0; k < c->size(); ++k) {
        auto p = position(f, (*c)[k], "coordinate " + std::to_string(k + 1));
        if (!p)
            return std::nullopt; // one message per feature is enough
        points.push_back(*p);
    }
    return points;
}

std::optional<GeoRing> Loader::ring(const Feature &f, const json::value &v)
{
    const json::array *positions = v.if_array();
    if (!positions) {
        problem(f.id, "a polygon ring must be an array of positions");
        return std::nullopt;
    }
    if (positions->size() < 4) {
        problem(f.id, "a polygon ring needs at least 4 positions");
        return std::nullopt;
    }
    GeoRing out;
    out.reserve(positions->size());
    for (std::size_t k = 0; k < positions->size(); ++k) {
        auto p = position(f, (*positions)[k], "coordinate " + std::to_string(k + 1));
        if (!p)
            return std::nullopt;
        out.push_back(*p);
    }
    if (!(out.front() == out.back())) {
        problem(f.id, "polygon ring is not closed (first and last positions differ)");
        return std::nullopt;
    }
    return out;
}

std::optional<std::vector<GeoPolygon>> Loader::polygons(const Feature &f)
{
    std::string type;
    const json::array *c = coordinates(f, {"Polygon", "MultiPolygon"}, type);
    if (!c)
        return std::nullopt;
    auto polygon = [&](const json::value &rings) -> std::optional<GeoPolygon> {
        const json::array *list = rings.if_array();
        if (!list || list->empty()) {
            problem(f.id, "a polygon must have at least its outer ring");
            return std::nullopt;
        }
        GeoPolygon out;
        for (std::size_t k = 0; k < list->size(); ++k) {
            auto r = ring(f, (*list)[k]);
            if (!r)
                return std::nullopt;
            (k == 0 ? out.outer : out.holes.emplace_back()) = std::move(*r);
        }
        return out;
    };
    std::vector<GeoPolygon> out;
    if (type == "Polygon") {
        auto p = polygon(*c);
        if (!p)
            return std::nullopt;
        out.push_back(std::move(*p));
    } else {
        if (c->empty()) {
            problem(f.id, "a MultiPolygon needs at least one polygon");
            return std::nullopt;
        }
        for (const auto &item : *c) {
            auto p = polygon(item);
            if (!p)
                return std::nullopt;
            out.push_back(std::move(*p));
        }
    }
    return out;
}

void Loader::readIntersections()
{
    for (const Feature &f : readFeatures("intersections")) {
        auto p = point(f);
        auto signalized = boolean(f, "signalized");
        auto name = string(f, "name", false);
        auto nameZh = string(f, "name_zh", false);
        const json::value *phases = property(f, "phases", false);
        if (phases && !phases->is_array()) {
            problem(f.id, "property 'phases' must be an array");
            phases = nullptr;
        }
        const bool hasPhases = phases && !phases->get_array().empty();
        if (signalized.value_or(false) && !hasPhases)
            problem(f.id, "signalised intersection has no signal phases");
        if (signalized && !*signalized && hasPhases)
            problem(f.id, "has signal phases but 'signalized' is false");
        if (!p)
            continue;
        Intersection node;
        node.id = f.id;
        node.name = name.value_or(std::string());
        node.nameZh = nameZh.value_or(std::string());
        node.position = *p;
        node.signalized = signalized.value_or(hasPhases);
        m_scenario->intersectionIndex.emplace(node.id, m_scenario->intersections.size());
        if (node.signalized && hasPhases)
            m_pendingPhases.emplace_back(m_scenario->intersections.size(), phases->get_array());
        m_scenario->intersections.push_back(std::move(node));
    }
}

void Loader::readRoads()
{
    struct Pending {
        std::string id;
        std::string reverse;
    };
    std::vector<Pending> reverses;
    for (const Feature &f : readFeatures("roads")) {
        const std::size_t before = m_reported;
        auto points = lineString(f);
        auto from = string(f, "from", true);
        auto to = string(f, "to", true);
        int lanes = 0;
        if (auto value = integer(f, "lanes", true)) {
            if (*value <= 0 || *value > 100)
                problem(f.id, "lanes must be between 1 and 100, got " + std::to_string(*value));
            else
                lanes = static_cast<int>(*value);
        }
        auto speed = positive(f, "speed_limit_kmh", true);
        auto capacity = positive(f, "capacity_vph", true);
        auto name = string(f, "name", true);
        auto nameZh = string(f, "name_zh", false);
        auto length = positive(f, "length_m", true);
        auto reverse = string(f, "reverse", false);
        auto roadClass = string(f, "road_class", false);
        auto tunnel = boolean(f, "tunnel");
        auto underpass = boolean(f, "underpass");

        const Intersection *fromNode = nullptr;
        const Intersection *toNode = nullptr;
        if (from && !(fromNode = m_scenario->intersection(*from)))
            problem(f.id, "from node '" + *from + "' does not exist");
        if (to && !(toNode = m_scenario->intersection(*to)))
            problem(f.id, "to node '" + *to + "' does not exist");
        if (from && to && *from == *to)
            problem(f.id, "starts and ends at the same node '" + *from + "'");
        if (points) {
            constexpr double kSnapM = 15.0;
            if (fromNode && distanceM(points->front(), fromNode->position) > kSnapM)
                problem(f.id, "geometry starts " + formatDouble(distanceM(points->front(), fromNode->position))
                                  + " m away from its from node '" + fromNode->id + "'");
            if (toNode && distanceM(points->back(), toNode->position) > kSnapM)
                problem(f.id, "geometry ends " + formatDouble(distanceM(points->back(), toNode->position))
                                  + " m away from its to node '" + toNode->id + "'");
            const double measured = polylineLengthM(*points);
            if (length && std::abs(*length - measured) > std::max(5.0, 0.05 * measured))
                problem(f.id, "length_m " + formatDouble(*length) + " disagrees with the geometry's length "
                                  + formatDouble(measured) + " m");
        }
        if (m_reported != before || !points || !fromNode || !toNode || lanes <= 0 || !speed || !capacity || !name || !length) {
            m_rejectedLinks.insert(f.id);
            continue;
        }

        Entity e;
        e.id = f.id;
        e.kind = EntityKind::Link;
        e.name = *name;
        e.nameZh = nameZh.value_or(std::string());
        e.fromNode = *from;
        e.toNode = *to;
        e.lanes = lanes;
        e.speedLimitKmh = *speed;
        e.capacityVph = *capacity;
        e.lengthM = *length;
        e.category = roadClass.value_or(std::string());
        e.underground = tunnel.value_or(false);
        e.underpass = underpass.value_or(false);
        // Representative position: half way along the polyline.
        double half = polylineLengthM(*points) / 2;
        GeoPoint mid = points->front();
        for (std::size_t k = 1; k < points->size(); ++k) {
            const double step = distanceM((*points)[k - 1], (*points)[k]);
            if (step >= half && step > 0) {
                const double t = half / step;
                mid = {(*points)[k - 1].lon + t * ((*points)[k].lon - (*points)[k - 1].lon),
                       (*points)[k - 1].lat + t * ((*points)[k].lat - (*points)[k - 1].lat)};
                break;
            }
            half -= step;
            mid = (*points)[k];
        }
        e.lon = mid.lon;
        e.lat = mid.lat;
        auto index = m_city->add(std::move(e));
        if (!index)
            continue; // ids are unique within the file, so this cannot happen
        LinkGeometry g;
        g.entity = *index;
        g.points = std::move(*points);
        g.tunnel = tunnel.value_or(false);
        g.underpass = underpass.value_or(false);
        if (reverse && !reverse->empty())
            reverses.push_back({f.id, *reverse});
        g.reverseLink = reverse.value_or(std::string());
        m_scenario->links.push_back(std::move(g));
        m_scenario->intersections[m_scenario->intersectionIndex.find(*from)->second].outgoing.push_back(f.id);
        m_scenario->intersections[m_scenario->intersectionIndex.find(*to)->second].incoming.push_back(f.id);
    }
    for (const auto &[id, reverse] : reverses) {
        auto a = m_city->find(EntityKind::Link, id);
        auto b = m_city->find(EntityKind::Link, reverse);
        if (!b && m_rejectedLinks.count(reverse))
            continue;
        if (!b) {
            problem(id, "reverse link '" + reverse + "' does not exist");
            continue;
        }
        const Entity &ea = m_city->entity(*a);
        const Entity &eb = m_city->entity(*b);
        if (ea.fromNode != eb.toNode || ea.toNode != eb.fromNode)
            problem(id, "reverse link '" + reverse + "' does not join the same nodes the other way");
    }
}

void Loader::checkPhases()
{
    if (auto it = m_files.find("intersections"); it != m_files.end())
        beginFile(it->second);
    else
        return;
    auto links = [&](const Intersection &node, bool in) -> const std::vector<std::string> & {
        return in ? node.incoming : node.outgoing;
    };
    auto contains = [](const std::vector<std::string> &list, std::string_view id) {
        return std::find(list.begin(), list.end(), id) != list.end();
    };
    for (auto &[nodeIndex, phaseList] : m_pendingPhases) {
        Intersection &node = m_scenario->intersections[nodeIndex];
        const std::size_t before = m_reported;
        std::set<std::string> served;
        std::set<std::string> phaseIds;
        int ordinal = 0;
        for (const json::value &item : phaseList) {
            ++ordinal;
            SignalPhase phase;
            const json::object *o = item.if_object();
            if (!o) {
                problem(node.id, "phase " + std::to_string(ordinal) + " is not an object");
                continue;
            }
            const json::value *pid = o->if_contains("id");
            phase.id = pid && pid->is_string() ? std::string(pid->get_string()) : std::to_string(ordinal);
            const std::string label = "phase '" + phase.id + "'";
            if (!phaseIds.insert(phase.id).second)
                problem(node.id, label + " appears twice");
            auto timing = [&](const char *key, double &slot, bool zeroAllowed) {
                const json::value *v = o->if_contains(key);
                if (!v) {
                    problem(node.id, label + " is missing '" + key + "'");
                    return;
                }
                auto n = asNumber(*v);
                if (!n || !std::isfinite(*n) || *n < 0 || (!zeroAllowed && *n == 0)) {
                    problem(node.id, label + ": '" + key + "' must be " + (zeroAllowed ? "zero or more" : "positive")
                                         + " seconds, got " + describe(*v));
                    return;
                }
                slot = *n;
            };
            timing("min_green_s", phase.minGreenS, false);
            timing("max_green_s", phase.maxGreenS, false);
            timing("amber_s", phase.amberS, true);
            timing("all_red_s", phase.allRedS, true);
            if (phase.maxGreenS < phase.minGreenS)
                problem(node.id, label + ": max_green_s is below min_green_s");

            const json::value *list = o->if_contains("links");
            if (!list || !list->is_array() || list->get_array().empty()) {
                problem(node.id, label + " must list the incoming links it serves in 'links'");
            } else {
                for (const json::value &l : list->get_array()) {
                    if (!l.is_string()) {
                        problem(node.id, label + " lists a link that is not a string: " + describe(l));
                        continue;
                    }
                    const std::string id(l.get_string());
                    if (m_rejectedLinks.count(id))
                        served.insert(id);
                    else if (!m_city->find(EntityKind::Link, id))
                        problem(node.id, label + " names link '" + id + "', which does not exist");
                    else if (!contains(links(node, true), id))
                        problem(node.id, label + " names link '" + id + "', which does not enter this intersection");
                    else
                        served.insert(id);
                    phase.links.push_back(id);
                }
            }
            if (const json::value *moves = o->if_contains("movements")) {
                if (!moves->is_array()) {
                    problem(node.id, label + ": 'movements' must be an array of [from_link, to_link, turn]");
                } else {
                    for (const json::value &m : moves->get_array()) {
                        const json::array *triple = m.if_array();
                        if (!triple || triple->size() < 2 || !(*triple)[0].is_string() || !(*triple)[1].is_string()
                            || (triple->size() > 2 && !(*triple)[2].is_string())) {
                            problem(node.id, label + ": a movement must be [from_link, to_link, turn], got " + describe(m));
                            continue;
                        }
                        Movement move{std::string((*triple)[0].get_string()), std::string((*triple)[1].get_string()),
                                      triple->size() > 2 ? std::string((*triple)[2].get_string()) : std::string()};
                        // A movement over a rejected link was reported in the roads file already.
                        const bool rejected = m_rejectedLinks.count(move.fromLink) || m_rejectedLinks.count(move.toLink);
                        if (!rejected && !contains(links(node, true), move.fromLink))
                            problem(node.id, label + ": movement from link '" + move.fromLink
                                                 + "', which does not enter this intersection");
                        else if (!rejected && !contains(phase.links, move.fromLink))
                            problem(node.id, label + ": movement from link '" + move.fromLink
                                                 + "', which is not among the phase's links");
                        if (!rejected && !contains(links(node, false), move.toLink))
                            problem(node.id, label + ": movement to link '" + move.toLink
                                                 + "', which does not leave this intersection");
                        phase.movements.push_back(std::move(move));
                    }
                }
            }
            node.phases.push_back(std::move(phase));
        }
        if (m_reported == before) {
            for (const auto &in : node.incoming)
                if (!served.count(in))
                    problem(node.id, "incoming link '" + in + "' gets green in no phase");
        }
        if (node.phases.empty())
            continue;
        Entity e;
        e.id = node.id;
        e.kind = EntityKind::Signal;
        e.name = node.name.empty() ? node.id : node.name;
        e.nameZh = node.nameZh;
        e.lon = node.position.lon;
        e.lat = node.position.lat;
        e.phaseCount = static_cast<int>(node.phases.size());
        m_city->add(std::move(e));
    }
}

void Loader::readSensors()
{
    for (const Feature &f : readFeatures("sensors")) {
        const std::size_t before = m_reported;
        auto p = point(f);
        auto kind = string(f, "kind", true);
        auto name = string(f, "name", false);
        auto nameZh = string(f, "name_zh", false);
        auto site = string(f, "site", false);
        auto interval = positive(f, "expected_interval_s", false);
        std::optional<double> warning;
        if (kind && *kind == "water_station")
            warning = positive(f, "warning_level_m", true);
        else if (kind && *kind != "rain_gauge")
            problem(f.id, "kind must be \"rain_gauge\" or \"water_station\", got \"" + *kind + "\"");
        if (m_reported != before)
            continue;
        Entity e;
        e.id = f.id;
        e.kind = *kind == "rain_gauge" ? EntityKind::RainGauge : EntityKind::WaterStation;
        e.name = name.value_or(f.id);
        e.lon = p->lon;
        e.lat = p->lat;
        e.warningLevelM = warning.value_or(0.0);
        e.expectedIntervalS = interval.value_or(60.0);
        e.nameZh = nameZh.value_or(std::string());
        e.category = site && !site->empty() ? *site : *kind;
        m_city->add(std::move(e));
    }
}

void Loader::readParking()
{
    for (const Feature &f : readFeatures("parking")) {
        const std::size_t before = m_reported;
        auto p = point(f);
        auto name = string(f, "name", true);
        auto nameZh = string(f, "name_zh", false);
        auto capacity = integer(f, "capacity", true);
        if (capacity && *capacity <= 0)
            problem(f.id, "capacity must be positive, got " + std::to_string(*capacity));
        auto underground = boolean(f, "underground");
        auto interval = positive(f, "expected_interval_s", false);
        if (m_reported != before)
            continue;
        Entity e;
        e.id = f.id;
        e.kind = EntityKind::Parking;
        e.name = *name;
        e.nameZh = nameZh.value_or(std::string());
        e.lon = p->lon;
        e.lat = p->lat;
        e.capacity = static_cast<int>(*capacity);
        e.underground = underground.value_or(false);
        e.expectedIntervalS = interval.value_or(60.0);
        m_city->add(std::move(e));
    }
}

void Loader::readServices()
{
    for (const Feature &f : readFeatures("services")) {
        const std::size_t before = m_reported;
        auto p = point(f);
        auto name = string(f, "name", true);
        auto nameZh = string(f, "name_zh", false);
        auto kind = string(f, "kind", true);
        if (kind && *kind != "admin_hall" && *kind != "hospital")
            problem(f.id, "kind must be \"admin_hall\" or \"hospital\", got \"" + *kind + "\"");
        auto counters = integer(f, "counters", true);
        if (counters && *counters <= 0)
            problem(f.id, "counters must be positive, got " + std::to_string(*counters));
        auto interval = positive(f, "expected_interval_s", false);
        if (m_reported != before)
            continue;
        Entity e;
        e.id = f.id;
        e.kind = EntityKind::ServiceCenter;
        e.name = *name;
        e.nameZh = nameZh.value_or(std::string());
        e.lon = p->lon;
        e.lat = p->lat;
        e.capacity = static_cast<int>(*counters);
        e.category = *kind;
        e.expectedIntervalS = interval.value_or(60.0);
        m_city->add(std::move(e));
    }
}

// Districts and water bodies share their shape: named (zh, en) polygons of a kind.
template <typename Area>
void Loader::readNamedAreas(const char *layer, const char *defaultKind, std::vector<Area> &out)
{
    for (const Feature &f : readFeatures(layer)) {
        const std::size_t before = m_reported;
        auto shapes = polygons(f);
        auto zh = string(f, "name_zh", true);
        auto en = string(f, "name_en", true);
        auto kind = string(f, "kind", false);
        if (m_reported != before)
            continue;
        out.push_back({f.id, *zh, *en, kind.value_or(defaultKind), std::move(*shapes)});
    }
}

void Loader::readDistricts()
{
    readNamedAreas("districts", "district", m_scenario->districts);
}

void Loader::readWater()
{
    readNamedAreas("water", "lake", m_scenario->waterBodies);
}

void Loader::readInlets()
{
    for (const Feature &f : readFeatures("drainage_inlets")) {
        const std::size_t before = m_reported;
        auto p = point(f);
        auto capacity = positive(f, "capacity_lps", true);
        auto link = string(f, "link", false);
        if (link && !link->empty() && !m_city->find(EntityKind::Link, *link) && !m_rejectedLinks.count(*link))
            problem(f.id, "link '" + *link + "' does not exist");
        if (m_reported != before)
            continue;
        m_scenario->inlets.push_back({f.id, *p, *capacity, link.value_or(std::string())});
    }
}

void Loader::readGrids()
{
    struct Slot {
        const char *role;
        AsciiGrid *grid;
        double min, max;
        const char *range;
    };
    const Slot slots[] = {
        {"terrain", &m_scenario->terrain, -500.0, 9000.0, "between -500 and 9000 m"},
        {"imperviousness", &m_scenario->imperviousness, 0.0, 1.0, "a fraction between 0 and 1"},
        {"drainage_capacity", &m_scenario->drainageCapacity, 0.0, 1000.0, "between 0 and 1000 mm/h"},
    };
    const AsciiGrid *reference = nullptr;
    std::string referenceFile;
    for (const Slot &slot : slots) {
        auto it = m_files.find(slot.role);
        if (it == m_files.end())
            continue;
        beginFile(it->second);
        std::vector<AsciiGrid::Problem> problems;
        auto grid = AsciiGrid::read(m_folder / it->second, problems);
        for (auto &p : problems)
            problem(std::move(p.where), std::move(p.reason));
        if (!grid)
            continue;
        const GeoBounds &b = m_scenario->bounds;
        const double maxX = grid->xllCorner() + grid->cols() * grid->cellSize();
        const double maxY = grid->yllCorner() + grid->rows() * grid->cellSize();
        if (grid->xllCorner() >= b.maxLon || maxX <= b.minLon || grid->yllCorner() >= b.maxLat || maxY <= b.minLat)
            problem("", "grid lies outside the scenario bounds");
        if (reference && !grid->sameGeometry(*reference))
            problem("", "grid size mismatch: " + std::to_string(grid->cols()) + " x " + std::to_string(grid->rows())
                            + " cells of " + formatDouble(grid->cellSize()) + " here, " + std::to_string(reference->cols())
                            + " x " + std::to_string(reference->rows()) + " of " + formatDouble(reference->cellSize())
                            + " in " + referenceFile + " (all grids must share one raster)");
        std::size_t outOfRange = 0;
        for (int row = 0; row < grid->rows(); ++row)
            for (int col = 0; col < grid->cols(); ++col) {
                const double v = grid->at(col, row);
                if (v == grid->noData() || (v >= slot.min && v <= slot.max))
                    continue;
                if (outOfRange++ < 10)
                    problem("row " + std::to_string(row + 1) + " col " + std::to_string(col + 1),
                            "value " + formatDouble(v) + " is out of range (" + slot.range + ")");
            }
        if (outOfRange > 10)
            problem("", std::to_string(outOfRange - 10) + " more values out of range");
        *slot.grid = std::move(*grid);
        if (!reference) {
            reference = slot.grid;
            referenceFile = it->second;
        }
    }
}

void Loader::finish()
{
    // District and ground elevation of each entity: what flood and service models group and rank by.
    auto districtOf = [&](GeoPoint p) -> std::string {
        for (const auto &d : m_scenario->districts)
            for (const auto &polygon : d.polygons)
                if (polygonContains(polygon, p))
                    return d.id;
        return {};
    };
    auto elevation = [&](GeoPoint p) { return m_scenario->terrain.sample(p.lon, p.lat); };
    auto city = std::make_shared<CityModel>();
    city->name = m_scenario->name;
    city->timeZone = m_scenario->timeZone;
    std::size_t link = 0;
    for (Entity e : m_city->entities()) {
        const GeoPoint at{e.lon, e.lat};
        e.district = districtOf(at);
        std::optional<double> ground = elevation(at);
        if (e.kind == EntityKind::Link && link < m_scenario->links.size()) {
            for (const GeoPoint &p : m_scenario->links[link].points)
                if (auto h = elevation(p); h && (!ground || *h < *ground))
                    ground = h;
            ++link;
        }
        e.groundElevationM = ground.value_or(0.0);
        city->add(std::move(e));
    }
    m_scenario->city = std::move(city);
    m_result.scenario = std::move(m_scenario);
}

void Loader::run()
{
    if (!readManifest()) {
        if (fs::is_directory(m_folder)) {
            m_scenario->city = m_city;
            m_result.scenario = m_scenario;
        }
        return;
    }
    readIntersections();
    readRoads();
    checkPhases();
    readSensors();
    readParking();
    readServices();
    readDistricts();
    readWater();
    readInlets();
    readGrids();
    finish();
}

} // namespace

ScenarioLoadResult loadScenario(const std::filesystem::path &folder)
{
    ScenarioLoadResult result;
    Loader loader(folder, result);
    loader.run();
    return result;
}

} // namespace cityops::core
