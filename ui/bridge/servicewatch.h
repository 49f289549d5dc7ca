// ServiceWatch: every service centre's load now and ahead, for the inspector. It follows the snapshots
// minute by minute of engine time (each centre's arrivals, completions, people waiting and counters open):
// the arrival rate of the last hour, the mean service time the queue really sees (rebuilt from the
// counters' balance since local midnight, core/predict/serviceload), the expected wait with the counters open (M/M/c, Erlang C)
// and the fewest counters that keep it under the target. Once it has followed a whole local day it fits the
// arrivals forecaster (time-of-day profile scaled by today's level) and assesses +30 and +60 min as well.
//
// Threading: the object lives on the GUI thread; the model on a thread of its own (SnapshotFollower).
#pragma once

#include "snapshotfollower.h"

#include "model/scenario.h"
#include "predict/serviceload.h"


#include <array>
#include <memory>

namespace cityops::ui {

struct CentreOutlook {
    std::uint32_t entity = 0;
    double arrivalsPerMin = 0;       ///< over the last hour
    double serviceMin = 0;           ///< estimated from the readings (the default until something was served)
    int countersOpen = 0;
    core::ServiceAssessment now;     ///< with the last hour's arrivals
    std::array<double, 2> forecastPerMin{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
    std::array<core::ServiceAssessment, 2> ahead; ///< at +30 and +60 min, once the forecaster is fitted
    bool forecast = false;
};

struct ServiceOutlook {
    std::int64_t timeNs = 0;
    std::array<int, 2> horizonsMin{30, 60};
    std::vector<CentreOutlook> centres;
    const CentreOutlook *find(std::uint32_t entity) const;
};
using ServiceOutlookPtr = std::shared_ptr<const ServiceOutlook>;

class ServiceWatch : public SnapshotWatch {
    Q_OBJECT

public:
    struct Options {
        double targetWaitMin = 20.0;     ///< the alarms' target (AlarmRules::serviceTargetMin)
        double defaultServiceMin = 6.0;  ///< until the readings tell (AlarmRules::serviceMinutesPerCustomer)
    };
    ServiceWatch(std::shared_ptr<const core::Scenario> scenario, std::int64_t utcOffsetS, Options options,
                 QObject *parent = nullptr);
    ~ServiceWatch() override;

    ServiceOutlookPtr outlook() const { return m_outlook; }

Q_SIGNALS:
    void outlookChanged();

private:
    class Follower;
    ServiceOutlookPtr m_outlook;
};

} // namespace cityops::ui

Q_DECLARE_METATYPE(cityops::ui::ServiceOutlookPtr)
