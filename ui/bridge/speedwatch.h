// SpeedWatch: every road link's speed 15, 30 and 60 minutes ahead, with its band, for the map's predicted
// speed layer and the inspector. It follows the snapshots minute by minute of engine time (the same
// per-minute link speeds the recorder keeps); once it has seen `trainAfterMin` minutes it trains a
// SpeedForecaster (core/predict: direct linear models per link and horizon, shrunk towards a network-wide
// one, with the road graph's neighbours), then appends each new minute to its statistics, forecasts every
// link, and solves the models again every `resolveEveryMin` minutes.
//
// Threading: the object lives on the GUI thread; the forecaster on a thread of its own (SnapshotFollower).
// Outlooks come back as immutable values.
#pragma once

#include "snapshotfollower.h"

#include "model/scenario.h"
#include "predict/speedforecaster.h"


#include <array>
#include <memory>

namespace cityops::ui {

struct SpeedOutlook {
    std::int64_t timeNs = 0;            ///< the minute the forecasts start from
    std::array<int, 3> horizonsMin{15, 30, 60};
    std::size_t links = 0;              ///< Scenario::links order
    std::vector<core::ForecastPoint> points; ///< [h * links + l]
    double trainSeconds = 0;
    std::size_t trainedOnMinutes = 0;
    const core::ForecastPoint &at(std::size_t horizonIndex, std::size_t link) const { return points[horizonIndex * links + link]; }
};
using SpeedOutlookPtr = std::shared_ptr<const SpeedOutlook>;

class SpeedWatch : public SnapshotWatch {
    Q_OBJECT

public:
    struct Options {
        int trainAfterMin = 360;   ///< minutes of history before the first training (6 h: a morning)
        int resolveEveryMin = 5;
        int retrainEveryMin = 24 * 60; ///< a fresh fit on the history kept (penalties chosen again)
        std::size_t keepMinutes = 12 * 60;
    };
    SpeedWatch(std::shared_ptr<const core::Scenario> scenario, std::int64_t utcOffsetS, Options options,
               QObject *parent = nullptr);
    ~SpeedWatch() override;

    SpeedOutlookPtr outlook() const { return m_outlook; }
    /// The last minute (engine time) the forecaster has taken in.
    std::int64_t followedNs() const { return m_followedNs; }
    /// The link index (Scenario::links) of a model entity, -1 if it is not a link.
    int linkOfEntity(std::uint32_t entity) const;

Q_SIGNALS:
    void outlookChanged();

private:
    class Follower;
    std::vector<int> m_linkOfEntity;
    SpeedOutlookPtr m_outlook;
    std::int64_t m_followedNs = 0;
};

} // namespace cityops::ui

Q_DECLARE_METATYPE(cityops::ui::SpeedOutlookPtr)
