// Parking guidance: for a destination, rank the car parks by predicted free spaces on arrival, walking
// distance to the destination and drive time through the road network.
//
// Drive time is a Dijkstra search over the scenario's directed links from the driver's origin (snapped to
// the nearest intersection) with each link's travel time = length / current speed (the speed limit when no
// speed is known), to the intersection nearest each car park, plus the straight-line leg from the last
// intersection at 20 km/h. Walking is the straight-line distance times a detour factor (1.3, a usual
// figure for street grids) at 4.8 km/h. Free spaces on arrival are interpolated in time from the forecast
// the caller passes (minute 0 = now, then e.g. +30 and +60 from ParkingForecaster), held flat beyond.
//
// Score: a generalised cost in minutes, lower is better:
//   drive + walkWeight * walk + fullPenaltyMin * P(full),  P(full) = clamp(1 - free / spareSpaces, 0, 1)
// so a car park with a comfortable margin of free spaces costs only its travel, one that is predicted full
// costs the detour of searching elsewhere. Car parks the destination is out of walking range of
// (maxWalkM) are left out.
//
// Threading: build once per scenario; rank() is const and safe to call from several threads. setLinkSpeed*
// changes state: call it from the owner's thread only.
#pragma once

#include "model/scenario.h"

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace cityops::core {

/// A car park as the guidance sees it, with its availability forecast.
struct ParkingCandidate {
    std::string id;
    GeoPoint position;
    double capacity = 0;
    /// Forecast free spaces: (minutes from now, free spaces), ascending minutes; the first usually minute 0.
    std::vector<std::pair<double, double>> freeForecast;
};

struct GuidanceWeights {
    double walkWeight = 2.0;       ///< a walking minute weighs like this many driving minutes
    double fullPenaltyMin = 20.0;  ///< cost of arriving at a full car park (search, queue, detour)
    double spareSpaces = 20.0;     ///< free spaces at which the risk of finding it full is taken as 0
    double maxWalkM = 1500.0;      ///< farther car parks are not offered
    std::size_t maxResults = 10;
};

/// One ranked option with its three components.
struct ParkingOption {
    std::string id;
    double freeOnArrival = 0; ///< predicted free spaces when the driver gets there
    double walkM = 0;         ///< walking distance to the destination
    double walkMin = 0;
    double driveMin = 0;      ///< drive time from the origin (+infinity if unreachable)
    double driveM = 0;        ///< along the fastest route
    double score = 0;         ///< generalised cost in minutes, lower is better
};

class ParkingGuidance {
public:
    explicit ParkingGuidance(const Scenario &scenario);

    /// Current speeds, indexed like Scenario::links. Values <= 0 or NaN fall back to the speed limit.
    void setLinkSpeeds(const std::vector<double> &speedKmh);
    /// One link's current speed; false if the id is unknown.
    bool setLinkSpeed(const std::string &linkId, double speedKmh);

    /// Drive time (min) and distance (m) from `origin` to every intersection (index as Scenario::intersections).
    void driveTimes(GeoPoint origin, std::vector<double> &minutes, std::vector<double> &metres) const;

    /// Ranks `candidates` for a trip from `origin` to `destination`, best first.
    std::vector<ParkingOption> rank(GeoPoint origin, GeoPoint destination, const std::vector<ParkingCandidate> &candidates,
                                    const GuidanceWeights &weights = {}) const;

    /// Index of the intersection nearest to `p` (Scenario::intersections), or -1 if there are none.
    int nearestNode(GeoPoint p) const;

    static constexpr double kWalkDetour = 1.3;
    static constexpr double kWalkKmh = 4.8;
    static constexpr double kAccessKmh = 20.0; ///< the leg between the network and the car park's gate

private:
    struct Edge {
        std::uint32_t to;
        std::uint32_t link; ///< index into Scenario::links
    };
    std::vector<GeoPoint> m_nodes;
    std::vector<std::uint32_t> m_edgeBegin; ///< CSR over from-nodes
    std::vector<Edge> m_edges;
    std::vector<double> m_lengthM, m_limitKmh, m_speedKmh; ///< per link
    std::vector<std::string> m_linkIds;
};

/// Free-space forecast for a car park: (minutes, free spaces) from the current occupancy and the forecast
/// occupancy rates at the given horizons. A small helper for callers of rank().
std::vector<std::pair<double, double>> freeSpaceForecast(double capacity, double occupiedNow,
                                                         const std::vector<std::pair<double, double>> &rateForecast);

} // namespace cityops::core
