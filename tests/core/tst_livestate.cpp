// Live state: latest values, freshness (stale sensors), rolling windows, incidents.
#include "model/syntheticcity.h"
#include "state/livestate.h"

#include <QtTest>

using namespace cityops::core;

namespace {
constexpr std::int64_t kT0 = 1'700'000'000'000'000'000LL;
constexpr std::int64_t kSecond = 1'000'000'000LL;

Reading traffic(std::uint32_t entity, std::int64_t t, double speed)
{
    Reading r;
    r.entity = entity;
    r.timeNs = t;
    r.measurement = Measurement::Traffic;
    r.values[0] = speed;
    r.fieldMask = 1;
    return r;
}
} // namespace

class TestLiveState : public QObject {
    Q_OBJECT

private slots:
    void freshness()
    {
        auto model = makeSyntheticCity({10, 1, 1, 1, 1, 1});
        LiveState state(model);
        QCOMPARE(int(state.freshness(0, kT0)), int(Freshness::NoData));
        state.apply(traffic(0, kT0, 40));
        // Expected interval 60 s: stale after 3 intervals of silence, not before.
        QCOMPARE(int(state.freshness(0, kT0 + 180 * kSecond)), int(Freshness::Fresh));
        QCOMPARE(int(state.freshness(0, kT0 + 181 * kSecond)), int(Freshness::Stale));
        state.apply(traffic(0, kT0 + 181 * kSecond, 41));
        QCOMPARE(int(state.freshness(0, kT0 + 181 * kSecond)), int(Freshness::Fresh));

        CitySnapshot snap;
        state.fillSnapshot(kT0 + 400 * kSecond, snap);
        QCOMPARE(snap.entities.size(), model->size());
        QCOMPARE(snap.staleCount, 1u);
        QCOMPARE(snap.freshCount, 0u);
        QCOMPARE(int(snap.entities[1].freshness), int(Freshness::NoData));
    }

    void latestValueAndLateReadings()
    {
        auto model = makeSyntheticCity({3, 0, 0, 0, 0, 0});
        LiveState state(model);
        state.apply(traffic(1, kT0 + 10 * kSecond, 50));
        state.apply(traffic(1, kT0 + 5 * kSecond, 20)); // late: joins the window, not the live value
        QCOMPARE(state.entity(1).values[0], 50.0);
        QCOMPARE(state.entity(1).timeNs, kT0 + 10 * kSecond);
        QCOMPARE(state.entity(1).readings, 2u);
        // Partial readings update only their own fields.
        Reading flow = traffic(1, kT0 + 20 * kSecond, 0);
        flow.fieldMask = 0b10;
        flow.values[1] = 900;
        state.apply(flow);
        QCOMPARE(state.entity(1).values[0], 50.0);
        QCOMPARE(state.entity(1).values[1], 900.0);
        QCOMPARE(int(state.entity(1).fieldMask), 0b11);
    }

    void rollingWindow()
    {
        auto model = makeSyntheticCity({2, 0, 0, 0, 0, 0});
        LiveState state(model);
        const int n = int(LiveState::kWindowSize) + 40;
        for (int k = 0; k < n; ++k)
            state.apply(traffic(0, kT0 + k * 60 * kSecond, k));
        const auto window = state.window(0);
        QCOMPARE(window.size(), LiveState::kWindowSize);
        QCOMPARE(window.front().value, double(n - int(LiveState::kWindowSize)));
        QCOMPARE(window.back().value, double(n - 1));
        for (std::size_t k = 1; k < window.size(); ++k)
            QVERIFY(window[k].timeNs > window[k - 1].timeNs);
        QVERIFY(state.window(1).empty());
    }

    void incidents()
    {
        auto model = makeSyntheticCity({4, 0, 0, 0, 0, 0});
        LiveState state(model);
        Reading inc;
        inc.entity = 2;
        inc.measurement = Measurement::Incident;
        inc.code = 1;
        inc.timeNs = kT0;
        inc.values[0] = 3;
        inc.values[1] = 1;
        inc.fieldMask = 0b11;
        state.apply(inc);
        CitySnapshot snap;
        state.fillSnapshot(kT0, snap);
        QCOMPARE(snap.incidents.size(), 1u);
        QCOMPARE(snap.incidents[0].link, 2u);
        QCOMPARE(snap.incidents[0].lanesBlocked, 1);
        inc.values[0] = 0; // severity 0 clears it
        state.apply(inc);
        state.fillSnapshot(kT0, snap);
        QVERIFY(snap.incidents.empty());
    }
};

QTEST_GUILESS_MAIN(TestLiveState)
#include "tst_livestate.moc"
