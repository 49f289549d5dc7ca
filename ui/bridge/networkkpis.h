// NetworkKpis: the city's key figures from one engine snapshot, shared by the wall's tiles and the
// workstation's daily KPI charts, so the two always agree.
//   - network average speed: mean speed of the links with a speed reading; free-flow ratio: against the
//     mean speed limit of the same links; congestion index: share of them below half their limit;
//   - free parking spaces: sum over car parks with a reading of (capacity - occupied), never below 0;
//   - longest service wait: max over service centres of waiting x minutes per person / counters open;
//   - open alarms, and open WaterLevel and Ponding alarms (active flood alerts).
// Threading: pure; any thread.
#pragma once

#include "state/snapshot.h"

namespace cityops::ui {

struct NetworkKpis {
    static constexpr double kMinutesPerPerson = 6.0;

    std::int64_t timeNs = 0;
    bool hasSpeed = false;
    double averageSpeedKmh = 0;
    double freeFlowRatio = 0;
    double congestionIndex = 0;
    bool hasParking = false;
    int freeParkingSpaces = 0;
    bool hasService = false;
    double longestWaitMin = 0;
    int openAlarms = 0;
    int activeFloodAlerts = 0;

    static NetworkKpis compute(const core::CitySnapshot &snapshot);
};

} // namespace cityops::ui
