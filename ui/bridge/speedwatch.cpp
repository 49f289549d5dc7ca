#include "speedwatch.h"

#include "linkindex.h"

#include "predict/speedgraph.h"

#include <QElapsedTimer>

#include <cmath>
#include <deque>
#include <limits>
#include <stdexcept>

namespace cityops::ui {

namespace {

constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
constexpr std::int64_t kMaxFillMin = 30;

core::ForecasterConfig forecasterConfig()
{
    core::ForecasterConfig config;
    config.inputSteps = 12;
    config.horizonSteps = {15, 30, 60};
    config.stepsPerDay = 1440;
    config.haSlotSteps = 5;
    config.haSmoothSlots = 1;
    return config;
}

} // namespace

class SpeedWatch::Follower : public SnapshotFollower {
public:
    Follower(std::shared_ptr<const core::Scenario> scenario, std::int64_t utcOffsetS, Options options, SpeedWatch *owner)
        : SnapshotFollower(QStringLiteral("speed-watch"))
        , m_owner(owner)
        , m_options(options)
        , m_scenario(std::move(scenario))
        , m_offsetMin(utcOffsetS / 60)
        , m_row(m_scenario->links.size())
    {
    }
    ~Follower() override { stop(); }

private:
    void onSnapshot(const core::SnapshotPtr &snap) override
    {
        if (!snap || snap->entities.size() != m_scenario->city->size())
            return;
        const std::int64_t step = snap->timeNs / kMinuteNs + m_offsetMin; // minutes of local time
        if (step == m_lastStep)
            return;
        if (step < m_lastStep) { // a replay sought backwards: start learning again from here
            m_model.reset();
            m_history.clear();
        }
        m_lastStep = step;
        const auto &links = m_scenario->links;
        for (std::size_t l = 0; l < links.size(); ++l) {
            const auto &s = snap->entities[links[l].entity];
            m_row[l] = s.freshness == core::Freshness::Fresh && s.has(0) ? s.values[0]
                                                                         : std::numeric_limits<double>::quiet_NaN();
        }
        // The history is consecutive minutes: minutes skipped while busy (snapshots are coalesced) are
        // missing readings; a longer gap starts it again.
        const std::int64_t next = m_historyFirst + static_cast<std::int64_t>(m_history.size());
        if (m_history.empty() || step < next || step - next > kMaxFillMin) {
            m_history.clear();
            m_historyFirst = step;
        }
        for (std::int64_t k = m_historyFirst + static_cast<std::int64_t>(m_history.size()); k < step; ++k)
            m_history.emplace_back(m_row.size(), std::numeric_limits<double>::quiet_NaN());
        m_history.push_back(m_row);
        while (m_history.size() > m_options.keepMinutes) {
            m_history.pop_front();
            ++m_historyFirst;
        }
        if (m_model) {
            m_model->append(m_row, step);
            if (++m_sinceResolve >= m_options.resolveEveryMin) {
                m_model->resolve();
                m_sinceResolve = 0;
            }
        }
        const bool retrain = m_model && ++m_sinceTrain >= m_options.retrainEveryMin;
        if ((!m_model || retrain) && m_history.size() >= static_cast<std::size_t>(m_options.trainAfterMin))
            train();
        publish(m_owner, [owner = m_owner, t = snap->timeNs / kMinuteNs * kMinuteNs] { owner->m_followedNs = t; });
        if (!m_model)
            return;
        auto outlook = std::make_shared<SpeedOutlook>();
        if (!m_model->forecastLatest(outlook->points))
            return;
        outlook->timeNs = snap->timeNs / kMinuteNs * kMinuteNs;
        outlook->links = links.size();
        outlook->trainSeconds = m_trainSeconds;
        outlook->trainedOnMinutes = m_trainedOn;
        publish(m_owner, [owner = m_owner, outlook = SpeedOutlookPtr(outlook)] {
            owner->m_outlook = outlook;
            Q_EMIT owner->outlookChanged();
        });
    }

    void train()
    {
        core::SeriesHistory history;
        history.rows = m_history.size();
        history.cols = m_row.size();
        history.firstStep = m_historyFirst;
        history.values.reserve(history.rows * history.cols);
        for (const auto &row : m_history)
            history.values.insert(history.values.end(), row.begin(), row.end());
        auto model = std::make_unique<core::SpeedForecaster>(m_row.size(), core::scenarioLinkGraph(*m_scenario),
                                                             forecasterConfig());
        try {
            QElapsedTimer clock;
            clock.start();
            model->train(history);
            m_trainSeconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;
        } catch (const std::invalid_argument &) {
            return; // too little usable data yet: try again with more
        }
        m_model = std::move(model);
        m_trainedOn = history.rows;
        m_sinceTrain = m_sinceResolve = 0;
    }

    SpeedWatch *m_owner;
    Options m_options;
    std::shared_ptr<const core::Scenario> m_scenario;
    std::int64_t m_offsetMin;
    std::vector<double> m_row;
    std::deque<std::vector<double>> m_history;
    std::int64_t m_historyFirst = 0, m_lastStep = std::numeric_limits<std::int64_t>::min();
    std::unique_ptr<core::SpeedForecaster> m_model;
    int m_sinceResolve = 0, m_sinceTrain = 0;
    double m_trainSeconds = 0;
    std::size_t m_trainedOn = 0;
};

SpeedWatch::SpeedWatch(std::shared_ptr<const core::Scenario> scenario, std::int64_t utcOffsetS, Options options,
                       QObject *parent)
    : SnapshotWatch(parent)
{
    qRegisterMetaType<SpeedOutlookPtr>();
    m_linkOfEntity = linkIndexByEntity(*scenario);
    follow(std::make_unique<Follower>(std::move(scenario), utcOffsetS, options, this));
}

SpeedWatch::~SpeedWatch() = default;

int SpeedWatch::linkOfEntity(std::uint32_t entity) const
{
    return entity < m_linkOfEntity.size() ? m_linkOfEntity[entity] : -1;
}


} // namespace cityops::ui
