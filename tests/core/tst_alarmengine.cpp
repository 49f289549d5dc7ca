// Alarm rules: hysteresis on hand-made sequences, then on the simulated demo city through the real
// engine (the 7.20-shaped storm raises water-level alarms and clears them), and acknowledgements
// recorded as events with their user and time; flood-forecast alarms and their lead time (issue 9).
#include "alarms/alarmengine.h"
#include "engine/engine.h"
#include "model/scenarioloader.h"
#include "model/syntheticcity.h"
#include "sim/citysimulator.h"
#include "store/recordingreader.h"

#include <QtTest>

#include <QTemporaryDir>

#include <map>
#include <thread>

using namespace cityops::core;

namespace {
constexpr std::int64_t kMinute = 60'000'000'000LL;
constexpr std::int64_t kT0 = 1'700'000'000LL * 1'000'000'000LL;

Reading parking(std::uint32_t entity, std::int64_t t, double occupied, double capacity)
{
    Reading r;
    r.entity = entity;
    r.timeNs = t;
    r.measurement = Measurement::Parking;
    r.values[0] = occupied;
    r.values[1] = capacity;
    r.fieldMask = 0b11;
    return r;
}

Reading single(std::uint32_t entity, std::int64_t t, Measurement measurement, double value)
{
    Reading r;
    r.entity = entity;
    r.timeNs = t;
    r.measurement = measurement;
    r.values[0] = value;
    r.fieldMask = 1;
    return r;
}

int countEvents(const std::vector<Event> &events, const char *kind)
{
    return int(std::count_if(events.begin(), events.end(), [&](const Event &e) { return e.kind == kind; }));
}
} // namespace

class TestAlarmEngine : public QObject {
    Q_OBJECT

private slots:
    void hysteresisDoesNotFlap()
    {
        auto city = makeSyntheticCity({0, 0, 1, 0, 0, 0});
        LiveState state(city);
        AlarmEngine alarms(city);
        std::vector<Event> events;
        // Occupancy share per minute: up, hovering in the dead band, flickering, then clearly down.
        const double shares[] = {0.97, 0.97, 0.97, 0.93, 0.93, 0.96, 0.89, 0.96, 0.89, 0.93, 0.88, 0.88, 0.88, 0.5};
        int raisedAt = -1, clearedAt = -1;
        for (int m = 0; m < int(std::size(shares)); ++m) {
            const std::int64_t t = kT0 + m * kMinute;
            state.apply(parking(0, t, shares[m] * 200, 200));
            const std::size_t before = events.size();
            alarms.evaluate(state, t, events);
            for (std::size_t k = before; k < events.size(); ++k) {
                if (events[k].kind == "alarm.raised") raisedAt = m;
                if (events[k].kind == "alarm.cleared") clearedAt = m;
            }
        }
        QCOMPARE(countEvents(events, "alarm.raised"), 1);
        QCOMPARE(countEvents(events, "alarm.cleared"), 1);
        QCOMPARE(raisedAt, 2);   // the third minute above 95 %
        QCOMPARE(clearedAt, 12); // the third consecutive minute below 90 %, not the flickers before
        QCOMPARE(alarms.alarms().size(), 1u);
        QCOMPARE(int(alarms.alarms()[0].state), int(AlarmState::Cleared));
    }

    // Water stations at road sites (underpass, tunnel) raise Ponding at the depths that matter to cars
    // (0.15 m raise, 0.10 m clear, 0.3 m critical), not WaterLevel at the station's own warning level.
    void incidentsAreWhereTheQueueStarts()
    {
        // A road A -> B -> C (and C's way back to B, which is not downstream of C).
        auto city = std::make_shared<CityModel>();
        auto link = [&](const char *id, const char *from, const char *to) {
            Entity e;
            e.id = id;
            e.kind = EntityKind::Link;
            e.fromNode = from;
            e.toNode = to;
            e.speedLimitKmh = 60;
            e.expectedIntervalS = 60;
            return *city->add(e);
        };
        const auto a = link("A", "n1", "n2"), b = link("B", "n2", "n3"), c = link("C", "n3", "n4");
        link("Cback", "n4", "n3");
        LiveState state(city);
        AlarmEngine alarms(city);
        std::vector<Event> events;
        auto speeds = [&](std::int64_t t, double va, double vb, double vc) {
            for (auto [entity, v] : {std::pair{a, va}, std::pair{b, vb}, std::pair{c, vc}}) {
                const Reading r = single(entity, t, Measurement::Traffic, v);
                state.apply(r);
                alarms.learn(r);
            }
        };
        auto incidentsAt = [&](std::uint32_t entity) {
            return std::count_if(alarms.alarms().begin(), alarms.alarms().end(), [&](const Alarm &al) {
                return al.kind == AlarmKind::Incident && al.entity == entity && al.state == AlarmState::Active;
            });
        };
        std::int64_t t = kT0;
        // A blockage on B: B and the queue behind it (A) crawl, C downstream flows. Only B is the incident.
        for (int m = 0; m < 4; ++m, t += kMinute) {
            speeds(t, 8, 6, 50);
            alarms.evaluate(state, t, events);
        }
        QCOMPARE(incidentsAt(b), 1);
        QCOMPARE(incidentsAt(a), 0);
        QCOMPARE(incidentsAt(c), 0);
        // It clears with hysteresis once B flows again.
        for (int m = 0; m < 4; ++m, t += kMinute) {
            speeds(t, 50, 50, 50);
            alarms.evaluate(state, t, events);
        }
        QCOMPARE(incidentsAt(b), 0);
        // Spillback: the queue starts on C (slow, and nothing downstream of C reports), B and A queue behind it:
        // no incident on B, whose downstream is slow, nor on C, whose downstream is unknown.
        for (int m = 0; m < 4; ++m, t += kMinute) {
            speeds(t, 8, 6, 5);
            alarms.evaluate(state, t, events);
        }
        QCOMPARE(incidentsAt(a) + incidentsAt(b) + incidentsAt(c), 0);
        QVERIFY(std::count_if(alarms.alarms().begin(), alarms.alarms().end(), [&](const Alarm &al) {
                    return al.kind == AlarmKind::SlowTraffic && al.state == AlarmState::Active;
                }) == 3); // all three are slow, though
        QVERIFY(std::any_of(events.begin(), events.end(),
                            [](const Event &e) { return e.payload.find("\"kind\":\"incident\"") != std::string::npos; }));
        // A queue that fills B while its detector still reads a fair speed: occupancy far above its normal.
        for (int m = 0; m < 4; ++m, t += kMinute) {
            speeds(t, 50, 50, 50);
            alarms.evaluate(state, t, events);
        }
        for (int m = 0; m < 4; ++m, t += kMinute) {
            speeds(t, 50, 45, 50);
            Reading occupied = single(b, t, Measurement::Traffic, 45);
            occupied.values[2] = 0.6;
            occupied.fieldMask = 0b101;
            state.apply(occupied);
            alarms.evaluate(state, t, events);
        }
        QCOMPARE(incidentsAt(b), 1);
    }

    void pondingOnRoads()
    {
        auto city = std::make_shared<CityModel>();
        auto station = [&](const char *id, const char *site, double warning) {
            Entity e;
            e.id = id;
            e.kind = EntityKind::WaterStation;
            e.category = site;
            e.warningLevelM = warning;
            e.expectedIntervalS = 60;
            return *city->add(e);
        };
        const auto underpass = station("W1", "underpass", 0.27);
        const auto river = station("W2", "river", 3.9);
        LiveState state(city);
        AlarmEngine alarms(city);
        std::vector<Event> events;
        const double depths[] = {0.05, 0.16, 0.16, 0.16, 0.35, 0.12, 0.08, 0.12, 0.08, 0.08, 0.08};
        int raisedAt = -1, clearedAt = -1;
        for (int m = 0; m < int(std::size(depths)); ++m) {
            const std::int64_t t = kT0 + m * kMinute;
            for (auto [entity, level] : {std::pair{underpass, depths[m]}, std::pair{river, 2.0}})
                state.apply(single(entity, t, Measurement::Water, level));
            const std::size_t before = events.size();
            alarms.evaluate(state, t, events);
            for (std::size_t k = before; k < events.size(); ++k) {
                QCOMPARE(events[k].entity, std::int64_t(underpass));
                QVERIFY(events[k].payload.find("\"kind\":\"ponding\"") != std::string::npos);
                if (events[k].kind == "alarm.raised") raisedAt = m;
                if (events[k].kind == "alarm.cleared") clearedAt = m;
            }
        }
        QCOMPARE(raisedAt, 3);   // the third minute over 0.15 m
        QCOMPARE(clearedAt, 10); // the third consecutive minute under 0.10 m, not the dip at minute 6
        QCOMPARE(alarms.alarms().size(), 1u);
        QCOMPARE(int(alarms.alarms()[0].kind), int(AlarmKind::Ponding));
        QCOMPARE(alarms.alarms()[0].threshold, 0.15);
    }

    void staleSensorAlarm()
    {
        auto city = makeSyntheticCity({1, 0, 0, 0, 0, 0});
        LiveState state(city);
        AlarmEngine alarms(city);
        std::vector<Event> events;
        Reading r;
        r.entity = 0;
        r.timeNs = kT0;
        r.values[0] = 40;
        r.fieldMask = 1;
        state.apply(r);
        for (int m = 1; m <= 8; ++m)
            alarms.evaluate(state, kT0 + m * kMinute, events);
        QCOMPARE(countEvents(events, "alarm.raised"), 1);
        QCOMPARE(int(alarms.alarms()[0].kind), int(AlarmKind::StaleSensor));
        QVERIFY(events[0].timeNs >= kT0 + 6 * kMinute); // stale after 3 min, confirmed over 3 more
    }

    void slowTrafficAgainstLearnedNormal()
    {
        auto city = makeSyntheticCity({1, 0, 0, 0, 0, 0});
        LiveState state(city);
        AlarmEngine alarms(city);
        std::vector<Event> events;
        // Weeks of 45 km/h at this hour make 45 the normal; then 15 km/h is far below it.
        for (int day = 0; day < 30; ++day) {
            Reading r;
            r.entity = 0;
            r.timeNs = kT0 + day * 86'400'000'000'000LL;
            r.values[0] = 45;
            r.fieldMask = 1;
            for (int k = 0; k < 10; ++k)
                alarms.learn(r);
        }
        QVERIFY(std::abs(alarms.normalSpeed(0, kT0) - 45) < 1.0);
        const std::int64_t day30 = kT0 + 30 * 86'400'000'000'000LL;
        for (int m = 0; m < 5; ++m) {
            Reading r;
            r.entity = 0;
            r.timeNs = day30 + m * kMinute;
            r.values[0] = 15;
            r.fieldMask = 1;
            state.apply(r);
            alarms.evaluate(state, r.timeNs, events);
        }
        QCOMPARE(countEvents(events, "alarm.raised"), 1);
        QCOMPARE(int(alarms.alarms()[0].kind), int(AlarmKind::SlowTraffic));
    }

    // Issue 9: a posted flood forecast raises at once within its lead time, with the minutes to the
    // predicted crossing as its value (counting down), Critical where 0.3 m is predicted; a newer
    // forecast that no longer lists a road clears its alarm.
    void floodForecastCarriesItsLeadTime()
    {
        auto city = makeSyntheticCity({6, 0, 1, 0, 0, 0}); // links 0..5, then a car park (entity 6)
        AlarmRules rules;
        rules.staleAlarms = false; // no readings here: only the forecast speaks
        LiveState state(city);
        AlarmEngine alarms(city, rules);
        std::vector<Event> events;
        const std::int64_t basis = kT0 + 7 * kMinute;
        auto road = [](std::uint32_t entity, std::int64_t impassable, std::int64_t dangerous, float depth) {
            return RoadFloodAlarmInput{entity, impassable, dangerous, depth};
        };
        auto open = [&](std::uint32_t entity) -> const Alarm * {
            for (const Alarm &a : alarms.alarms())
                if (a.kind == AlarmKind::FloodForecast && a.entity == entity && a.state != AlarmState::Cleared)
                    return &a;
            return nullptr;
        };
        alarms.setFloodForecast(basis, {road(1, basis + 90 * kMinute, basis + 100 * kMinute, 0.42f),
                                        road(4, basis + 150 * kMinute, 0, 0.2f),  // beyond 120 min: not yet
                                        road(2, basis - 10 * kMinute, 0, 0.18f),  // already impassable
                                        road(6, basis, 0, 0.5f),                  // a car park, not a road
                                        road(999, basis, 0, 0.5f),                // not in the model
                                        road(3, 0, 0, 0.1f)});                    // no crossing predicted
        QCOMPARE(alarms.floodForecast().size(), std::size_t{3});
        QCOMPARE(alarms.floodForecastBasisNs(), basis);

        alarms.evaluate(state, basis, events);
        QCOMPARE(countEvents(events, "alarm.raised"), 2);
        QVERIFY(open(1) && open(2) && !open(4));
        QCOMPARE(int(open(1)->severity), int(AlarmSeverity::Critical));
        QCOMPARE(int(open(2)->severity), int(AlarmSeverity::Warning));
        QCOMPARE(open(1)->value, 90.0);
        QCOMPARE(open(2)->value, 0.0); // impassable now
        QCOMPARE(open(1)->threshold, 0.15);
        QCOMPARE(open(1)->raisedNs, basis);
        // The raised event says when the crossing is expected (engine time), in entity order.
        QCOMPARE(events[0].entity, std::int64_t(1));
        QVERIFY2(events[0].payload.find("\"kind\":\"flood_forecast\"") != std::string::npos, events[0].payload.c_str());
        QVERIFY2(events[0].payload.find("\"crossing_ns\":" + std::to_string(basis + 90 * kMinute)) != std::string::npos,
                 events[0].payload.c_str());
        QVERIFY(events[0].payload.find("\"dangerous_ns\":" + std::to_string(basis + 100 * kMinute)) != std::string::npos);
        QVERIFY(events[1].payload.find("\"crossing_ns\":" + std::to_string(basis - 10 * kMinute)) != std::string::npos);
        QCOMPARE(events[0].severity, int(AlarmSeverity::Critical));

        // The value counts down with engine time; road 4 comes within 120 min half an hour later.
        events.clear();
        alarms.evaluate(state, basis + 17 * kMinute, events);
        QVERIFY(events.empty());
        QCOMPARE(open(1)->value, 73.0);
        QCOMPARE(open(2)->value, 0.0);
        alarms.evaluate(state, basis + 30 * kMinute + 30'000'000'000LL, events);
        QCOMPARE(countEvents(events, "alarm.raised"), 1);
        QVERIFY(open(4));
        QCOMPARE(open(4)->value, 119.5);
        QCOMPARE(open(1)->value, 59.5);

        // A newer forecast without roads 1 and 2 clears them at the next evaluation; road 4 stays open
        // (acknowledged) and takes the new crossing time.
        const std::uint64_t road4 = open(4)->id;
        QVERIFY(alarms.acknowledge(road4, "operator wang", basis + 31 * kMinute, events));
        const std::int64_t basis2 = basis + 35 * kMinute;
        alarms.setFloodForecast(basis2, {road(4, basis2 + 60 * kMinute, 0, 0.25f)});
        events.clear();
        alarms.evaluate(state, basis2, events);
        QCOMPARE(countEvents(events, "alarm.cleared"), 2);
        QCOMPARE(countEvents(events, "alarm.raised"), 0);
        QVERIFY(!open(1) && !open(2));
        QVERIFY(open(4) && open(4)->id == road4);
        QCOMPARE(int(open(4)->state), int(AlarmState::Acknowledged));
        QCOMPARE(open(4)->value, 60.0);
        // Past the crossing the value stays 0 while the road is still listed; an empty forecast clears it.
        alarms.evaluate(state, basis2 + 90 * kMinute, events);
        QCOMPARE(open(4)->value, 0.0);
        alarms.setFloodForecast(basis2 + 95 * kMinute, {});
        events.clear();
        alarms.evaluate(state, basis2 + 96 * kMinute, events);
        QCOMPARE(countEvents(events, "alarm.cleared"), 1);
        QCOMPARE(events[0].entity, std::int64_t(4));
        QCOMPARE(alarms.openCount(), std::size_t{0});
        // Listed again by a later forecast: a new alarm with a new id.
        alarms.setFloodForecast(basis2 + 100 * kMinute, {road(4, basis2 + 110 * kMinute, 0, 0.2f)});
        alarms.evaluate(state, basis2 + 101 * kMinute, events);
        QVERIFY(open(4) && open(4)->id > road4);
    }

    // The payload a "flood.forecast" event carries: parallel arrays, whole seconds and millimetres.
    void floodForecastPayloadRoundTrip()
    {
        const std::int64_t basis = kT0 + 123'456'789LL;
        const std::vector<RoadFloodAlarmInput> roads{{17, basis + 600'400'000'000LL, basis + 900'000'000'000LL, 0.4567f},
                                                     {3, basis - 120'000'000'000LL, 0, 0.151f}};
        const std::string payload = floodForecastPayload(basis, roads);
        QCOMPARE(payload, "{\"basis_ns\":" + std::to_string(basis) +
                              ",\"entity\":[17,3],\"impassable_s\":[600,-120],\"dangerous_after_s\":[300,-1],"
                              "\"max_depth_m\":[457,151]}");
        std::int64_t parsedBasis = 0;
        std::vector<RoadFloodAlarmInput> parsed;
        QVERIFY(parseFloodForecastPayload(payload, parsedBasis, parsed));
        QCOMPARE(parsedBasis, basis);
        QCOMPARE(parsed.size(), std::size_t{2});
        QCOMPARE(parsed[0].entity, 17u);
        QCOMPARE(parsed[0].impassableNs, basis + 600 * 1'000'000'000LL); // rounded to the second
        QCOMPARE(parsed[0].dangerousNs, basis + 900 * 1'000'000'000LL);
        QCOMPARE(parsed[0].maxDepthM, 0.457f);
        QCOMPARE(parsed[1].dangerousNs, std::int64_t{0});
        // Written again, the parsed forecast gives the same text: live and replay apply the same thing.
        QCOMPARE(floodForecastPayload(parsedBasis, parsed), payload);
        for (const char *bad : {"", "[]", "{\"basis_ns\":1}", "{\"basis_ns\":1,\"entity\":[1],\"impassable_s\":[],"
                                "\"dangerous_after_s\":[],\"max_depth_m\":[]}",
                                "{\"basis_ns\":1,\"entity\":[-1],\"impassable_s\":[0],\"dangerous_after_s\":[0],\"max_depth_m\":[0]}",
                                "{\"basis_ns\":1,\"entity\":[1],\"impassable_s\":[0.5],\"dangerous_after_s\":[0],\"max_depth_m\":[0]}"})
            QVERIFY2(!parseFloodForecastPayload(bad, parsedBasis, parsed), bad);
    }

    void demoCityStormThroughTheEngine()
    {
        auto loaded = loadScenario(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou");
        QVERIFY(loaded.ok());
        auto scenario = loaded.scenario;
        QTemporaryDir dir;
        // 2021-07-20 15:00 local; the storm's peak hour (16-17h) comes an hour in.
        const std::int64_t eventStart = 1626696000LL * 1'000'000'000LL;
        const std::int64_t start = eventStart + 19 * 60 * kMinute;
        SimulatorOptions options;
        options.startNs = start;
        options.hydrology.scenario = RainScenario::Extreme;
        options.hydrology.eventStartNs = eventStart;
        auto sim = std::make_shared<CitySimulator>(scenario, options);
        auto clock = std::make_shared<Clock>(start, 7200.0); // two simulated hours a wall second
        EngineConfig config;
        config.tcpPort = config.udpPort = -1;
        config.recordPath = dir.filePath("storm.cityops").toStdString();
        Engine engine(scenario->city, clock, config);
        std::string error;
        QVERIFY2(engine.start(error), error.c_str());
        engine.attachSource(sim, "simulator", std::chrono::milliseconds(20));

        // Acknowledge the first water-level alarm as soon as it is up.
        std::uint64_t acknowledged = 0;
        QElapsedTimer timer;
        timer.start();
        while (timer.elapsed() < 240'000) {
            const auto snap = engine.snapshotNow();
            if (!acknowledged)
                for (const Alarm &a : snap->alarms)
                    if (a.kind == AlarmKind::WaterLevel && a.state == AlarmState::Active) {
                        QVERIFY(engine.acknowledgeAlarm(a.id, "operator zhang"));
                        QVERIFY(!engine.acknowledgeAlarm(a.id, "operator zhang")); // only once
                        acknowledged = a.id;
                        break;
                    }
            if (snap->timeNs > start + 4 * 60 * kMinute)
                break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        clock->setRate(0.0);
        engine.flush();
        const auto snap = engine.snapshotNow();
        engine.stop();
        QVERIFY2(acknowledged != 0, "the storm raised no water-level alarm");

        auto reader = RecordingReader::open(config.recordPath, error);
        QVERIFY2(reader, error.c_str());
        const auto events = reader->events(start, snap->timeNs);
        std::map<std::string, int> raisedPerEntity;
        int waterRaised = 0, waterCleared = 0;
        bool ackFound = false;
        for (const Event &e : events) {
            if (e.kind == "alarm.raised") {
                ++raisedPerEntity[e.payload.substr(e.payload.find("\"kind\""))];
                waterRaised += e.payload.find("water_level") != std::string::npos;
            }
            if (e.kind == "alarm.cleared")
                waterCleared += e.payload.find("water_level") != std::string::npos;
            if (e.kind == "alarm.acknowledged") {
                QCOMPARE(e.actor, std::string("operator zhang"));
                QVERIFY(e.payload.find("\"alarm\":" + std::to_string(acknowledged)) != std::string::npos);
                QVERIFY(e.timeNs >= start && e.timeNs <= snap->timeNs);
                ackFound = true;
            }
        }
        qInfo("%d water-level alarms raised and %d cleared over 4 simulated hours; %zu events", waterRaised,
              waterCleared, events.size());
        QVERIFY(ackFound);
        QVERIFY(waterRaised > 0);
        QVERIFY2(waterCleared > 0, "no water-level alarm cleared after the storm");
        // Hysteresis: no alarm of one kind at one place raised over and over.
        for (const auto &[key, n] : raisedPerEntity)
            QVERIFY2(n <= 3, qPrintable(QString::fromStdString(key) + " raised " + QString::number(n) + " times"));
    }
};

QTEST_GUILESS_MAIN(TestAlarmEngine)
#include "tst_alarmengine.moc"
