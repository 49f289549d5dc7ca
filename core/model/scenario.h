// Scenario: a city as loaded from a scenario folder (see scenarioloader.h): the CityModel the engine
// validates feeds against, plus the geometry the map and the models need (link polylines, intersections
// with their signal phase plans, districts, water bodies, drainage inlets and the three raster grids).
//
// Threading: built once by the loader, then shared read-only (`std::shared_ptr<const Scenario>`) by every
// thread; nothing changes after construction, so no locks are needed.
#pragma once

#include "model/asciigrid.h"
#include "model/citymodel.h"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cityops::core {

/// A WGS84 position (EPSG:4326), degrees.
struct GeoPoint {
    double lon = 0.0;
    double lat = 0.0;
    friend bool operator==(const GeoPoint &, const GeoPoint &) = default;
};

/// A closed ring: the first and last points are equal, as in GeoJSON.
using GeoRing = std::vector<GeoPoint>;

/// One polygon: an outer ring and any number of holes.
struct GeoPolygon {
    GeoRing outer;
    std::vector<GeoRing> holes;
};

/// Axis-aligned bounds in degrees.
struct GeoBounds {
    double minLon = 0, minLat = 0, maxLon = 0, maxLat = 0;
    bool contains(GeoPoint p) const { return p.lon >= minLon && p.lon <= maxLon && p.lat >= minLat && p.lat <= maxLat; }
    bool valid() const { return minLon < maxLon && minLat < maxLat; }
};

/// The geometry of one directed road link; `entity` indexes Scenario::city.
struct LinkGeometry {
    std::uint32_t entity = 0;
    std::vector<GeoPoint> points; ///< from the from-node to the to-node, in the direction of travel
    std::string reverseLink;      ///< id of the opposite direction of the same road, empty if one-way
    bool tunnel = false;
    bool underpass = false;
};

/// A pair of links a phase gives green to: traffic entering on `fromLink` and leaving on `toLink`.
struct Movement {
    std::string fromLink;
    std::string toLink;
    std::string turn; ///< "through", "left", "right" (informative)
};

/// One stage of a signal plan.
struct SignalPhase {
    std::string id;
    std::vector<std::string> links;  ///< incoming links that get green
    std::vector<Movement> movements; ///< the movements they serve (empty: every movement of `links`)
    double minGreenS = 10;
    double maxGreenS = 60;
    double amberS = 3;
    double allRedS = 2;
};

/// A road node. Signalised ones are also Signal entities in the CityModel (same id).
struct Intersection {
    std::string id;
    std::string name;
    std::string nameZh;
    GeoPoint position;
    bool signalized = false;
    std::vector<SignalPhase> phases;
    std::vector<std::string> incoming; ///< links whose to-node is this one, in file order
    std::vector<std::string> outgoing; ///< links whose from-node is this one
};

struct District {
    std::string id;
    std::string nameZh;
    std::string nameEn;
    std::string kind; ///< "district" (administrative) or "functional_zone"
    std::vector<GeoPolygon> polygons;
};

struct WaterBody {
    std::string id;
    std::string nameZh;
    std::string nameEn;
    std::string kind; ///< "lake" or "river"
    std::vector<GeoPolygon> polygons;
};

struct DrainageInlet {
    std::string id;
    GeoPoint position;
    double capacityLps = 0; ///< litres per second the inlet can take
    std::string link;       ///< the link it drains, empty if none
};

struct Scenario {
    std::string name;
    std::string timeZone = "Asia/Shanghai";
    std::string crs = "EPSG:4326";
    std::string note; ///< metadata note, e.g. that the geometry is synthetic
    GeoBounds bounds;

    std::shared_ptr<const CityModel> city;
    std::vector<LinkGeometry> links; ///< one per Link entity, in the order of the roads file
    std::vector<Intersection> intersections;
    std::vector<District> districts;
    std::vector<WaterBody> waterBodies;
    std::vector<DrainageInlet> inlets;

    AsciiGrid terrain;           ///< ground elevation, m above sea level
    AsciiGrid imperviousness;    ///< sealed fraction of each cell, 0..1
    AsciiGrid drainageCapacity;  ///< rain intensity the drains take away, mm/h

    /// Lookups by id; nullptr when absent. (Defined in scenarioloader.cpp.)
    const LinkGeometry *linkGeometry(std::string_view linkId) const;
    const Intersection *intersection(std::string_view id) const;

    /// Intersection id -> index into `intersections`, filled by the loader.
    std::unordered_map<std::string, std::size_t, StringHash, std::equal_to<>> intersectionIndex;
};

/// Ray-casting point-in-polygon test honouring holes.
bool polygonContains(const GeoPolygon &polygon, GeoPoint p);

/// Great-circle distance in metres (haversine, mean Earth radius).
double distanceM(GeoPoint a, GeoPoint b);

/// Length of a polyline in metres.
double polylineLengthM(const std::vector<GeoPoint> &points);

} // namespace cityops::core
