#include "parkingwatch.h"

#include "predict/parkingdata.h"
#include "predict/parkingforecast.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <unordered_map>

namespace cityops::ui {

namespace {

constexpr std::int64_t kNsPerS = 1'000'000'000LL;
constexpr std::int64_t kSlotS = 1800;               // the forecaster's grid: half hours
constexpr std::int64_t kSlotsPerDay = 86400 / kSlotS;
constexpr std::int64_t kKeepSlots = 8 * kSlotsPerDay;
constexpr std::int64_t kMaxGapSlots = 4;            // a longer gap (a seek, a pause) starts afresh
// Shrinkage of each car park's coefficients towards the pooled ones: with a few days of half hours per car
// park, mostly pooled (the Birmingham evaluation picks 100-1000 on its validation days).
constexpr double kLambda = 100.0;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

} // namespace

std::vector<std::pair<double, double>> CarParkOutlook::freeSpaces(const std::array<int, 2> &horizonsMin) const
{
    std::vector<std::pair<double, double>> out;
    if (!std::isfinite(occupied) || capacity <= 0)
        return out;
    out.emplace_back(0.0, std::max(0.0, capacity - occupied));
    for (std::size_t h = 0; h < rate.size(); ++h)
        if (std::isfinite(rate[h]))
            out.emplace_back(horizonsMin[h], std::max(0.0, capacity * (1.0 - rate[h])));
    return out;
}

const CarParkOutlook *ParkingOutlook::find(std::uint32_t entity) const
{
    for (const CarParkOutlook &c : carParks)
        if (c.entity == entity)
            return &c;
    return nullptr;
}

class ParkingWatch::Follower : public SnapshotFollower {
public:
    Follower(std::shared_ptr<const core::Scenario> scenario, std::int64_t utcOffsetS, ParkingWatch *owner)
        : SnapshotFollower(QStringLiteral("parking-watch")), m_owner(owner), m_scenario(std::move(scenario)), m_offsetS(utcOffsetS)
    {
        for (std::uint32_t e = 0; e < m_scenario->city->size(); ++e)
            if (m_scenario->city->entity(e).kind == core::EntityKind::Parking)
                m_parks.push_back(e);
        m_lastRates.resize(m_parks.size());
    }
    ~Follower() override { stop(); }

private:
    void onSnapshot(const core::SnapshotPtr &snap) override
    {
        if (!snap || snap->entities.size() != m_scenario->city->size() || m_parks.empty())
            return;
        const std::int64_t localS = snap->timeNs / kNsPerS + m_offsetS;
        const std::int64_t minute = localS / 60;
        if (minute == m_lastMinute)
            return;
        const std::int64_t slot = localS / kSlotS;
        if (m_lastMinute == std::numeric_limits<std::int64_t>::min() || minute < m_lastMinute || slot - m_lastSlot > kMaxGapSlots) {
            m_records.clear();
            for (auto &r : m_lastRates)
                r.clear();
            m_firstSlot = slot;
            m_lastSlot = slot - 1;
            m_fittedDays = 0;
            m_forecaster.reset();
        }
        m_lastMinute = minute;

        auto occupancy = [&](std::size_t p, double &occupied, double &capacity) {
            const core::EntityState &s = snap->entities[m_parks[p]];
            capacity = s.has(1) && s.values[1] > 0 ? s.values[1] : m_scenario->city->entity(m_parks[p]).capacity;
            occupied = s.freshness == core::Freshness::Fresh && s.has(0) ? s.values[0] : kNaN;
            return std::isfinite(occupied) && capacity > 0;
        };
        // The first snapshot of a half hour stands for it.
        if (slot != m_lastSlot) {
            m_lastSlot = slot;
            for (std::size_t p = 0; p < m_parks.size(); ++p) {
                double occupied = 0, capacity = 0;
                if (!occupancy(p, occupied, capacity))
                    continue;
                m_records.push_back({m_scenario->city->entity(m_parks[p]).id, capacity, occupied, slot * kSlotS});
                auto &last = m_lastRates[p];
                last.emplace_back(slot, std::clamp(occupied / capacity, 0.0, 1.0));
                while (last.size() > 2)
                    last.pop_front();
            }
            while (!m_records.empty() && m_records.front().localSeconds < (slot - kKeepSlots) * kSlotS)
                m_records.pop_front();
            fitWhenADayIsComplete(slot);
        }

        auto outlook = std::make_shared<ParkingOutlook>();
        outlook->timeNs = snap->timeNs;
        outlook->daysFitted = static_cast<int>(m_fittedDays);
        // The forecaster snaps the time to the nearest half hour; its "previous" is the half hour before.
        const std::int64_t snapped = (localS + kSlotS / 2) / kSlotS;
        for (std::size_t p = 0; p < m_parks.size(); ++p) {
            CarParkOutlook o;
            o.entity = m_parks[p];
            double occupied = 0, capacity = 0;
            const bool known = occupancy(p, occupied, capacity);
            o.capacity = capacity;
            o.occupied = occupied;
            if (known && m_forecaster) {
                const int f = m_index[p];
                double previous = kNaN;
                for (const auto &[s, r] : m_lastRates[p])
                    if (s == snapped - 1)
                        previous = r;
                if (f >= 0) {
                    const auto ahead = m_forecaster->outlook(static_cast<std::size_t>(f), localS, occupied / capacity, previous);
                    for (std::size_t h = 0; h < ahead.size() && h < o.rate.size(); ++h)
                        o.rate[h] = ahead[h].second;
                }
            }
            outlook->carParks.push_back(o);
        }
        publish(m_owner, [owner = m_owner, outlook = ParkingOutlookPtr(outlook)] {
            owner->m_outlook = outlook;
            Q_EMIT owner->outlookChanged();
        });
    }

    void fitWhenADayIsComplete(std::int64_t slot)
    {
        // Every 24 hours followed (the profile needs each half hour of the day once).
        const std::int64_t days = (slot - m_firstSlot) / kSlotsPerDay;
        if (days < 1 || days == m_fittedDays)
            return;
        core::ParkingCleaning cleaning;
        const std::vector<core::ParkingRecord> records(m_records.begin(), m_records.end());
        const core::ParkingGrid grid = core::ParkingGrid::build(records, static_cast<int>(kSlotS / 60), cleaning);
        std::vector<std::size_t> all(grid.dayCount());
        for (std::size_t d = 0; d < all.size(); ++d)
            all[d] = d;
        auto forecaster = std::make_unique<core::ParkingForecaster>();
        forecaster->fit(grid, all, {1, 2}, {kLambda, kLambda});
        m_index.assign(m_parks.size(), -1);
        for (std::size_t p = 0; p < m_parks.size(); ++p)
            m_index[p] = forecaster->facilityIndex(m_scenario->city->entity(m_parks[p]).id);
        m_forecaster = std::move(forecaster);
        m_fittedDays = days;
    }

    ParkingWatch *m_owner;
    std::shared_ptr<const core::Scenario> m_scenario;
    std::int64_t m_offsetS;
    std::vector<std::uint32_t> m_parks;
    std::deque<core::ParkingRecord> m_records;              ///< one per car park and half hour followed
    std::vector<std::deque<std::pair<std::int64_t, double>>> m_lastRates; ///< per car park: (slot, rate), newest last
    std::int64_t m_lastMinute = std::numeric_limits<std::int64_t>::min();
    std::int64_t m_firstSlot = 0, m_lastSlot = 0;
    std::unique_ptr<core::ParkingForecaster> m_forecaster;
    std::vector<int> m_index;                               ///< per car park: its index in the forecaster
    std::int64_t m_fittedDays = 0;
};

ParkingWatch::ParkingWatch(std::shared_ptr<const core::Scenario> scenario, std::int64_t utcOffsetS, QObject *parent)
    : SnapshotWatch(parent)
{
    qRegisterMetaType<ParkingOutlookPtr>();
    follow(std::make_unique<Follower>(std::move(scenario), utcOffsetS, this));
}

ParkingWatch::~ParkingWatch() = default;

} // namespace cityops::ui
