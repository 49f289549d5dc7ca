// Travel demand for the traffic simulator: how many vehicles start where, by time of day, and how they
// choose their way, reduced to what a cell transmission model can carry (source rates and turning
// fractions).
//
// Origins. Entry links (no road leads into them: the city's border) get `boundaryShare` of the trips, in
// proportion to their lanes; every link generates the rest in proportion to its lane-km (trips that start
// inside the city's zones: homes, offices, car parks along the road). The peak-hour total is set as a load
// on the network (`peakLoad`), so one setting fits a small test grid and a whole city. Both follow a daily
// profile with a morning (07:00-09:00) and an evening (17:00-19:00) peak in local time. In the morning peak the border sends more and the zones less
// (people drive in), in the evening the other way round (`commuteShift`); the total follows the profile.
//
// Destinations. Instead of a full OD matrix with routes, each vehicle reaching a node ends its trip there
// with probability 1/meanTripLinks (a geometric trip length: it parks or turns into a side street), leaves
// the city on an exit link, or turns. Turning fractions at a node are proportional to turn weight (through >
// right > left) x the out-link's capacity x a commute term exp(bias * c(t) * cos(theta)), theta being the
// angle between the out-link and the direction to the city centre and c(t) = +1 in the morning peak
// (inbound), -1 in the evening peak (outbound), 0 otherwise, ramped over an hour. That gives an OD pattern
// that is radial at the peaks and diffuse between them.
//
// Threading: a plain value owned by one simulator; no locks. Rates and fractions are pure functions of the
// time given, never of the wall clock.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace cityops::core {

class CtmNetwork;

/// Demand level by local time of day: a value at each full hour, linear in between; 1 = the peak hour.
struct DailyProfile {
    std::array<double, 24> hourly{};

    /// Commuter city: morning (07:00-09:00) and evening (17:00-19:00) peaks, a midday plateau, quiet nights.
    static DailyProfile commuter();
    static DailyProfile flat(double value = 1.0);
    double at(double secondsOfDay) const;
};

struct DemandConfig {
    DailyProfile profile = DailyProfile::commuter();
    /// Peak-hour demand as a load: total trips x meanTripLinks (vehicle-links per hour) = peakLoad x the sum
    /// of all link capacities. Scales with the city, whatever its size. <= 0: use the absolute rates below.
    /// 0.15 gives the demo city (and the synthetic grid) a congested morning peak that clears by noon, a
    /// milder evening peak and free flow at night; near 0.3 the morning approaches gridlock.
    double peakLoad = 0.15;
    double boundaryShare = 0.3;        ///< share of the peakLoad demand entering at entry links (if any)
    double boundaryVphPerLane = 0;     ///< absolute mode (peakLoad <= 0): entry links, at profile 1
    double internalVphPerLaneKm = 0;   ///< absolute mode: generated along every link, at profile 1
    double meanTripLinks = 15;         ///< internal destinations: a trip ends at each node with p = 1/this
    double commuteBias = 1.2;          ///< strength of the inbound (AM) / outbound (PM) turning preference
    double commuteShift = 0.25;        ///< AM: border x(1+s), the zones give up as much; PM the reverse
    double turnWeightThrough = 1.0;
    double turnWeightRight = 0.5;
    double turnWeightLeft = 0.35;
    double turnWeightUTurn = 0.02;
    double turnWeightUnknown = 0.7;
    bool stochastic = true;            ///< Poisson arrivals per minute; false: the exact mean rate
    std::int64_t utcOffsetS = 8 * 3600; ///< local time = UTC + this (Asia/Shanghai, no daylight saving)
    std::optional<std::pair<double, double>> centre; ///< city centre (x, y metres); default: node centroid
};

class DemandModel {
public:
    DemandModel(std::shared_ptr<const CtmNetwork> network, DemandConfig config = {});

    const DemandConfig &config() const { return m_cfg; }
    const std::shared_ptr<const CtmNetwork> &network() const { return m_net; }
    double secondsOfDay(std::int64_t timeNs) const;
    /// +1 in the morning peak, -1 in the evening peak, 0 off peak, linear ramps of an hour.
    static double commute(double secondsOfDay);

    /// Peak-hour rates of one link (profile 1, no commute shift); overrides the defaults from the config.
    void setRatesVph(std::uint32_t link, double boundaryVph, double internalVph);
    double boundaryRateVph(std::uint32_t link) const { return m_boundary[link]; }
    double internalRateVph(std::uint32_t link) const { return m_internal[link]; }
    /// Share of all demand generated inside the city (at profile 1, off the peaks' shift).
    double internalShare() const;

    /// Source rate of every link at `timeNs`, veh/h.
    void ratesAt(std::int64_t timeNs, std::span<double> vph) const;
    /// Turning fraction of every movement and the share of each link's outflow that leaves the network
    /// (exit links 1, others 1/meanTripLinks); per link the two add up to 1 (0 movements: all exit).
    void turningAt(std::int64_t timeNs, std::span<double> beta, std::span<double> exitFraction) const;

private:
    std::shared_ptr<const CtmNetwork> m_net;
    DemandConfig m_cfg;
    std::vector<double> m_boundary, m_internal;
    std::vector<double> m_weight, m_cosToCentre; // per movement
};

} // namespace cityops::core
