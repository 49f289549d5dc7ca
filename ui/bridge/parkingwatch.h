// ParkingWatch: every car park's occupancy now and its availability forecast at +30 and +60 min, for the
// inspector, the map and parking guidance. It follows the snapshots and keeps each car park's occupancy at
// every half hour of local time (the grid of the Birmingham evaluation, core/predict/parkingdata); once it
// has followed 24 hours it fits the ParkingForecaster (the time-of-day profile corrected by how far
// today runs above or below it and by its trend; `eval parking`) and refits every further 24 hours.
// Before that there is no forecast: nothing is shown rather than a guess.
//
// Threading: the object lives on the GUI thread; the model on a thread of its own (SnapshotFollower).
#pragma once

#include "snapshotfollower.h"

#include "model/scenario.h"

#include <array>
#include <cmath>
#include <limits>
#include <memory>
#include <vector>

namespace cityops::ui {

struct CarParkOutlook {
    std::uint32_t entity = 0;
    double capacity = 0;
    double occupied = std::numeric_limits<double>::quiet_NaN(); ///< now (NaN: no reading)
    /// Forecast occupancy rate (0..1) at +30 and +60 min; NaN until the forecaster is fitted.
    std::array<double, 2> rate{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    bool forecast() const { return !std::isnan(rate[0]); }
    /// Free spaces: now (minute 0) and at the horizons, for ParkingGuidance (only the known ones).
    std::vector<std::pair<double, double>> freeSpaces(const std::array<int, 2> &horizonsMin) const;
};

struct ParkingOutlook {
    std::int64_t timeNs = 0;
    std::array<int, 2> horizonsMin{30, 60};
    int daysFitted = 0;
    std::vector<CarParkOutlook> carParks;
    const CarParkOutlook *find(std::uint32_t entity) const;
};
using ParkingOutlookPtr = std::shared_ptr<const ParkingOutlook>;

class ParkingWatch : public SnapshotWatch {
    Q_OBJECT

public:
    ParkingWatch(std::shared_ptr<const core::Scenario> scenario, std::int64_t utcOffsetS, QObject *parent = nullptr);
    ~ParkingWatch() override;

    ParkingOutlookPtr outlook() const { return m_outlook; }

Q_SIGNALS:
    /// At most once per engine minute.
    void outlookChanged();

private:
    class Follower;
    ParkingOutlookPtr m_outlook;
};

} // namespace cityops::ui

Q_DECLARE_METATYPE(cityops::ui::ParkingOutlookPtr)
