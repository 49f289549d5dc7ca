#include "model/scenariogenerator.h"

#include "model/asciigrid.h"
#include "model/scenario.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <set>

namespace cityops::core {

namespace {

namespace fs = std::filesystem;

constexpr double kPi = 3.14159265358979323846;

// ---- Deterministic randomness ------------------------------------------------------------------------
// std::mt19937_64's output sequence is fixed by the standard; the std:: distributions are not, so the
// few we need are written here.

std::uint64_t splitmix(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// One independent stream per part of the city, so that changing one part leaves the others unchanged.
enum class Stream : std::uint64_t { Water = 1, OldGrid, Zhengdong, Outer, Signals, Parking, Services, Sensors, Inlets, Terrain, Land };

class Rng {
public:
    Rng(std::uint64_t seed, Stream stream) : m_engine(splitmix(seed ^ splitmix(static_cast<std::uint64_t>(stream)))) {}
    double uniform() { return static_cast<double>(m_engine() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    int below(int n) { return static_cast<int>(m_engine() % static_cast<std::uint64_t>(n)); }
    bool chance(double p) { return uniform() < p; }
    template<class T>
    void shuffle(std::vector<T> &items)
    {
        for (std::size_t k = items.size(); k > 1; --k)
            std::swap(items[k - 1], items[static_cast<std::size_t>(below(static_cast<int>(k)))]);
    }

private:
    std::mt19937_64 m_engine;
};

// ---- Local plane geometry ----------------------------------------------------------------------------
// The city is laid out in kilometres east (x) and north (y) of 113.65E 34.75N and converted to WGS84
// with the local scale of a degree; good to a few metres across the scenario.

constexpr double kLon0 = 113.65;
constexpr double kLat0 = 34.75;
constexpr double kKmPerDegLon = 91.564;
constexpr double kKmPerDegLat = 110.936;

// The raster (and the scenario bounds): 660 x 410 cells of 0.00044 degrees (40 m east-west, 49 m north-south).
constexpr double kMinLon = 113.54;
constexpr double kMinLat = 34.68;
constexpr double kCell = 0.00044;
constexpr int kCols = 660;
constexpr int kRows = 410;
constexpr double kMaxLon = kMinLon + kCols * kCell;
constexpr double kMaxLat = kMinLat + kRows * kCell;

struct P {
    double x = 0;
    double y = 0;
};
P operator+(P a, P b) { return {a.x + b.x, a.y + b.y}; }
P operator-(P a, P b) { return {a.x - b.x, a.y - b.y}; }
P operator*(P a, double s) { return {a.x * s, a.y * s}; }
double dot(P a, P b) { return a.x * b.x + a.y * b.y; }
double length(P a) { return std::sqrt(dot(a, a)); }
double dist(P a, P b) { return length(a - b); }
P polar(double r, double angle) { return {r * std::cos(angle), r * std::sin(angle)}; }
P lerp(P a, P b, double t) { return a + (b - a) * t; }

double round6(double v) { return std::round(v * 1e6) / 1e6; }

GeoPoint toGeo(P p)
{
    const double lon = std::clamp(kLon0 + p.x / kKmPerDegLon, kMinLon, kMaxLon);
    const double lat = std::clamp(kLat0 + p.y / kKmPerDegLat, kMinLat, kMaxLat);
    return {round6(lon), round6(lat)};
}

P toKm(double lon, double lat) { return {(lon - kLon0) * kKmPerDegLon, (lat - kLat0) * kKmPerDegLat}; }

double segmentDistance(P p, P a, P b, double *along = nullptr)
{
    const P ab = b - a;
    const double l2 = dot(ab, ab);
    double t = l2 > 0 ? dot(p - a, ab) / l2 : 0;
    if (along)
        *along = t;
    t = std::clamp(t, 0.0, 1.0);
    return dist(p, a + ab * t);
}

double polylineDistance(P p, const std::vector<P> &line)
{
    double best = 1e9;
    for (std::size_t k = 1; k < line.size(); ++k)
        best = std::min(best, segmentDistance(p, line[k - 1], line[k]));
    return best;
}

double polylineLength(const std::vector<P> &line)
{
    double total = 0;
    for (std::size_t k = 1; k < line.size(); ++k)
        total += dist(line[k - 1], line[k]);
    return total;
}

/// The point at fraction `f` of the length of a polyline.
P alongLine(const std::vector<P> &line, double f)
{
    double remaining = std::clamp(f, 0.0, 1.0) * polylineLength(line);
    for (std::size_t k = 1; k < line.size(); ++k) {
        const double step = dist(line[k - 1], line[k]);
        if (step >= remaining && step > 0)
            return lerp(line[k - 1], line[k], remaining / step);
        remaining -= step;
    }
    return line.back();
}

bool ringContains(const std::vector<P> &ring, P p)
{
    bool inside = false;
    for (std::size_t i = 0, j = ring.size() - 1; i < ring.size(); j = i++) {
        if ((ring[i].y > p.y) != (ring[j].y > p.y)
            && p.x < (ring[j].x - ring[i].x) * (p.y - ring[i].y) / (ring[j].y - ring[i].y) + ring[i].x)
            inside = !inside;
    }
    return inside;
}

/// A superellipse |dx/a|^n + |dy/b|^n = 1: the rounded-rectangle shape of the ring roads.
struct Loop {
    P centre;
    double a = 1, b = 1, n = 4;
    /// Scale of p relative to the curve: below 1 inside, above 1 outside.
    double scale(P p) const
    {
        return std::pow(std::pow(std::abs((p.x - centre.x) / a), n) + std::pow(std::abs((p.y - centre.y) / b), n), 1.0 / n);
    }
    P at(double angle) const
    {
        const double c = std::cos(angle), s = std::sin(angle);
        return {centre.x + a * std::copysign(std::pow(std::abs(c), 2.0 / n), c),
                centre.y + b * std::copysign(std::pow(std::abs(s), 2.0 / n), s)};
    }
};

// ---- Number and text formatting (locale independent) -------------------------------------------------

void appendFixed(std::string &out, double v, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    v = std::round(v * scale) / scale;
    if (v == 0.0)
        v = 0.0;
    std::array<char, 64> buffer{};
    auto r = std::to_chars(buffer.data(), buffer.data() + buffer.size(), v, std::chars_format::fixed, decimals);
    out.append(buffer.data(), r.ptr);
}

std::string fixed(double v, int decimals)
{
    std::string out;
    appendFixed(out, v, decimals);
    return out;
}

void appendJsonString(std::string &out, std::string_view s)
{
    out.push_back('"');
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(static_cast<unsigned char>(c)));
            out += buffer;
        } else {
            out.push_back(c);
        }
    }
    out.push_back('"');
}

std::string padded(const char *prefix, int n, int width)
{
    std::string digits = std::to_string(n);
    return prefix + std::string(static_cast<std::size_t>(std::max(0, width - static_cast<int>(digits.size()))), '0') + digits;
}

std::string chineseNumber(int n)
{
    static const char *const kDigits[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n < 10)
        return kDigits[n];
    std::string out = n < 20 ? "" : kDigits[n / 10];
    out += "十";
    if (n % 10)
        out += kDigits[n % 10];
    return out;
}

/// GeoJSON FeatureCollection, one feature per line (GIS tools read it; diffs stay readable).
class FeatureWriter {
public:
    explicit FeatureWriter(std::string_view name)
    {
        m_out = "{\"type\":\"FeatureCollection\",\"name\":";
        appendJsonString(m_out, name);
        m_out += ",\"features\":[\n";
    }
    void begin()
    {
        if (m_count++)
            m_out += ",\n";
        m_out += "{\"type\":\"Feature\",\"properties\":{";
        m_first = true;
    }
    void text(std::string_view key, std::string_view value)
    {
        this->key(key);
        appendJsonString(m_out, value);
    }
    void number(std::string_view key, double value, int decimals)
    {
        this->key(key);
        appendFixed(m_out, value, decimals);
    }
    void flag(std::string_view key, bool value)
    {
        this->key(key);
        m_out += value ? "true" : "false";
    }
    void raw(std::string_view key, std::string_view json)
    {
        this->key(key);
        m_out += json;
    }
    void point(P p)
    {
        m_out += "},\"geometry\":{\"type\":\"Point\",\"coordinates\":";
        position(toGeo(p));
        m_out += "}}";
    }
    void line(const std::vector<GeoPoint> &points)
    {
        m_out += "},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[";
        for (std::size_t k = 0; k < points.size(); ++k) {
            if (k)
                m_out.push_back(',');
            position(points[k]);
        }
        m_out += "]}}";
    }
    /// Polygons of rings in km; the first ring of each polygon is the outer one.
    void polygons(const std::vector<std::vector<std::vector<P>>> &shapes)
    {
        const bool multi = shapes.size() > 1;
        m_out += multi ? "},\"geometry\":{\"type\":\"MultiPolygon\",\"coordinates\":[" : "},\"geometry\":{\"type\":\"Polygon\",\"coordinates\":";
        for (std::size_t s = 0; s < shapes.size(); ++s) {
            if (s)
                m_out.push_back(',');
            m_out.push_back('[');
            for (std::size_t r = 0; r < shapes[s].size(); ++r) {
                if (r)
                    m_out.push_back(',');
                m_out.push_back('[');
                const auto &ring = shapes[s][r];
                for (std::size_t k = 0; k <= ring.size(); ++k) { // closed: repeat the first position
                    if (k)
                        m_out.push_back(',');
                    position(toGeo(ring[k % ring.size()]));
                }
                m_out.push_back(']');
            }
            m_out.push_back(']');
        }
        m_out += multi ? "]}}" : "}}";
    }
    std::string finish()
    {
        m_out += "\n]}\n";
        return std::move(m_out);
    }

private:
    void key(std::string_view name)
    {
        if (!m_first)
            m_out.push_back(',');
        m_first = false;
        appendJsonString(m_out, name);
        m_out.push_back(':');
    }
    void position(GeoPoint g)
    {
        m_out.push_back('[');
        appendFixed(m_out, g.lon, 6);
        m_out.push_back(',');
        appendFixed(m_out, g.lat, 6);
        m_out.push_back(']');
    }

    std::string m_out;
    std::size_t m_count = 0;
    bool m_first = true;
};

// ---- The city ------------------------------------------------------------------------------------------

struct Name {
    std::string en;
    std::string zh;
};

struct DistrictSpec {
    const char *id;
    const char *zh;
    const char *en;
    const char *kind;
    const char *shortEn;
    const char *shortZh;
    double lon, lat; // where the district roughly is: its cell in the (Voronoi) partition grows from here
};

// The real urban districts of Zhengzhou and three functional zones, placed roughly where they are.
constexpr DistrictSpec kDistricts[] = {
    {"zhongyuan", "中原区", "Zhongyuan District", "district", "Zhongyuan", "中原", 113.585, 34.752},
    {"erqi", "二七区", "Erqi District", "district", "Erqi", "二七", 113.635, 34.712},
    {"guancheng", "管城回族区", "Guancheng Hui District", "district", "Guancheng", "管城", 113.675, 34.7365},
    {"jinshui", "金水区", "Jinshui District", "district", "Jinshui", "金水", 113.660, 34.790},
    {"huiji", "惠济区", "Huiji District", "district", "Huiji", "惠济", 113.630, 34.845},
    {"zhengdong", "郑东新区", "Zhengdong New District", "functional_zone", "Zhengdong", "郑东", 113.750, 34.775},
    {"gaoxin", "郑州高新技术产业开发区", "Zhengzhou High-tech Industrial Development Zone", "functional_zone", "High-tech Zone", "高新区", 113.555, 34.815},
    {"jingkai", "郑州经济技术开发区", "Zhengzhou Economic and Technological Development Zone", "functional_zone", "Economic Development Zone", "经开区", 113.745, 34.700},
};
constexpr int kDistrictCount = static_cast<int>(std::size(kDistricts));

int districtAt(P p)
{
    int best = 0;
    double bestD = 1e18;
    for (int k = 0; k < kDistrictCount; ++k) {
        const double d = dist(p, toKm(kDistricts[k].lon, kDistricts[k].lat));
        if (d < bestD) {
            bestD = d;
            best = k;
        }
    }
    return best;
}

enum class Zone : std::uint8_t { Old, Zhengdong, Cbd, Outer, Ring3, Ring4 };
enum class RoadClass : std::uint8_t { Expressway, Ramp, Arterial, Secondary, Local, CbdRing };

struct ClassSpec {
    const char *name;
    int lanes;
    double speedKmh;
    double perLaneVph;
};

ClassSpec classSpec(RoadClass c)
{
    switch (c) {
    case RoadClass::Expressway: return {"expressway", 3, 80, 2000};
    case RoadClass::Ramp: return {"ramp", 2, 50, 1600};
    case RoadClass::Arterial: return {"arterial", 3, 60, 1800};
    case RoadClass::Secondary: return {"secondary", 2, 50, 1500};
    case RoadClass::Local: return {"local", 1, 40, 900};
    case RoadClass::CbdRing: return {"cbd_ring", 2, 40, 1400};
    }
    return {"local", 1, 40, 900};
}

struct Node {
    P p;
    Zone zone = Zone::Old;
    int priority = 0; ///< signal candidate: 3 arterial crossing, 2 CBD ring, 1 arterial/local; 0 never
};

struct Road {
    int a = 0;
    int b = 0;
    std::vector<P> via; ///< interior vertices from a to b
    RoadClass cls = RoadClass::Local;
    int lanes = 1;
    double speedKmh = 40;
    Name name;
    bool tunnel = false;
    bool underpass = false;
    std::vector<P> polyline(const std::vector<Node> &nodes) const
    {
        std::vector<P> out{nodes[static_cast<std::size_t>(a)].p};
        out.insert(out.end(), via.begin(), via.end());
        out.push_back(nodes[static_cast<std::size_t>(b)].p);
        return out;
    }
};

class Network {
public:
    int addNode(P p, Zone zone, int priority = 0)
    {
        nodes.push_back({p, zone, priority});
        return static_cast<int>(nodes.size()) - 1;
    }
    Road *addRoad(int a, int b, RoadClass cls, Name name, std::vector<P> via = {})
    {
        if (a < 0 || b < 0 || a == b || !m_pairs.insert({std::min(a, b), std::max(a, b)}).second)
            return nullptr;
        const ClassSpec spec = classSpec(cls);
        roads.push_back({a, b, std::move(via), cls, spec.lanes, spec.speedKmh, std::move(name)});
        return &roads.back();
    }
    const P &at(int node) const { return nodes[static_cast<std::size_t>(node)].p; }

    std::vector<Node> nodes;
    std::vector<Road> roads;

private:
    std::set<std::pair<int, int>> m_pairs;
};

struct River {
    Name name;
    std::vector<P> line;
    double widthKm = 0.03;
};

struct Lake {
    Name name;
    std::vector<std::vector<P>> rings; ///< outer ring, then islands
};

/// A directed link as written to roads.geojson.
struct Link {
    std::string id;
    int road = 0;
    int from = 0;
    int to = 0;
    std::vector<GeoPoint> points;
    std::vector<P> km;
};

struct Poi {
    std::string id;
    P p;
    Name name;
    std::string kind;
    int capacity = 0;
    bool underground = false;
    double warningLevelM = 0;
    std::string site;
};

struct City {
    std::uint64_t seed = 1;
    // Layout anchors (km).
    P cbd{7.13, 2.22};
    double cbdRadius = 1.75;
    P longhu{8.2, 5.5};
    double longhuA = 1.25, longhuB = 0.82;
    Loop ring3{{-0.825, 1.525}, 5.35, 5.4, 8};
    Loop ring4{{2.9, 2.2}, 11.3, 8.3, 4};
    // Old grid (km): 22 x 22 nodes, 450 m apart.
    P oldOrigin{-5.55, -3.2};
    double oldStep = 0.45;
    int oldN = 22;
    // Zhengdong grid: 14 columns x 20 rows, 550 m apart.
    P eastOrigin{4.95, -2.6};
    double eastStep = 0.55;
    int eastCols = 14, eastRows = 20;

    std::vector<std::vector<std::vector<std::vector<P>>>> districtShapes; // per district: polygons of rings
    std::vector<River> rivers;
    std::vector<Lake> lakes;
    std::vector<std::vector<P>> parks;
    Network net;
    std::vector<int> nodeOrder;  // kept node -> net index
    std::vector<int> roadOrder;  // kept road -> net index
    std::vector<std::string> nodeIds; // by net index, empty if dropped
    std::vector<Link> links;
    std::vector<int> signals; // net node indices
    std::vector<Poi> parking, services, rainGauges, waterStations, inlets;

    bool inLonghu(P p, double grow = 1.0) const
    {
        const double dx = (p.x - longhu.x) / (longhuA * grow), dy = (p.y - longhu.y) / (longhuB * grow);
        return dx * dx + dy * dy < 1.0;
    }
    bool inEastArea(P p, double margin = 0) const
    {
        return p.x >= eastOrigin.x - margin && p.x <= eastOrigin.x + (eastCols - 1) * eastStep + margin
            && p.y >= eastOrigin.y - margin && p.y <= eastOrigin.y + (eastRows - 1) * eastStep + margin;
    }
};

// ---- Districts: a Voronoi partition of the bounds grown from the district anchors -----------------------

std::vector<P> clipHalfPlane(const std::vector<P> &polygon, P point, P normal)
{
    // Keeps the side where dot(x - point, normal) <= 0 (Sutherland-Hodgman against one edge).
    std::vector<P> out;
    for (std::size_t k = 0; k < polygon.size(); ++k) {
        const P a = polygon[k];
        const P b = polygon[(k + 1) % polygon.size()];
        const double da = dot(a - point, normal);
        const double db = dot(b - point, normal);
        if (da <= 0)
            out.push_back(a);
        if ((da < 0 && db > 0) || (da > 0 && db < 0))
            out.push_back(lerp(a, b, da / (da - db)));
    }
    return out;
}

void buildDistricts(City &city)
{
    const P lo = toKm(kMinLon, kMinLat);
    const P hi = toKm(kMaxLon, kMaxLat);
    for (int k = 0; k < kDistrictCount; ++k) {
        std::vector<P> cell{{lo.x, lo.y}, {hi.x, lo.y}, {hi.x, hi.y}, {lo.x, hi.y}};
        const P seed = toKm(kDistricts[k].lon, kDistricts[k].lat);
        for (int j = 0; j < kDistrictCount; ++j) {
            if (j == k)
                continue;
            const P other = toKm(kDistricts[j].lon, kDistricts[j].lat);
            cell = clipHalfPlane(cell, lerp(seed, other, 0.5), other - seed);
        }
        city.districtShapes.push_back({{cell}});
    }
}

// ---- Water -----------------------------------------------------------------------------------------------

/// A smooth line through control points (Catmull-Rom), sampled about every `step` km, with a gentle meander.
std::vector<P> smoothLine(const std::vector<P> &control, double step, double meanderKm, Rng &rng)
{
    std::vector<P> out;
    const std::size_t n = control.size();
    for (std::size_t i = 0; i + 1 < n; ++i) {
        const P p0 = control[i == 0 ? 0 : i - 1], p1 = control[i], p2 = control[i + 1];
        const P p3 = control[std::min(i + 2, n - 1)];
        const int samples = std::max(2, static_cast<int>(std::ceil(dist(p1, p2) / step)));
        for (int s = i == 0 ? 0 : 1; s <= samples; ++s) {
            const double t = static_cast<double>(s) / samples, t2 = t * t, t3 = t2 * t;
            out.push_back((p1 * 2 + (p2 - p0) * t + (p0 * 2 - p1 * 5 + p2 * 4 - p3) * t2 + (p1 * 3 - p0 - p2 * 3 + p3) * t3) * 0.5);
        }
    }
    const double total = polylineLength(out);
    const double phase = rng.uniform(0, 2 * kPi);
    const double wavelength = rng.uniform(1.1, 1.6);
    std::vector<P> meandered = out;
    double s = 0;
    for (std::size_t k = 0; k < out.size(); ++k) {
        if (k)
            s += dist(out[k - 1], out[k]);
        const P dir = out[std::min(k + 1, out.size() - 1)] - out[k == 0 ? 0 : k - 1];
        const double l = length(dir);
        if (l <= 0)
            continue;
        const P normal{-dir.y / l, dir.x / l};
        const double taper = std::min({1.0, s / 0.5, (total - s) / 0.5});
        meandered[k] = out[k] + normal * (meanderKm * taper * std::sin(2 * kPi * s / wavelength + phase));
    }
    return meandered;
}

/// The outline of a river of `width` km around its centre line, counter-clockwise.
std::vector<P> bufferLine(const std::vector<P> &line, double width)
{
    std::vector<P> right, left;
    for (std::size_t k = 0; k < line.size(); ++k) {
        P dir = line[std::min(k + 1, line.size() - 1)] - line[k == 0 ? 0 : k - 1];
        const double l = std::max(length(dir), 1e-9);
        const P normal{-dir.y / l, dir.x / l};
        right.push_back(line[k] - normal * (width / 2));
        left.push_back(line[k] + normal * (width / 2));
    }
    std::vector<P> ring = right;
    ring.insert(ring.end(), left.rbegin(), left.rend());
    return ring;
}

void buildWater(City &city, Rng &rng)
{
    // Ruyi lake at the heart of the CBD rings: a lobed, ruyi-like outline.
    {
        Lake lake{{"Ruyi Lake", "如意湖"}, {}};
        const double p1 = rng.uniform(0, 2 * kPi), p2 = rng.uniform(0, 2 * kPi);
        std::vector<P> ring;
        for (int k = 0; k < 72; ++k) {
            const double a = 2 * kPi * k / 72;
            ring.push_back(city.cbd + polar(0.33 + 0.06 * std::cos(2 * a + p1) + 0.025 * std::cos(5 * a + p2), a));
        }
        lake.rings.push_back(ring);
        city.lakes.push_back(lake);
    }
    // Longhu (Dragon Lake) north of the CBD, with its island.
    {
        Lake lake{{"Longhu Lake", "龙湖"}, {}};
        double harmonics[4][2];
        for (auto &h : harmonics) {
            h[0] = rng.uniform(0.02, 0.06);
            h[1] = rng.uniform(0, 2 * kPi);
        }
        std::vector<P> ring, island;
        for (int k = 0; k < 96; ++k) {
            const double a = 2 * kPi * k / 96;
            double r = 1.0;
            for (int h = 0; h < 4; ++h)
                r += harmonics[h][0] * std::cos((h + 2) * a + harmonics[h][1]);
            ring.push_back(city.longhu + P{city.longhuA * r * std::cos(a), city.longhuB * r * std::sin(a)});
        }
        for (int k = 0; k < 24; ++k) {
            const double a = -2 * kPi * k / 24; // clockwise: a hole
            island.push_back(city.longhu + P{0.22 * std::cos(a), 0.14 * std::sin(a)});
        }
        lake.rings = {ring, island};
        city.lakes.push_back(lake);
    }
    const P lo = toKm(kMinLon, kMinLat);
    const P hi = toKm(kMaxLon, kMaxLat);
    struct Spec {
        Name name;
        std::vector<P> control;
        double widthKm;
    };
    const Spec specs[] = {
        {{"Jinshui River", "金水河"}, {{lo.x, -0.4}, {-6.0, 0.6}, {-3.0, 1.4}, {0.0, 1.7}, {2.5, 2.6}, {4.7, 3.6}, {6.6, 4.2}, {7.6, 4.8}}, 0.03},
        {{"Xiong'er River", "熊儿河"}, {{-2.5, lo.y + 2.2}, {0.5, -3.8}, {3.0, -2.2}, {5.5, -0.8}, {8.8, -0.1}, {12.5, 0.9}, {hi.x, 1.6}}, 0.025},
        {{"Dongfeng Canal", "东风渠"}, {{lo.x, 8.2}, {-6.0, 7.4}, {-2.0, 7.0}, {2.0, 7.1}, {5.5, 6.6}, {7.2, 5.8}}, 0.04},
        {{"Jialu River", "贾鲁河"}, {{lo.x, 10.6}, {-5.0, 9.6}, {0.0, 9.9}, {5.0, 9.2}, {10.0, 8.9}, {13.0, 9.6}, {hi.x, 10.3}}, 0.06},
        {{"Qili River", "七里河"}, {{2.0, lo.y}, {4.5, -5.5}, {7.0, -3.9}, {10.0, -2.9}, {13.0, -1.4}, {hi.x, -0.4}}, 0.03},
    };
    for (const auto &spec : specs)
        city.rivers.push_back({spec.name, smoothLine(spec.control, 0.1, 0.04, rng), spec.widthKm});
}

// ---- Roads -----------------------------------------------------------------------------------------------

/// Nodes placed at equal arc length along a loop, and the loop's vertices between consecutive nodes.
void buildRing(City &city, const Loop &loop, int count, Zone zone, const char *ordinal, const char *ordinalZh)
{
    Network &net = city.net;
    constexpr int kSamples = 4000;
    std::vector<P> dense;
    std::vector<double> arc{0};
    for (int k = 0; k <= kSamples; ++k) {
        dense.push_back(loop.at(2 * kPi * k / kSamples - kPi / 4));
        if (k)
            arc.push_back(arc.back() + dist(dense[static_cast<std::size_t>(k) - 1], dense.back()));
    }
    const double total = arc.back();
    std::vector<int> nodeAt;
    std::vector<std::size_t> sampleAt;
    for (int k = 0; k < count; ++k) {
        const double target = total * k / count;
        const auto it = std::lower_bound(arc.begin(), arc.end(), target);
        const auto index = static_cast<std::size_t>(it - arc.begin());
        sampleAt.push_back(index);
        nodeAt.push_back(net.addNode(dense[index], zone));
    }
    static const char *const kSides[4][2] = {{"East", "东"}, {"North", "北"}, {"West", "西"}, {"South", "南"}};
    for (int k = 0; k < count; ++k) {
        const std::size_t from = sampleAt[static_cast<std::size_t>(k)];
        const std::size_t to = k + 1 < count ? sampleAt[static_cast<std::size_t>(k) + 1] : kSamples;
        std::vector<P> via;
        const std::size_t stride = std::max<std::size_t>(1, (to - from) / 4);
        for (std::size_t s = from + stride; s + stride / 2 < to; s += stride)
            via.push_back(dense[s]);
        const P mid = dense[(from + to) / 2] - loop.centre;
        const double angle = std::atan2(mid.y / loop.b, mid.x / loop.a);
        const int side = static_cast<int>(std::floor((angle + kPi / 4) / (kPi / 2)) + 4) % 4;
        Name name{std::string(kSides[side][0]) + " " + ordinal + " Ring Road", std::string(kSides[side][1]) + ordinalZh + "环路"};
        net.addRoad(nodeAt[static_cast<std::size_t>(k)], nodeAt[static_cast<std::size_t>((k + 1) % count)], RoadClass::Expressway,
                    name, via);
    }
}

/// The nearest node of `zone` to p within `maxKm` whose direction from p is within `coneRad` of `dir`.
int nearestNode(const Network &net, P p, std::initializer_list<Zone> zones, double maxKm, P dir = {}, double coneRad = kPi)
{
    int best = -1;
    double bestD = maxKm;
    for (std::size_t k = 0; k < net.nodes.size(); ++k) {
        const Node &n = net.nodes[k];
        if (std::find(zones.begin(), zones.end(), n.zone) == zones.end())
            continue;
        const double d = dist(p, n.p);
        if (d >= bestD || d < 1e-6)
            continue;
        if (coneRad < kPi) {
            const double c = dot(n.p - p, dir) / (d * std::max(length(dir), 1e-9));
            if (c < std::cos(coneRad))
                continue;
        }
        best = static_cast<int>(k);
        bestD = d;
    }
    return best;
}

Name rampName(const Network &net, int ringNode)
{
    for (const Road &r : net.roads)
        if ((r.a == ringNode || r.b == ringNode) && r.cls == RoadClass::Expressway)
            return {r.name.en + " Ramp", r.name.zh + "匝道"};
    return {"Ramp", "匝道"};
}

void buildOldGrid(City &city, Rng &rng)
{
    static const Name kNorthSouth[] = {{"Qinling Road", "秦岭路"}, {"Songshan Road", "嵩山路"},   {"Tongbai Road", "桐柏路"},
                                       {"Daxue Road", "大学路"},   {"Jingguang Road", "京广路"}, {"Zijingshan Road", "紫荆山路"},
                                       {"Chengdong Road", "城东路"}, {"Weilai Road", "未来路"}};
    static const Name kEastWest[] = {{"Hanghai Road", "航海路"}, {"Longhai Road", "陇海路"}, {"Zhongyuan Road", "中原路"},
                                     {"Jianshe Road", "建设路"}, {"Jinshui Road", "金水路"}, {"Nongye Road", "农业路"},
                                     {"Dongfeng Road", "东风路"}, {"Beihuan Road", "北环路"}};
    Network &net = city.net;
    const int n = city.oldN;
    std::vector<std::vector<int>> id(static_cast<std::size_t>(n), std::vector<int>(static_cast<std::size_t>(n), -1));
    auto node = [&](int i, int j) { return id[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]; };
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < n; ++j) {
            // Arterials stay straight: a node moves only along the lines that are not arterials.
            const double jx = j % 3 == 0 ? 0.0 : rng.uniform(-0.05, 0.05);
            const double jy = i % 3 == 0 ? 0.0 : rng.uniform(-0.05, 0.05);
            const int priority = (i % 3 == 0 && j % 3 == 0) ? 3 : ((i % 3 == 0 || j % 3 == 0) ? 1 : 0);
            id[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] =
                net.addNode(city.oldOrigin + P{j * city.oldStep + jx, i * city.oldStep + jy}, Zone::Old, priority);
        }
    auto localName = [](int line, bool northSouth) {
        const int number = line - line / 3; // 1.. among the local lines
        return northSouth ? Name{"Jing " + std::to_string(number) + " Road", "经" + chineseNumber(number) + "路"}
                          : Name{"Wei " + std::to_string(number) + " Road", "纬" + chineseNumber(number) + "路"};
    };
    constexpr int kRailwayCol = 10; // the railway runs between columns 10 and 11
    constexpr int kTunnelCol = 12, kTunnelFrom = 8, kTunnelTo = 12;
    for (int i = 0; i < n; ++i)
        for (int j = 0; j + 1 < n; ++j) {
            const bool arterial = i % 3 == 0;
            const Name name = arterial ? kEastWest[i / 3] : localName(i, false);
            if (j == kRailwayCol) {
                if (!arterial)
                    continue; // only the arterials cross the railway, all of them underneath it
                if (Road *r = net.addRoad(node(i, j), node(i, j + 1), RoadClass::Arterial, {name.en + " Underpass", name.zh + "下穿通道"})) {
                    r->underpass = true;
                    r->lanes = 2;
                    r->speedKmh = 50;
                }
                continue;
            }
            if (!arterial && rng.chance(0.035))
                continue;
            net.addRoad(node(i, j), node(i, j + 1), arterial ? RoadClass::Arterial : RoadClass::Local, name);
        }
    for (int j = 0; j < n; ++j)
        for (int i = 0; i + 1 < n; ++i) {
            const bool arterial = j % 3 == 0;
            if (j == kTunnelCol && i >= kTunnelFrom && i < kTunnelTo)
                continue; // the tunnel below replaces this stretch
            if (!arterial && rng.chance(0.035))
                continue;
            net.addRoad(node(i, j), node(i + 1, j), arterial ? RoadClass::Arterial : RoadClass::Local,
                        arterial ? kNorthSouth[j / 3] : localName(j, true));
        }
    // Jingguang Road tunnel: one road under the surface nodes between rows 8 and 12.
    std::vector<P> via;
    for (int i = kTunnelFrom + 1; i < kTunnelTo; ++i)
        via.push_back(net.at(node(i, kTunnelCol)));
    if (Road *tunnel = net.addRoad(node(kTunnelFrom, kTunnelCol), node(kTunnelTo, kTunnelCol), RoadClass::Arterial,
                                   {"Jingguang Road Tunnel", "京广路隧道"}, via)) {
        tunnel->tunnel = true;
        tunnel->lanes = 2;
    }

    // Interchanges with the 3rd ring: the arterials at the edge of the grid.
    for (int k = 0; k < n; k += 3) {
        const int edges[4][2] = {{k, 0}, {k, n - 1}, {0, k}, {n - 1, k}};
        for (const auto &e : edges) {
            const int from = node(e[0], e[1]);
            const int ring = nearestNode(net, net.at(from), {Zone::Ring3}, 1.2);
            if (ring >= 0)
                net.addRoad(from, ring, RoadClass::Ramp, rampName(net, ring));
        }
    }
}

void buildZhengdong(City &city, Rng &rng)
{
    static const Name kNorthSouth[] = {{"Xinyi Road", "心怡路"}, {"Jiuru Road", "九如路"}, {"Zhongyi Road", "众意路"},
                                       {"Boxue Road", "博学路"}, {"Fulu Road", "福禄路"}};
    static const Name kEastWest[] = {{"Hanghai East Road", "航海东路"}, {"Shangdu Road", "商都路"},
                                     {"Shangding Road", "商鼎路"},      {"Jinshui East Road", "金水东路"},
                                     {"Nongye East Road", "农业东路"},  {"Dongfeng East Road", "东风东路"},
                                     {"Longhu Outer Ring Road", "龙湖外环路"}};
    Network &net = city.net;
    auto excluded = [&](P p, double slack) { return dist(p, city.cbd) < city.cbdRadius - slack || city.inLonghu(p, 1.18 - slack); };
    std::vector<std::vector<int>> id(static_cast<std::size_t>(city.eastRows), std::vector<int>(static_cast<std::size_t>(city.eastCols), -1));
    auto node = [&](int i, int j) { return id[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)]; };
    for (int i = 0; i < city.eastRows; ++i)
        for (int j = 0; j < city.eastCols; ++j) {
            const double jx = j % 3 == 0 ? 0.0 : rng.uniform(-0.03, 0.03);
            const double jy = i % 3 == 0 ? 0.0 : rng.uniform(-0.03, 0.03);
            const P p = city.eastOrigin + P{j * city.eastStep + jx, i * city.eastStep + jy};
            if (excluded(p, 0))
                continue;
            const int priority = (i % 3 == 0 && j % 3 == 0) ? 3 : ((i % 3 == 0 || j % 3 == 0) ? 1 : 0);
            id[static_cast<std::size_t>(i)][static_cast<std::size_t>(j)] = net.addNode(p, Zone::Zhengdong, priority);
        }
    auto localName = [](int line, bool northSouth) {
        const int number = line - line / 3;
        return northSouth ? Name{"East Jing " + std::to_string(number) + " Street", "东经" + chineseNumber(number) + "街"}
                          : Name{"East Wei " + std::to_string(number) + " Street", "东纬" + chineseNumber(number) + "街"};
    };
    auto connect = [&](int a, int b, bool arterial, const Name &name) {
        if (a < 0 || b < 0 || excluded(lerp(net.at(a), net.at(b), 0.5), 0.12))
            return;
        if (!arterial && rng.chance(0.02))
            return;
        net.addRoad(a, b, arterial ? RoadClass::Arterial : RoadClass::Local, name);
    };
    for (int i = 0; i < city.eastRows; ++i)
        for (int j = 0; j + 1 < city.eastCols; ++j)
            connect(node(i, j), node(i, j + 1), i % 3 == 0, i % 3 == 0 ? kEastWest[i / 3] : localName(i, false));
    for (int j = 0; j < city.eastCols; ++j)
        for (int i = 0; i + 1 < city.eastRows; ++i)
            connect(node(i, j), node(i + 1, j), j % 3 == 0, j % 3 == 0 ? kNorthSouth[j / 3] : localName(j, true));
    // The arterials of the west edge meet the 3rd ring.
    for (int i = 0; i < city.eastRows; i += 3) {
        const int from = node(i, 0);
        const int ring = from >= 0 ? nearestNode(net, net.at(from), {Zone::Ring3}, 1.2) : -1;
        if (ring >= 0)
            net.addRoad(from, ring, RoadClass::Ramp, rampName(net, ring));
    }

    // The CBD: three concentric ring roads around Ruyi lake, sixteen streets radiating out.
    constexpr int kSpokes = 16;
    const double radii[3] = {0.55, 1.0, 1.45};
    const Name ringNames[3] = {{"CBD Inner Ring Road", "商务内环路"}, {"CBD Outer Ring Road", "商务外环路"}, {"Ruyi Ring Road", "如意环路"}};
    int ringNode[3][kSpokes];
    for (int r = 0; r < 3; ++r)
        for (int k = 0; k < kSpokes; ++k)
            ringNode[r][k] = net.addNode(city.cbd + polar(radii[r], 2 * kPi * (k + 0.5) / kSpokes), Zone::Cbd, r == 0 ? 1 : 2);
    for (int r = 0; r < 3; ++r)
        for (int k = 0; k < kSpokes; ++k) {
            std::vector<P> via;
            for (int s = 1; s < 4; ++s)
                via.push_back(city.cbd + polar(radii[r], 2 * kPi * (k + 0.5 + s / 4.0) / kSpokes));
            Road *road = net.addRoad(ringNode[r][k], ringNode[r][(k + 1) % kSpokes], RoadClass::CbdRing, ringNames[r], via);
            if (road && r == 2)
                road->lanes = 3;
        }
    for (int k = 0; k < kSpokes; ++k) {
        const Name name{"CBD Street " + std::to_string(k + 1), "商务" + chineseNumber(k + 1) + "街"};
        net.addRoad(ringNode[0][k], ringNode[1][k], RoadClass::Secondary, name);
        net.addRoad(ringNode[1][k], ringNode[2][k], RoadClass::Secondary, name);
        const P out = polar(1.0, 2 * kPi * (k + 0.5) / kSpokes);
        const int target = nearestNode(net, net.at(ringNode[2][k]), {Zone::Zhengdong}, 1.0, out, 0.45);
        if (target >= 0)
            net.addRoad(ringNode[2][k], target, RoadClass::Secondary, name);
    }
}

void buildOuter(City &city, Rng &rng)
{
    Network &net = city.net;
    constexpr int kU = 23, kV = 17;
    constexpr double kStep = 1.2;
    enum Reason { Kept, InsideRing3, EastArea, OutsideRing4, Other };
    Reason reason[kV][kU];
    int id[kV][kU];
    for (int v = 0; v < kV; ++v)
        for (int u = 0; u < kU; ++u) {
            const P p{-10.0 + kStep * u + rng.uniform(-0.15, 0.15), -7.6 + kStep * v + rng.uniform(-0.15, 0.15)};
            id[v][u] = -1;
            if (city.ring3.scale(p) < 1.08)
                reason[v][u] = InsideRing3;
            else if (city.inEastArea(p, 0.45) || dist(p, city.cbd) < city.cbdRadius + 0.3)
                reason[v][u] = EastArea;
            else if (city.ring4.scale(p) > 0.95)
                reason[v][u] = OutsideRing4;
            else {
                reason[v][u] = Kept;
                id[v][u] = net.addNode(p, Zone::Outer);
            }
        }
    auto name = [&](int a, int b, bool eastWest, int line) {
        const DistrictSpec &d = kDistricts[districtAt(lerp(net.at(a), net.at(b), 0.5))];
        const int number = eastWest ? line + 1 : line + 31;
        return Name{std::string(d.shortEn) + " Road " + std::to_string(number), std::string(d.shortZh) + std::to_string(number) + "号路"};
    };
    for (int v = 0; v < kV; ++v)
        for (int u = 0; u < kU; ++u) {
            if (id[v][u] < 0)
                continue;
            if (u + 1 < kU && id[v][u + 1] >= 0)
                net.addRoad(id[v][u], id[v][u + 1], RoadClass::Secondary, name(id[v][u], id[v][u + 1], true, v));
            if (v + 1 < kV && id[v + 1][u] >= 0)
                net.addRoad(id[v][u], id[v + 1][u], RoadClass::Secondary, name(id[v][u], id[v + 1][u], false, u));
        }
    // Stitch: where a lattice neighbour was left out, join whatever lies that way.
    const int du[4] = {1, -1, 0, 0}, dv[4] = {0, 0, 1, -1};
    for (int v = 0; v < kV; ++v)
        for (int u = 0; u < kU; ++u) {
            if (id[v][u] < 0)
                continue;
            for (int d = 0; d < 4; ++d) {
                const int nu = u + du[d], nv = v + dv[d];
                const Reason r = (nu < 0 || nv < 0 || nu >= kU || nv >= kV) ? OutsideRing4 : reason[nv][nu];
                const P dir{static_cast<double>(du[d]), static_cast<double>(dv[d])};
                const P here = net.at(id[v][u]);
                if (r == InsideRing3) {
                    const int t = nearestNode(net, here, {Zone::Ring3}, 1.5, dir, 0.9);
                    if (t >= 0)
                        net.addRoad(id[v][u], t, RoadClass::Ramp, rampName(net, t));
                } else if (r == EastArea) {
                    const int t = nearestNode(net, here, {Zone::Zhengdong, Zone::Cbd}, 1.5, dir, 0.8);
                    if (t >= 0)
                        net.addRoad(id[v][u], t, RoadClass::Secondary, name(id[v][u], t, d < 2, d < 2 ? v : u));
                } else if (r == OutsideRing4 && (u + v) % 2 == 0) { // an interchange every other line
                    const int t = nearestNode(net, here, {Zone::Ring4}, 1.5, dir, 0.9);
                    if (t >= 0)
                        net.addRoad(id[v][u], t, RoadClass::Ramp, rampName(net, t));
                }
            }
        }
    // Every 4th-ring node gets at least one way in; 3rd-ring nodes without a ramp get one where possible.
    std::vector<int> degree(net.nodes.size(), 0);
    for (const Road &r : net.roads) {
        ++degree[static_cast<std::size_t>(r.a)];
        ++degree[static_cast<std::size_t>(r.b)];
    }
    int ring4Ordinal = 0;
    for (std::size_t k = 0; k < net.nodes.size(); ++k) {
        const Zone z = net.nodes[k].zone;
        if (z == Zone::Ring4 && ring4Ordinal++ % 3 != 0)
            continue; // the outer ring's interchanges are farther apart
        if ((z != Zone::Ring4 && z != Zone::Ring3) || degree[k] > 2)
            continue;
        const int t = nearestNode(net, net.nodes[k].p, {Zone::Outer, Zone::Zhengdong, Zone::Old}, z == Zone::Ring4 ? 1.5 : 0.8);
        if (t >= 0)
            net.addRoad(static_cast<int>(k), t, RoadClass::Ramp, rampName(net, static_cast<int>(k)));
    }
}

/// Keeps the largest connected part of the network and gives nodes and links their ids.
void finishNetwork(City &city)
{
    Network &net = city.net;
    std::vector<int> parent(net.nodes.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto root = [&](int x) {
        while (parent[static_cast<std::size_t>(x)] != x)
            x = parent[static_cast<std::size_t>(x)] = parent[static_cast<std::size_t>(parent[static_cast<std::size_t>(x)])];
        return x;
    };
    for (const Road &r : net.roads)
        parent[static_cast<std::size_t>(root(r.a))] = root(r.b);
    std::map<int, int> size;
    for (const Road &r : net.roads)
        ++size[root(r.a)];
    int biggest = -1, best = -1;
    for (const auto &[component, count] : size)
        if (count > best) {
            best = count;
            biggest = component;
        }
    std::vector<bool> used(net.nodes.size(), false);
    for (std::size_t k = 0; k < net.roads.size(); ++k) {
        const Road &r = net.roads[k];
        if (root(r.a) != biggest)
            continue;
        city.roadOrder.push_back(static_cast<int>(k));
        used[static_cast<std::size_t>(r.a)] = used[static_cast<std::size_t>(r.b)] = true;
    }
    city.nodeIds.assign(net.nodes.size(), std::string());
    for (std::size_t k = 0; k < net.nodes.size(); ++k)
        if (used[k]) {
            city.nodeOrder.push_back(static_cast<int>(k));
            city.nodeIds[k] = padded("J", static_cast<int>(city.nodeOrder.size()), 4);
        }
    int linkNumber = 0;
    for (int k : city.roadOrder) {
        const Road &r = net.roads[static_cast<std::size_t>(k)];
        std::vector<P> km = r.polyline(net.nodes);
        for (int direction = 0; direction < 2; ++direction) {
            Link link;
            link.id = padded("L", ++linkNumber, 5);
            link.road = k;
            link.from = direction ? r.b : r.a;
            link.to = direction ? r.a : r.b;
            link.km = km;
            if (direction)
                std::reverse(link.km.begin(), link.km.end());
            for (const P &p : link.km)
                link.points.push_back(toGeo(p));
            city.links.push_back(std::move(link));
        }
    }
}

// ---- Signals ---------------------------------------------------------------------------------------------

struct PhasePlan {
    std::string id;
    std::vector<std::string> links;
    std::vector<std::array<std::string, 3>> movements;
    double minGreen, maxGreen, amber, allRed;
};

double angleOf(P v) { return std::atan2(v.y, v.x); }

double wrap(double a)
{
    while (a > kPi)
        a -= 2 * kPi;
    while (a <= -kPi)
        a += 2 * kPi;
    return a;
}

std::vector<PhasePlan> phasePlan(const City &city, const std::vector<int> &in, const std::vector<int> &out)
{
    // Approaches: travel direction on the last stretch into the node. Group them into two axes.
    auto inAngle = [&](int l) {
        const auto &km = city.links[static_cast<std::size_t>(l)].km;
        return angleOf(km[km.size() - 1] - km[km.size() - 2]);
    };
    auto outAngle = [&](int l) {
        const auto &km = city.links[static_cast<std::size_t>(l)].km;
        return angleOf(km[1] - km[0]);
    };
    const double axis = inAngle(in.front());
    std::vector<int> groups[2];
    for (int l : in) {
        const double d = std::abs(wrap(inAngle(l) - axis));
        groups[(d < kPi / 4 || d > 3 * kPi / 4) ? 0 : 1].push_back(l);
    }
    std::vector<PhasePlan> plan;
    for (const auto &group : groups) {
        if (group.empty())
            continue;
        std::vector<std::array<std::string, 3>> straight, lefts;
        std::vector<std::string> leftLinks, links;
        int lanes = 1;
        double speed = 0;
        for (int l : group) {
            const Link &inLink = city.links[static_cast<std::size_t>(l)];
            const Road &road = city.net.roads[static_cast<std::size_t>(inLink.road)];
            lanes = std::max(lanes, road.lanes);
            speed = std::max(speed, road.speedKmh);
            links.push_back(inLink.id);
            bool hasLeft = false;
            for (int o : out) {
                const Link &outLink = city.links[static_cast<std::size_t>(o)];
                if (outLink.road == inLink.road)
                    continue; // no U-turns
                const double turn = wrap(outAngle(o) - inAngle(l));
                if (std::abs(turn) > 5 * kPi / 6)
                    continue;
                const char *kind = std::abs(turn) < kPi / 6 ? "through" : (turn > 0 ? "left" : "right");
                if (turn > kPi / 6) {
                    lefts.push_back({inLink.id, outLink.id, kind});
                    hasLeft = true;
                } else {
                    straight.push_back({inLink.id, outLink.id, kind});
                }
            }
            if (hasLeft)
                leftLinks.push_back(inLink.id);
        }
        const bool protectedLeft = !lefts.empty() && lanes >= 2;
        if (!protectedLeft)
            straight.insert(straight.end(), lefts.begin(), lefts.end());
        const double amber = speed >= 60 ? 4 : 3;
        plan.push_back({"", links, straight, lanes >= 3 ? 15.0 : 12.0, std::min(60.0, 40.0 + 5 * lanes), amber, 2});
        if (protectedLeft)
            plan.push_back({"", leftLinks, lefts, 8, 25, 3, 2});
    }
    for (std::size_t k = 0; k < plan.size(); ++k)
        plan[k].id = "P" + std::to_string(k + 1);
    return plan;
}

void pickSignals(City &city, Rng &rng)
{
    std::vector<int> degree(city.net.nodes.size(), 0);
    for (int k : city.roadOrder) {
        ++degree[static_cast<std::size_t>(city.net.roads[static_cast<std::size_t>(k)].a)];
        ++degree[static_cast<std::size_t>(city.net.roads[static_cast<std::size_t>(k)].b)];
    }
    std::vector<int> byPriority[4];
    for (int k : city.nodeOrder) {
        const int p = city.net.nodes[static_cast<std::size_t>(k)].priority;
        if (p > 0 && degree[static_cast<std::size_t>(k)] >= 3)
            byPriority[p].push_back(k);
    }
    constexpr std::size_t kSignals = 250;
    for (int p = 3; p >= 1 && city.signals.size() < kSignals; --p) {
        rng.shuffle(byPriority[p]);
        for (int k : byPriority[p]) {
            if (city.signals.size() == kSignals)
                break;
            city.signals.push_back(k);
        }
    }
    std::sort(city.signals.begin(), city.signals.end());
}

// ---- Points of interest --------------------------------------------------------------------------------

/// Candidates in random order, taken greedily if at least `spacing` km from those already taken.
std::vector<P> spreadPick(std::vector<P> candidates, std::size_t count, double spacing, Rng &rng, std::vector<P> taken = {})
{
    rng.shuffle(candidates);
    std::vector<P> out;
    for (const P &p : candidates) {
        if (out.size() == count)
            break;
        auto tooClose = [&](const P &q) { return dist(p, q) < spacing; };
        if (std::any_of(out.begin(), out.end(), tooClose) || std::any_of(taken.begin(), taken.end(), tooClose))
            continue;
        out.push_back(p);
    }
    return out;
}

std::vector<P> nodePositions(const City &city, std::initializer_list<Zone> zones)
{
    std::vector<P> out;
    for (int k : city.nodeOrder) {
        const Node &n = city.net.nodes[static_cast<std::size_t>(k)];
        if (std::find(zones.begin(), zones.end(), n.zone) != zones.end())
            out.push_back(n.p);
    }
    return out;
}

/// A point beside a node: off the carriageway, where a car park entrance or a building would be.
P beside(P p, Rng &rng) { return p + polar(rng.uniform(0.05, 0.1), rng.uniform(0, 2 * kPi)); }

void placeParking(City &city, Rng &rng)
{
    std::vector<P> cbdSpots = spreadPick(nodePositions(city, {Zone::Cbd}), 12, 0.3, rng);
    std::vector<P> spots = spreadPick(nodePositions(city, {Zone::Old, Zone::Zhengdong}), 120 - cbdSpots.size(), 0.4, rng, cbdSpots);
    spots.insert(spots.begin(), cbdSpots.begin(), cbdSpots.end());
    std::map<int, int> perDistrict;
    for (std::size_t k = 0; k < spots.size(); ++k) {
        const bool cbd = k < cbdSpots.size();
        Poi poi;
        poi.id = padded("PK", static_cast<int>(k) + 1, 3);
        poi.p = beside(spots[k], rng);
        if (dist(poi.p, city.cbd) < 0.45 || city.inLonghu(poi.p))
            poi.p = spots[k] + (spots[k] - city.cbd) * (0.08 / std::max(dist(spots[k], city.cbd), 1e-6));
        poi.underground = cbd || rng.chance(0.35);
        poi.capacity = poi.underground ? 100 + 10 * rng.below(91) : 30 + 5 * rng.below(75);
        const DistrictSpec &d = kDistricts[districtAt(poi.p)];
        const int n = ++perDistrict[districtAt(poi.p)];
        poi.name = poi.underground
            ? Name{std::string(d.shortEn) + " Underground Car Park " + std::to_string(n), std::string(d.shortZh) + "地下停车场" + std::to_string(n) + "号"}
            : Name{std::string(d.shortEn) + " Car Park " + std::to_string(n), std::string(d.shortZh) + "停车场" + std::to_string(n) + "号"};
        city.parking.push_back(poi);
    }
}

void placeServices(City &city, Rng &rng)
{
    const std::vector<P> all = nodePositions(city, {Zone::Old, Zone::Zhengdong, Zone::Cbd, Zone::Outer});
    std::vector<P> taken;
    // One administrative service hall per district, at the node nearest the district's anchor.
    std::vector<std::pair<P, int>> halls;
    for (int d = 0; d < kDistrictCount; ++d) {
        const P anchor = toKm(kDistricts[d].lon, kDistricts[d].lat);
        P best = all.front();
        for (const P &p : all)
            if (dist(p, anchor) < dist(best, anchor) && districtAt(p) == d)
                best = p;
        halls.push_back({best, d});
        taken.push_back(best);
    }
    const std::vector<P> others = spreadPick(all, 40 - halls.size(), 0.9, rng, taken);
    static const char *const kHospitals[][2] = {
        {"People's Hospital", "人民医院"}, {"Hospital of Traditional Chinese Medicine", "中医院"},
        {"Maternal and Child Health Hospital", "妇幼保健院"}, {"Second People's Hospital", "第二人民医院"},
        {"Third People's Hospital", "第三人民医院"}};
    std::map<int, int> hospitals, centres;
    int number = 0;
    int hospitalCount = 0;
    for (const auto &[p, d] : halls) {
        Poi poi{padded("SC", ++number, 3), beside(p, rng), {std::string(kDistricts[d].en) + " Administrative Service Hall",
                std::string(kDistricts[d].zh) + "政务服务中心"}, "admin_hall", 20 + rng.below(21), false, 0.0, ""};
        city.services.push_back(poi);
    }
    for (std::size_t k = 0; k < others.size(); ++k) {
        const int d = districtAt(others[k]);
        const DistrictSpec &spec = kDistricts[d];
        Poi poi;
        poi.id = padded("SC", ++number, 3);
        poi.p = beside(others[k], rng);
        // 14 hospitals in all, the rest citizen service centres of the subdistricts.
        if (hospitalCount < 14 && hospitals[d] < 5) {
            ++hospitalCount;
            const int h = hospitals[d]++;
            poi.kind = "hospital";
            poi.name = {std::string(spec.shortEn) + " " + kHospitals[h][0], std::string(spec.shortZh) + kHospitals[h][1]};
            poi.capacity = 8 + rng.below(23);
        } else {
            const int c = ++centres[d];
            poi.kind = "admin_hall";
            poi.name = {std::string(spec.shortEn) + " Citizen Service Centre " + std::to_string(c),
                        std::string(spec.shortZh) + "便民服务中心" + std::to_string(c) + "号"};
            poi.capacity = 4 + rng.below(9);
        }
        city.services.push_back(poi);
    }
}

void placeSensors(City &city, Rng &rng)
{
    // Rain gauges: a 6 x 5 stratified layout over the city inside the 4th ring's box.
    int number = 0;
    for (int row = 0; row < 5; ++row)
        for (int col = 0; col < 6; ++col) {
            const double cw = 22.6 / 6, ch = 16.6 / 5;
            const P p{-8.4 + cw * (col + rng.uniform(0.2, 0.8)), -6.1 + ch * (row + rng.uniform(0.2, 0.8))};
            const DistrictSpec &d = kDistricts[districtAt(p)];
            ++number;
            city.rainGauges.push_back({padded("RG", number, 3), p,
                                       {std::string(d.shortEn) + " Rain Gauge " + std::to_string(number), std::string(d.shortZh) + "雨量站" + std::to_string(number) + "号"},
                                       "rain_gauge", 0, false, 0.0, ""});
        }
    // Water-level stations: every underpass and the tunnel, the rivers, the lakes, then pipe wells.
    number = 0;
    auto add = [&](P p, const std::string &site, double warning, const Name &name) {
        Poi poi;
        poi.id = padded("WL", ++number, 3);
        poi.p = p;
        poi.site = site;
        poi.kind = "water_station";
        poi.warningLevelM = warning;
        poi.name = name;
        city.waterStations.push_back(poi);
    };
    std::vector<P> taken;
    for (int k : city.roadOrder) {
        const Road &r = city.net.roads[static_cast<std::size_t>(k)];
        const auto line = r.polyline(city.net.nodes);
        if (r.underpass) {
            add(alongLine(line, 0.5), "underpass", rng.uniform(0.25, 0.35), {r.name.en + " Water Level", r.name.zh + "积水监测点"});
            taken.push_back(alongLine(line, 0.5));
        } else if (r.tunnel) {
            for (double f : {0.06, 0.5, 0.94}) {
                const char *where = f < 0.3 ? "South Portal" : (f > 0.7 ? "North Portal" : "Middle");
                const char *whereZh = f < 0.3 ? "南口" : (f > 0.7 ? "北口" : "中段");
                add(alongLine(line, f), "tunnel", rng.uniform(0.15, 0.25), {r.name.en + " " + where + " Water Level", r.name.zh + whereZh + "积水监测点"});
                taken.push_back(alongLine(line, f));
            }
        }
    }
    const int perRiver[] = {6, 5, 5, 5, 3};
    for (std::size_t k = 0; k < city.rivers.size(); ++k) {
        const River &river = city.rivers[k];
        for (int s = 0; s < perRiver[k]; ++s) {
            const double f = (s + 0.5) / perRiver[k];
            const P at = alongLine(river.line, f);
            const P ahead = alongLine(river.line, std::min(1.0, f + 0.01));
            const P dir = ahead - at;
            const P bank = at + P{-dir.y, dir.x} * ((river.widthKm / 2 + 0.015) / std::max(length(dir), 1e-9));
            add(bank, "river", rng.uniform(2.5, 4.0),
                {river.name.en + " Gauge " + std::to_string(s + 1), river.name.zh + std::to_string(s + 1) + "号水位站"});
        }
    }
    const Lake &ruyi = city.lakes[0];
    const Lake &longhu = city.lakes[1];
    for (int s = 0; s < 2; ++s)
        add(ruyi.rings[0][static_cast<std::size_t>(s * 36)] + (ruyi.rings[0][static_cast<std::size_t>(s * 36)] - city.cbd) * 0.08, "lake",
            rng.uniform(1.5, 2.0), {ruyi.name.en + " Gauge " + std::to_string(s + 1), ruyi.name.zh + std::to_string(s + 1) + "号水位站"});
    for (int s = 0; s < 3; ++s) {
        const P shore = longhu.rings[0][static_cast<std::size_t>(s * 32)];
        add(shore + (shore - city.longhu) * 0.03, "lake", rng.uniform(1.5, 2.0),
            {longhu.name.en + " Gauge " + std::to_string(s + 1), longhu.name.zh + std::to_string(s + 1) + "号水位站"});
    }
    const auto wells = spreadPick(nodePositions(city, {Zone::Old, Zone::Zhengdong, Zone::Outer}),
                                  60 - city.waterStations.size(), 0.8, rng, taken);
    for (const P &p : wells) {
        const DistrictSpec &d = kDistricts[districtAt(p)];
        const int n = number + 1;
        add(p, "pipe", rng.uniform(1.2, 2.2), {std::string(d.shortEn) + " Drain Well " + std::to_string(n), std::string(d.shortZh) + "排水检查井" + std::to_string(n) + "号"});
    }
}

void placeInlets(City &city, Rng &rng)
{
    int number = 0;
    for (std::size_t k = 0; k < city.roadOrder.size(); ++k) {
        const Road &r = city.net.roads[static_cast<std::size_t>(city.roadOrder[k])];
        const auto line = r.polyline(city.net.nodes);
        const double len = polylineLength(line);
        const std::string &link = city.links[2 * k].id;
        std::vector<std::pair<double, double>> at; // fraction, capacity
        if (r.underpass) {
            for (int s = 0; s < 6; ++s)
                at.push_back({(s + 0.5) / 6, rng.uniform(60, 90)});
        } else if (r.tunnel) {
            for (double f : {0.03, 0.06, 0.09, 0.91, 0.94, 0.97})
                at.push_back({f, 80});
        } else if (r.cls == RoadClass::Expressway || r.cls == RoadClass::Ramp) {
            continue; // drained by their own systems
        } else {
            const double spacing = r.cls == RoadClass::Arterial ? 0.3 : (r.cls == RoadClass::Local ? 0.0 : 0.45);
            if (spacing == 0.0) {
                if (rng.chance(0.4))
                    at.push_back({0.5, rng.uniform(15, 30)});
            } else {
                const int count = std::max(1, static_cast<int>(len / spacing));
                for (int s = 0; s < count; ++s)
                    at.push_back({(s + 0.5) / count, rng.uniform(25, 45)});
            }
        }
        for (const auto &[f, capacity] : at) {
            Poi poi;
            poi.id = padded("DI", ++number, 5);
            poi.p = alongLine(line, f);
            poi.capacity = static_cast<int>(std::round(capacity));
            poi.site = link;
            city.inlets.push_back(poi);
        }
    }
}

// ---- Rasters -------------------------------------------------------------------------------------------

/// Smooth random field: bilinear interpolation of random values on a lattice `spacing` km apart.
class ValueNoise {
public:
    ValueNoise(Rng &rng, double spacing) : m_spacing(spacing)
    {
        const P lo = toKm(kMinLon, kMinLat), hi = toKm(kMaxLon, kMaxLat);
        m_origin = lo;
        m_nx = static_cast<int>(std::ceil((hi.x - lo.x) / spacing)) + 2;
        m_ny = static_cast<int>(std::ceil((hi.y - lo.y) / spacing)) + 2;
        m_values.resize(static_cast<std::size_t>(m_nx) * static_cast<std::size_t>(m_ny));
        for (double &v : m_values)
            v = rng.uniform(-1, 1);
    }
    double operator()(P p) const
    {
        const double fx = std::clamp((p.x - m_origin.x) / m_spacing, 0.0, m_nx - 1.001);
        const double fy = std::clamp((p.y - m_origin.y) / m_spacing, 0.0, m_ny - 1.001);
        const int ix = static_cast<int>(fx), iy = static_cast<int>(fy);
        const double tx = fx - ix, ty = fy - iy;
        auto v = [&](int x, int y) { return m_values[static_cast<std::size_t>(y) * static_cast<std::size_t>(m_nx) + static_cast<std::size_t>(x)]; };
        const double sx = tx * tx * (3 - 2 * tx), sy = ty * ty * (3 - 2 * ty);
        return (v(ix, iy) * (1 - sx) + v(ix + 1, iy) * sx) * (1 - sy) + (v(ix, iy + 1) * (1 - sx) + v(ix + 1, iy + 1) * sx) * sy;
    }

private:
    double m_spacing;
    P m_origin;
    int m_nx = 0, m_ny = 0;
    std::vector<double> m_values;
};

struct Rasters {
    AsciiGrid terrain{kCols, kRows, kMinLon, kMinLat, kCell};
    AsciiGrid imperviousness{kCols, kRows, kMinLon, kMinLat, kCell};
    AsciiGrid drainage{kCols, kRows, kMinLon, kMinLat, kCell};
};

P cellCentre(int col, int row) { return toKm(kMinLon + (col + 0.5) * kCell, kMaxLat - (row + 0.5) * kCell); }

/// Calls fn(index, centre) for every cell whose centre lies in the box [lo, hi] grown by `margin` km.
template<class Fn>
void forCellsNear(P lo, P hi, double margin, Fn fn)
{
    const double lonLo = kLon0 + (lo.x - margin) / kKmPerDegLon, lonHi = kLon0 + (hi.x + margin) / kKmPerDegLon;
    const double latLo = kLat0 + (lo.y - margin) / kKmPerDegLat, latHi = kLat0 + (hi.y + margin) / kKmPerDegLat;
    const int c0 = std::max(0, static_cast<int>(std::floor((lonLo - kMinLon) / kCell)));
    const int c1 = std::min(kCols - 1, static_cast<int>(std::ceil((lonHi - kMinLon) / kCell)));
    const int r0 = std::max(0, static_cast<int>(std::floor((kMaxLat - latHi) / kCell)));
    const int r1 = std::min(kRows - 1, static_cast<int>(std::ceil((kMaxLat - latLo) / kCell)));
    for (int row = r0; row <= r1; ++row)
        for (int col = c0; col <= c1; ++col)
            fn(static_cast<std::size_t>(row) * kCols + static_cast<std::size_t>(col), cellCentre(col, row));
}

void boxOf(const std::vector<P> &points, P &lo, P &hi)
{
    lo = hi = points.front();
    for (const P &p : points) {
        lo = {std::min(lo.x, p.x), std::min(lo.y, p.y)};
        hi = {std::max(hi.x, p.x), std::max(hi.y, p.y)};
    }
}

Rasters buildRasters(const City &city, Rng &terrainRng, Rng &landRng)
{
    const std::size_t cells = static_cast<std::size_t>(kCols) * kRows;
    // Distance to the nearest river centre line (km), and which river.
    std::vector<double> riverDist(cells, 1e9);
    std::vector<int> riverOf(cells, -1);
    for (std::size_t r = 0; r < city.rivers.size(); ++r) {
        const auto &line = city.rivers[r].line;
        for (std::size_t k = 1; k < line.size(); ++k) {
            P lo, hi;
            boxOf({line[k - 1], line[k]}, lo, hi);
            forCellsNear(lo, hi, 0.8, [&](std::size_t i, P c) {
                const double d = segmentDistance(c, line[k - 1], line[k]);
                if (d < riverDist[i]) {
                    riverDist[i] = d;
                    riverOf[i] = static_cast<int>(r);
                }
            });
        }
    }
    // Lakes: inside, and distance to the shore.
    std::vector<bool> inLake(cells, false);
    std::vector<double> shoreDist(cells, 1e9);
    for (const Lake &lake : city.lakes) {
        P lo, hi;
        boxOf(lake.rings[0], lo, hi);
        std::vector<P> shore = lake.rings[0];
        shore.push_back(shore.front());
        forCellsNear(lo, hi, 0.5, [&](std::size_t i, P c) {
            bool inside = ringContains(lake.rings[0], c);
            for (std::size_t h = 1; h < lake.rings.size(); ++h)
                inside = inside && !ringContains(lake.rings[h], c);
            inLake[i] = inLake[i] || inside;
            shoreDist[i] = std::min(shoreDist[i], polylineDistance(c, shore));
        });
    }
    // Underpasses and the tunnel's portal ramps: where the road (and so the ground water flows) dips.
    std::vector<double> dip(cells, 0.0);
    for (int k : city.roadOrder) {
        const Road &r = city.net.roads[static_cast<std::size_t>(k)];
        if (!r.underpass && !r.tunnel)
            continue;
        const auto line = r.polyline(city.net.nodes);
        const double depth = terrainRng.uniform(5.0, 6.5);
        P lo, hi;
        boxOf(line, lo, hi);
        forCellsNear(lo, hi, 0.1, [&](std::size_t i, P c) {
            double best = 0;
            if (r.underpass) {
                double t = 0;
                const double d = segmentDistance(c, line.front(), line.back(), &t);
                if (t > -0.05 && t < 1.05) {
                    const double bell = std::pow(std::cos(kPi * (std::clamp(t, 0.0, 1.0) - 0.5)), 2);
                    best = depth * bell * std::exp(-std::pow(d / 0.035, 2));
                }
            } else {
                // Open ramps at both ends, 250 m long, down to the tunnel; the ground above the bore is untouched.
                const double total = polylineLength(line);
                for (int end = 0; end < 2; ++end) {
                    const P portal = end ? line.back() : line.front();
                    const P inward = end ? alongLine(line, 1 - 0.25 / total) : alongLine(line, 0.25 / total);
                    double t = 0;
                    const double d = segmentDistance(c, portal, inward, &t);
                    if (t > -0.1 && t < 1.0)
                        best = std::max(best, 0.7 * depth * std::clamp(t, 0.0, 1.0) * std::exp(-std::pow(d / 0.035, 2)));
                }
            }
            dip[i] = std::max(dip[i], best);
        });
    }
    // Parks: green patches in the built-up area.
    std::vector<std::pair<P, double>> parks;
    for (int k = 0; k < 14; ++k) {
        const bool east = k % 3 == 2;
        const P p = east ? P{landRng.uniform(5.0, 12.0), landRng.uniform(-2.5, 7.5)} : P{landRng.uniform(-5.5, 3.8), landRng.uniform(-3.2, 6.2)};
        parks.push_back({p, landRng.uniform(0.15, 0.4)});
    }

    const ValueNoise broad(terrainRng, 2.0), fine(terrainRng, 0.6);
    const double ph[4] = {terrainRng.uniform(0, 2 * kPi), terrainRng.uniform(0, 2 * kPi), terrainRng.uniform(0, 2 * kPi),
                          terrainRng.uniform(0, 2 * kPi)};
    const ValueNoise landNoise(landRng, 0.5);
    const ValueNoise drainNoise(landRng, 1.5);

    Rasters out;
    for (int row = 0; row < kRows; ++row)
        for (int col = 0; col < kCols; ++col) {
            const std::size_t i = static_cast<std::size_t>(row) * kCols + static_cast<std::size_t>(col);
            const P c = cellCentre(col, row);
            // Terrain: Zhengzhou falls gently from the south-west (~110 m) to the north-east (~84 m).
            double h = 99.5 - 0.50 * c.x - 0.62 * c.y;
            h += 0.6 * std::sin(c.x / 1.7 + ph[0]) * std::cos(c.y / 2.3 + ph[1]) + 0.4 * std::sin((c.x + c.y) / 3.1 + ph[2])
                + 0.3 * std::cos((c.x - 2 * c.y) / 4.3 + ph[3]);
            h += 1.2 * broad(c) + 0.35 * fine(c);
            const bool water = inLake[i] || (riverOf[i] >= 0 && riverDist[i] < city.rivers[static_cast<std::size_t>(riverOf[i])].widthKm / 2 + 0.02);
            if (riverOf[i] >= 0) {
                const double w = city.rivers[static_cast<std::size_t>(riverOf[i])].widthKm;
                h -= 2.0 * std::exp(-std::pow(riverDist[i] / 0.35, 2)) + 2.5 * std::exp(-std::pow(riverDist[i] / (w / 2 + 0.03), 2));
            }
            if (inLake[i])
                h -= 3.5 + 0.8 * std::min(1.0, shoreDist[i] / 0.3);
            else
                h -= 1.5 * std::exp(-std::pow(shoreDist[i] / 0.15, 2));
            h -= dip[i];
            out.terrain.at(col, row) = h;

            // Imperviousness and drainage capacity follow the land use.
            double imp = 0, drain = 0;
            const double s3 = city.ring3.scale(c), s4 = city.ring4.scale(c);
            if (dist(c, city.cbd) < city.cbdRadius) {
                imp = dist(c, city.cbd) < 0.5 ? 0.35 : 0.9;
                drain = 58;
            } else if (s3 <= 1.0) {
                imp = 0.87;
                drain = 32;
            } else if (city.inEastArea(c, 0.3)) {
                imp = 0.78;
                drain = 48;
            } else if (s4 <= 1.0) {
                imp = 0.72 - 0.25 * std::clamp((s4 - 0.4) / 0.6, 0.0, 1.0);
                drain = 28;
            } else {
                imp = 0.25;
                drain = 12;
            }
            imp += 0.06 * landNoise(c);
            drain += 4 * drainNoise(c);
            for (const auto &[centre, radius] : parks)
                if (dist(c, centre) < radius)
                    imp = std::min(imp, 0.3 + 0.05 * landNoise(c));
            if (riverDist[i] < 0.1)
                imp = std::min(imp, 0.35);
            if (dip[i] > 1.0)
                drain = 45; // underpasses and tunnel ramps have pump stations
            if (water) {
                imp = 0.0; // open water stores the rain; see water.geojson
                drain = 0.0;
            }
            out.imperviousness.at(col, row) = std::clamp(imp, 0.0, 1.0);
            out.drainage.at(col, row) = std::max(0.0, drain);
        }
    return out;
}

// ---- Writing -------------------------------------------------------------------------------------------

std::string roadsFile(const City &city)
{
    FeatureWriter w("roads");
    for (std::size_t k = 0; k < city.links.size(); ++k) {
        const Link &l = city.links[k];
        const Road &r = city.net.roads[static_cast<std::size_t>(l.road)];
        const ClassSpec spec = classSpec(r.cls);
        w.begin();
        w.text("id", l.id);
        w.text("from", city.nodeIds[static_cast<std::size_t>(l.from)]);
        w.text("to", city.nodeIds[static_cast<std::size_t>(l.to)]);
        w.text("name", r.name.en);
        w.text("name_zh", r.name.zh);
        w.text("road_class", spec.name);
        w.number("lanes", r.lanes, 0);
        w.number("speed_limit_kmh", r.speedKmh, 0);
        w.number("capacity_vph", r.lanes * (r.tunnel ? 1900.0 : spec.perLaneVph), 0);
        w.number("length_m", polylineLengthM(l.points), 1);
        w.text("reverse", city.links[k ^ 1].id);
        w.flag("tunnel", r.tunnel);
        w.flag("underpass", r.underpass);
        w.line(l.points);
    }
    return w.finish();
}

std::string intersectionsFile(const City &city)
{
    std::vector<std::vector<int>> in(city.net.nodes.size()), out(city.net.nodes.size());
    for (std::size_t k = 0; k < city.links.size(); ++k) {
        in[static_cast<std::size_t>(city.links[k].to)].push_back(static_cast<int>(k));
        out[static_cast<std::size_t>(city.links[k].from)].push_back(static_cast<int>(k));
    }
    const std::set<int> signals(city.signals.begin(), city.signals.end());
    FeatureWriter w("intersections");
    for (int node : city.nodeOrder) {
        const auto &incoming = in[static_cast<std::size_t>(node)];
        // The names of the roads that meet here, the more important first.
        std::vector<std::pair<int, Name>> names;
        for (int l : incoming) {
            const Road &r = city.net.roads[static_cast<std::size_t>(city.links[static_cast<std::size_t>(l)].road)];
            static constexpr int kRank[] = {1, 5, 0, 3, 4, 2}; // by RoadClass: arterials first, ramps last
            if (std::none_of(names.begin(), names.end(), [&](const auto &n) { return n.second.en == r.name.en; }))
                names.push_back({kRank[static_cast<int>(r.cls)], r.name});
        }
        std::stable_sort(names.begin(), names.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        Name name{names.empty() ? "" : names[0].second.en, names.empty() ? "" : names[0].second.zh};
        if (names.size() > 1) {
            name.en += " / " + names[1].second.en;
            name.zh += "与" + names[1].second.zh + "交叉口";
        }
        w.begin();
        w.text("id", city.nodeIds[static_cast<std::size_t>(node)]);
        w.text("name", name.en);
        w.text("name_zh", name.zh);
        const bool signalized = signals.count(node) > 0;
        w.flag("signalized", signalized);
        std::string phases = "[";
        if (signalized) {
            const auto plan = phasePlan(city, incoming, out[static_cast<std::size_t>(node)]);
            for (std::size_t p = 0; p < plan.size(); ++p) {
                const PhasePlan &phase = plan[p];
                if (p)
                    phases += ',';
                phases += "{\"id\":";
                appendJsonString(phases, phase.id);
                phases += ",\"links\":[";
                for (std::size_t k = 0; k < phase.links.size(); ++k) {
                    if (k)
                        phases += ',';
                    appendJsonString(phases, phase.links[k]);
                }
                phases += "],\"movements\":[";
                for (std::size_t k = 0; k < phase.movements.size(); ++k) {
                    phases += k ? ",[" : "[";
                    for (std::size_t f = 0; f < 3; ++f) {
                        if (f)
                            phases += ',';
                        appendJsonString(phases, phase.movements[k][f]);
                    }
                    phases += ']';
                }
                phases += "],\"min_green_s\":" + fixed(phase.minGreen, 0) + ",\"max_green_s\":" + fixed(phase.maxGreen, 0)
                    + ",\"amber_s\":" + fixed(phase.amber, 0) + ",\"all_red_s\":" + fixed(phase.allRed, 0) + "}";
            }
        }
        phases += "]";
        w.raw("phases", phases);
        w.point(city.net.at(node));
    }
    return w.finish();
}

std::string sensorsFile(const City &city)
{
    FeatureWriter w("sensors");
    for (const auto *list : {&city.rainGauges, &city.waterStations})
        for (const Poi &poi : *list) {
            w.begin();
            w.text("id", poi.id);
            w.text("kind", poi.kind);
            w.text("name", poi.name.en);
            w.text("name_zh", poi.name.zh);
            if (poi.kind == "water_station") {
                w.text("site", poi.site);
                w.number("warning_level_m", poi.warningLevelM, 2);
            }
            w.number("expected_interval_s", 60, 0);
            w.point(poi.p);
        }
    return w.finish();
}

std::string parkingFile(const City &city)
{
    FeatureWriter w("parking");
    for (const Poi &poi : city.parking) {
        w.begin();
        w.text("id", poi.id);
        w.text("name", poi.name.en);
        w.text("name_zh", poi.name.zh);
        w.number("capacity", poi.capacity, 0);
        w.flag("underground", poi.underground);
        w.number("expected_interval_s", 60, 0);
        w.point(poi.p);
    }
    return w.finish();
}

std::string servicesFile(const City &city)
{
    FeatureWriter w("services");
    for (const Poi &poi : city.services) {
        w.begin();
        w.text("id", poi.id);
        w.text("name", poi.name.en);
        w.text("name_zh", poi.name.zh);
        w.text("kind", poi.kind);
        w.number("counters", poi.capacity, 0);
        w.number("expected_interval_s", 60, 0);
        w.point(poi.p);
    }
    return w.finish();
}

std::string districtsFile(const City &city)
{
    FeatureWriter w("districts");
    for (int k = 0; k < kDistrictCount; ++k) {
        w.begin();
        w.text("id", kDistricts[k].id);
        w.text("name_zh", kDistricts[k].zh);
        w.text("name_en", kDistricts[k].en);
        w.text("kind", kDistricts[k].kind);
        w.polygons(city.districtShapes[static_cast<std::size_t>(k)]);
    }
    return w.finish();
}

std::string waterFile(const City &city)
{
    FeatureWriter w("water");
    static const char *const kLakeIds[] = {"ruyi_lake", "longhu_lake"};
    static const char *const kRiverIds[] = {"jinshui_river", "xionger_river", "dongfeng_canal", "jialu_river", "qili_river"};
    for (std::size_t k = 0; k < city.lakes.size(); ++k) {
        w.begin();
        w.text("id", kLakeIds[k]);
        w.text("name_zh", city.lakes[k].name.zh);
        w.text("name_en", city.lakes[k].name.en);
        w.text("kind", "lake");
        w.polygons({city.lakes[k].rings});
    }
    for (std::size_t k = 0; k < city.rivers.size(); ++k) {
        w.begin();
        w.text("id", kRiverIds[k]);
        w.text("name_zh", city.rivers[k].name.zh);
        w.text("name_en", city.rivers[k].name.en);
        w.text("kind", "river");
        w.number("width_m", city.rivers[k].widthKm * 1000, 0);
        w.polygons({{bufferLine(city.rivers[k].line, city.rivers[k].widthKm)}});
    }
    return w.finish();
}

std::string inletsFile(const City &city)
{
    FeatureWriter w("drainage_inlets");
    for (const Poi &poi : city.inlets) {
        w.begin();
        w.text("id", poi.id);
        w.number("capacity_lps", poi.capacity, 0);
        w.text("link", poi.site);
        w.point(poi.p);
    }
    return w.finish();
}

std::string manifestFile(std::uint64_t seed)
{
    std::string out = "{\n";
    out += "  \"format\": \"cityops-scenario\",\n";
    out += "  \"format_version\": 1,\n";
    out += "  \"name\": \"Zhengzhou (synthetic)\",\n";
    out += "  \"name_zh\": \"郑州（合成）\",\n";
    out += "  \"time_zone\": \"Asia/Shanghai\",\n";
    out += "  \"crs\": \"EPSG:4326\",\n";
    out += "  \"bounds\": [" + fixed(kMinLon, 6) + ", " + fixed(kMinLat, 6) + ", " + fixed(kMaxLon, 6) + ", " + fixed(kMaxLat, 6) + "],\n";
    out += "  \"files\": {\n"
           "    \"roads\": \"roads.geojson\",\n"
           "    \"intersections\": \"intersections.geojson\",\n"
           "    \"sensors\": \"sensors.geojson\",\n"
           "    \"parking\": \"parking.geojson\",\n"
           "    \"services\": \"services.geojson\",\n"
           "    \"districts\": \"districts.geojson\",\n"
           "    \"water\": \"water.geojson\",\n"
           "    \"drainage_inlets\": \"drainage_inlets.geojson\",\n"
           "    \"terrain\": \"terrain.asc\",\n"
           "    \"imperviousness\": \"imperviousness.asc\",\n"
           "    \"drainage_capacity\": \"drainage_capacity.asc\"\n"
           "  },\n";
    out += "  \"metadata\": {\n"
           "    \"synthetic\": true,\n"
           "    \"note\": \"Synthetic geometry laid out after the general plan of Zhengzhou (old street grid, railway "
           "underpasses, Zhengdong CBD rings around a central lake, 3rd and 4th ring expressways, real district names). It is "
           "not surveyed data: positions, names of streets and facilities, capacities and the rasters are generated.\",\n";
    out += "    \"generator\": {\"command\": \"cityops-cli scenario generate --preset zhengzhou --seed " + std::to_string(seed)
        + " --out DIR\", \"preset\": \"zhengzhou\", \"seed\": " + std::to_string(seed) + "},\n";
    out += "    \"units\": {\"terrain\": \"m above sea level\", \"imperviousness\": \"sealed fraction of the cell (0..1; open water 0)\", "
           "\"drainage_capacity\": \"rain intensity the drains carry away, mm/h (open water 0)\", \"capacity_vph\": \"vehicles per hour, "
           "all lanes\", \"warning_level_m\": \"water level above which the station warns, m\", \"capacity_lps\": \"litres per second\"},\n";
    out += "    \"raster_cell\": \"0.00044 degrees, about 40 m east-west and 49 m north-south\"\n"
           "  }\n"
           "}\n";
    return out;
}

std::string readmeFile(std::uint64_t seed)
{
    return "# Zhengzhou (synthetic) scenario\n"
           "\n"
           "Generated by `cityops-cli scenario generate --preset zhengzhou --seed " + std::to_string(seed) + " --out DIR`; do not edit by\n"
           "hand, regenerate (the same seed gives byte-identical files; tests/core/tst_scenarioloader checks it).\n"
           "\n"
           "The geometry is synthetic, laid out after the general plan of Zhengzhou: the old street grid of Zhongyuan,\n"
           "Erqi, Guancheng and Jinshui cut by the north-south railway (crossed only by low underpasses) with the\n"
           "Jingguang Road tunnel, the concentric ring roads of the Zhengdong CBD around its central lake, the Zhengdong\n"
           "grid around Longhu lake, the 3rd and 4th ring expressways, rivers and the real districts' names. Positions,\n"
           "street and facility names, capacities and rasters are generated, not surveyed.\n"
           "\n"
           "All coordinates are WGS84 (EPSG:4326), longitude first. Standard formats, open in any GIS tool:\n"
           "\n"
           "| file | content |\n"
           "|---|---|\n"
           "| scenario.json | name, time zone, CRS, bounds, the files by role, metadata |\n"
           "| roads.geojson | one LineString per directed link: id, from, to, lanes, speed_limit_kmh, capacity_vph, name, name_zh, road_class, length_m, reverse, tunnel, underpass |\n"
           "| intersections.geojson | road nodes; signalised ones carry phases: links (incoming), movements [in, out, turn], min/max green, amber, all-red (s) |\n"
           "| sensors.geojson | rain gauges; water-level stations with site and warning_level_m |\n"
           "| parking.geojson | car parks: capacity (spaces), underground |\n"
           "| services.geojson | administrative service halls and hospitals: kind, counters |\n"
           "| districts.geojson | district polygons: name_zh, name_en, kind (district or functional_zone) |\n"
           "| water.geojson | lakes and rivers |\n"
           "| drainage_inlets.geojson | street inlets: capacity_lps, link |\n"
           "| terrain.asc, imperviousness.asc, drainage_capacity.asc | ESRI ASCII grids, one raster (m; fraction 0..1; mm/h), .prj alongside |\n";
}

constexpr const char *kWgs84Prj = "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563]],"
                                  "PRIMEM[\"Greenwich\",0],UNIT[\"degree\",0.0174532925199433]]\n";

std::vector<ScenarioFile> generateZhengzhou(std::uint64_t seed)
{
    City city;
    city.seed = seed;
    buildDistricts(city);
    Rng water(seed, Stream::Water);
    buildWater(city, water);
    // The rings first: the grids' interchanges look for ring nodes.
    buildRing(city, city.ring3, 44, Zone::Ring3, "3rd", "三");
    buildRing(city, city.ring4, 72, Zone::Ring4, "4th", "四");
    Rng oldGrid(seed, Stream::OldGrid);
    buildOldGrid(city, oldGrid);
    Rng zhengdong(seed, Stream::Zhengdong);
    buildZhengdong(city, zhengdong);
    Rng outer(seed, Stream::Outer);
    buildOuter(city, outer);
    finishNetwork(city);
    Rng signals(seed, Stream::Signals);
    pickSignals(city, signals);
    Rng parking(seed, Stream::Parking);
    placeParking(city, parking);
    Rng services(seed, Stream::Services);
    placeServices(city, services);
    Rng sensors(seed, Stream::Sensors);
    placeSensors(city, sensors);
    Rng inlets(seed, Stream::Inlets);
    placeInlets(city, inlets);
    Rng terrain(seed, Stream::Terrain), land(seed, Stream::Land);
    const Rasters rasters = buildRasters(city, terrain, land);

    std::vector<ScenarioFile> files;
    files.push_back({"scenario.json", manifestFile(seed)});
    files.push_back({"README.md", readmeFile(seed)});
    files.push_back({"roads.geojson", roadsFile(city)});
    files.push_back({"intersections.geojson", intersectionsFile(city)});
    files.push_back({"sensors.geojson", sensorsFile(city)});
    files.push_back({"parking.geojson", parkingFile(city)});
    files.push_back({"services.geojson", servicesFile(city)});
    files.push_back({"districts.geojson", districtsFile(city)});
    files.push_back({"water.geojson", waterFile(city)});
    files.push_back({"drainage_inlets.geojson", inletsFile(city)});
    files.push_back({"terrain.asc", rasters.terrain.toText(2)});
    files.push_back({"terrain.prj", kWgs84Prj});
    files.push_back({"imperviousness.asc", rasters.imperviousness.toText(2)});
    files.push_back({"imperviousness.prj", kWgs84Prj});
    files.push_back({"drainage_capacity.asc", rasters.drainage.toText(1)});
    files.push_back({"drainage_capacity.prj", kWgs84Prj});
    return files;
}

} // namespace

std::vector<std::string> scenarioPresets()
{
    return {"zhengzhou"};
}

std::optional<std::vector<ScenarioFile>> generateScenario(const std::string &preset, std::uint64_t seed, std::string &error)
{
    if (preset == "zhengzhou")
        return generateZhengzhou(seed);
    error = "unknown preset '" + preset + "' (known: zhengzhou)";
    return std::nullopt;
}

bool writeScenarioFiles(const std::filesystem::path &folder, const std::vector<ScenarioFile> &files, std::string &error)
{
    std::error_code ec;
    fs::create_directories(folder, ec);
    if (ec) {
        error = "cannot create '" + folder.string() + "': " + ec.message();
        return false;
    }
    for (const ScenarioFile &file : files) {
        std::ofstream out(folder / file.name, std::ios::binary | std::ios::trunc);
        out.write(file.content.data(), static_cast<std::streamsize>(file.content.size()));
        if (!out) {
            error = "cannot write '" + (folder / file.name).string() + "'";
            return false;
        }
    }
    return true;
}

} // namespace cityops::core
