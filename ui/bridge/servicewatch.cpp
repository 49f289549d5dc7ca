#include "servicewatch.h"


#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

namespace cityops::ui {

namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
constexpr std::int64_t kDayMin = 1440;
constexpr std::size_t kKeepMin = 8 * 1440;
constexpr std::int64_t kMaxFillMin = 30;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

const CentreOutlook *ServiceOutlook::find(std::uint32_t entity) const
{
    for (const CentreOutlook &c : centres)
        if (c.entity == entity)
            return &c;
    return nullptr;
}

class ServiceWatch::Follower : public SnapshotFollower {
public:
    Follower(std::shared_ptr<const core::Scenario> scenario, std::int64_t utcOffsetS, Options options, ServiceWatch *owner)
        : SnapshotFollower(QStringLiteral("service-watch"))
        , m_owner(owner)
        , m_options(options)
        , m_scenario(std::move(scenario))
        , m_offsetMin(utcOffsetS / 60)
    {
        for (std::uint32_t e = 0; e < m_scenario->city->size(); ++e)
            if (m_scenario->city->entity(e).kind == core::EntityKind::ServiceCenter)
                m_centres.push_back(e);
        m_minutes.resize(m_centres.size());
    }
    ~Follower() override { stop(); }

private:
    struct Minute {
        double arrivals = kNaN, served = kNaN, waiting = kNaN;
    };

    void onSnapshot(const core::SnapshotPtr &snap) override
    {
        if (!snap || snap->entities.size() != m_scenario->city->size() || m_centres.empty())
            return;
        const std::int64_t step = snap->timeNs / kMinuteNs + m_offsetMin; // minutes of local time
        if (step == m_lastStep)
            return;
        const std::int64_t next = m_firstStep + static_cast<std::int64_t>(m_minutes.front().size());
        if (m_minutes.front().empty() || step < next || step - next > kMaxFillMin) { // start again (a seek, a long gap)
            for (auto &m : m_minutes)
                m.clear();
            m_firstStep = step;
            m_fittedDays = 0;
            m_forecaster.reset();
        }
        m_lastStep = step;
        for (std::size_t c = 0; c < m_centres.size(); ++c) {
            auto &minutes = m_minutes[c];
            while (m_firstStep + static_cast<std::int64_t>(minutes.size()) < step)
                minutes.emplace_back(); // skipped while busy: unknown
            const core::EntityState &s = snap->entities[m_centres[c]];
            Minute m;
            if (s.freshness == core::Freshness::Fresh) {
                m.waiting = s.has(0) ? s.values[0] : kNaN;
                m.arrivals = s.has(1) ? s.values[1] : kNaN;
                m.served = s.has(2) ? s.values[2] : kNaN;
            }
            minutes.push_back(m);
            if (minutes.size() > kKeepMin)
                minutes.pop_front();
        }
        m_firstStep = step - static_cast<std::int64_t>(m_minutes.front().size()) + 1; // after dropping the oldest
        fitWhenADayIsComplete();

        auto outlook = std::make_shared<ServiceOutlook>();
        outlook->timeNs = snap->timeNs / kMinuteNs * kMinuteNs;
        const int minuteOfDay = static_cast<int>(((step % kDayMin) + kDayMin) % kDayMin);
        for (std::size_t c = 0; c < m_centres.size(); ++c) {
            const core::Entity &e = m_scenario->city->entity(m_centres[c]);
            const core::EntityState &s = snap->entities[m_centres[c]];
            CentreOutlook o;
            o.entity = m_centres[c];
            const auto &minutes = m_minutes[c];
            // The last hour's arrivals (the minutes with a reading).
            double recent = 0;
            int seen = 0;
            for (std::size_t k = minutes.size() > 60 ? minutes.size() - 60 : 0; k < minutes.size(); ++k)
                if (std::isfinite(minutes[k].arrivals)) {
                    recent += minutes[k].arrivals;
                    ++seen;
                }
            o.arrivalsPerMin = seen > 0 ? recent / seen : 0.0;
            o.serviceMin = serviceMinutes(minutes).value_or(m_options.defaultServiceMin);
            o.countersOpen = s.has(3) ? static_cast<int>(std::lround(s.values[3])) : 0;
            const int maxCounters = std::max(1, e.capacity);
            o.now = core::assessService(o.arrivalsPerMin, o.serviceMin, std::max(1, o.countersOpen), m_options.targetWaitMin,
                                        maxCounters);
            if (m_forecaster && seen >= 30) {
                const double recentScaled = recent * 60.0 / seen; // as if every minute of the hour had a reading
                for (std::size_t h = 0; h < outlook->horizonsMin.size(); ++h) {
                    o.forecastPerMin[h] = m_forecaster->forecastPerMin(c, minuteOfDay, recentScaled, outlook->horizonsMin[h]);
                    o.ahead[h] = core::assessService(o.forecastPerMin[h], o.serviceMin, std::max(1, o.countersOpen),
                                                     m_options.targetWaitMin, maxCounters);
                }
                o.forecast = true;
            }
            outlook->centres.push_back(std::move(o));
        }
        publish(m_owner, [owner = m_owner, outlook = ServiceOutlookPtr(outlook)] {
            owner->m_outlook = outlook;
            Q_EMIT owner->outlookChanged();
        });
    }

    /// The mean service time from today's readings: the balance is rebuilt from an empty centre, which it
    /// is at local midnight (or, within the day, the longest run of complete minutes up to now).
    std::optional<double> serviceMinutes(const std::deque<Minute> &minutes) const
    {
        std::vector<double> arrivals, served, waiting;
        const auto today = static_cast<std::size_t>(((m_lastStep % kDayMin) + kDayMin) % kDayMin) + 1;
        for (auto k = minutes.size(); k-- > 0 && arrivals.size() < today;) {
            const Minute &m = minutes[k];
            if (!std::isfinite(m.arrivals) || !std::isfinite(m.served) || !std::isfinite(m.waiting))
                break;
            arrivals.push_back(m.arrivals);
            served.push_back(m.served);
            waiting.push_back(m.waiting);
        }
        if (arrivals.size() < 30)
            return std::nullopt;
        std::reverse(arrivals.begin(), arrivals.end());
        std::reverse(served.begin(), served.end());
        std::reverse(waiting.begin(), waiting.end());
        return core::estimateServiceMinutes(arrivals, served, waiting);
    }

    void fitWhenADayIsComplete()
    {
        // Whole local days from the first midnight followed.
        const std::int64_t firstMidnight = (m_firstStep + kDayMin - 1) / kDayMin * kDayMin;
        const std::int64_t offset = firstMidnight - m_firstStep;
        const auto stored = static_cast<std::int64_t>(m_minutes.front().size());
        const std::int64_t days = stored > offset ? (stored - offset) / kDayMin : 0;
        if (days < 1 || days == m_fittedDays)
            return;
        std::vector<std::vector<double>> arrivals(m_centres.size());
        for (std::size_t c = 0; c < m_centres.size(); ++c) {
            arrivals[c].reserve(static_cast<std::size_t>(days * kDayMin));
            for (std::int64_t k = offset; k < offset + days * kDayMin; ++k) {
                const double a = m_minutes[c][static_cast<std::size_t>(k)].arrivals;
                arrivals[c].push_back(std::isfinite(a) ? a : 0.0);
            }
        }
        auto forecaster = std::make_unique<core::ServiceArrivalForecaster>();
        forecaster->fit(arrivals);
        m_forecaster = std::move(forecaster);
        m_fittedDays = days;
    }

    ServiceWatch *m_owner;
    Options m_options;
    std::shared_ptr<const core::Scenario> m_scenario;
    std::int64_t m_offsetMin;
    std::vector<std::uint32_t> m_centres;
    std::vector<std::deque<Minute>> m_minutes; ///< per centre, one per local minute from m_firstStep
    std::int64_t m_firstStep = 0, m_lastStep = std::numeric_limits<std::int64_t>::min();
    std::unique_ptr<core::ServiceArrivalForecaster> m_forecaster;
    std::int64_t m_fittedDays = 0;
};

ServiceWatch::ServiceWatch(std::shared_ptr<const core::Scenario> scenario, std::int64_t utcOffsetS, Options options,
                           QObject *parent)
    : SnapshotWatch(parent)
{
    qRegisterMetaType<ServiceOutlookPtr>();
    follow(std::make_unique<Follower>(std::move(scenario), utcOffsetS, options, this));
}

ServiceWatch::~ServiceWatch() = default;


} // namespace cityops::ui
