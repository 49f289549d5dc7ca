// The parking availability forecast: reading and cleaning counter CSVs (bad rows counted by reason), the
// 30-min grid, and the forecast against the last-value and historical-average baselines, on the real UCI
// Birmingham data and on a CSV generated here from the demo parking simulator (other car parks, other
// hours, another column order, irregular times and injected bad rows).
#include "model/syntheticcity.h"
#include "predict/parkingdata.h"
#include "predict/parkingforecast.h"
#include "sim/parkingsim.h"
#include "sim/random.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>

using namespace cityops::core;

namespace {

const std::string kBirmingham = std::string(CITYOPS_SHARED_DATA) + "/parking/birmingham_parking_uci.csv";

std::string stamp(std::int64_t localSeconds)
{
    // Civil date from days since 1970 (Howard Hinnant's civil_from_days).
    std::int64_t z = localSeconds / 86400 + 719468;
    const std::int64_t sod = localSeconds % 86400;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    const long long y = static_cast<long long>(yoe) + era * 400 + (m <= 2);
    char buf[40];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u %02lld:%02lld:%02lld", y, m, d, static_cast<long long>(sod / 3600),
                  static_cast<long long>(sod % 3600 / 60), static_cast<long long>(sod % 60));
    return buf;
}

struct Generated {
    std::string csv;
    ParkingCleaning injected; // the bad rows written on purpose
};

/// 42 days of 25 simulated car parks, read every ~30 min (+-6 min jitter) from 06:30 to 20:00, with a
/// demand level that varies by car park and day (weather, events), columns in another order plus one extra.
Generated generateCsv(std::uint64_t seed)
{
    auto city = makeSyntheticCity({0, 0, 25, 0, 0, 0});
    ParkingSim sim(*city, seed);
    Random rnd(seed * 7 + 1);
    Generated g;
    std::ostringstream out;
    out << "LastUpdated,Occupancy,Note,SystemCodeNumber,Capacity\n";
    const std::int64_t day0 = 20089; // 2025-01-01
    for (int day = 0; day < 42; ++day) {
        for (std::size_t f = 0; f < sim.size(); ++f)
            sim.setDemandFactor(f, 0.6 + 0.8 * rnd.uniform());
        std::vector<int> nextRead(sim.size());
        for (std::size_t f = 0; f < sim.size(); ++f)
            nextRead[f] = 390 + static_cast<int>(rnd.uniform() * 12) - 6;
        for (int minute = 0; minute < 1440; ++minute) {
            sim.advanceMinute(minute / 60.0);
            for (std::size_t f = 0; f < sim.size(); ++f) {
                if (minute != nextRead[f] || minute > 1206)
                    continue;
                nextRead[f] = 390 + 30 * ((minute - 390 + 15) / 30 + 1) + static_cast<int>(rnd.uniform() * 12) - 6;
                const std::string id = "GEN-" + city->entity(sim.entity(f)).id;
                const std::int64_t t = (day0 + day) * 86400 + minute * 60 + static_cast<int>(rnd.uniform() * 60);
                std::int64_t occ = sim.occupied(f);
                const double u = rnd.uniform();
                if (u < 0.004) { // a counter glitch above capacity
                    occ = sim.capacity(f) + 1 + static_cast<std::int64_t>(rnd.uniform() * 50);
                    ++g.injected.overCapacity;
                } else if (u < 0.006) {
                    occ = -1 - static_cast<std::int64_t>(rnd.uniform() * 5);
                    ++g.injected.negative;
                }
                out << stamp(t) << ',' << occ << ",x," << id << ',' << sim.capacity(f) << '\n';
                if (u > 0.994 && occ >= 0 && occ <= sim.capacity(f)) { // the feed sent it twice
                    out << stamp(t) << ',' << occ << ",x," << id << ',' << sim.capacity(f) << '\n';
                    ++g.injected.duplicates;
                }
                if (u > 0.5 && u < 0.502) { // a cut-off line
                    out << stamp(t).substr(0, 10) << ",12\n";
                    ++g.injected.malformed;
                }
            }
        }
    }
    g.csv = out.str();
    return g;
}

ParkingGrid gridOf(const std::string &csv, ParkingCleaning &cleaning)
{
    std::istringstream in(csv);
    std::vector<ParkingRecord> records;
    std::string error;
    if (!readParkingCsv(in, records, cleaning, error))
        throw std::runtime_error(error);
    return ParkingGrid::build(records, 30, cleaning);
}

} // namespace

class TestParkingForecast : public QObject {
    Q_OBJECT

private slots:
    void timesAndDays()
    {
        std::int64_t t = 0;
        QVERIFY(parseLocalTime("2016-10-04 07:59:42", t));
        QCOMPARE(t, std::int64_t(1475567982)); // date -u -d '2016-10-04 07:59:42' +%s
        QVERIFY(parseLocalTime("2016-10-04T08:00", t));
        QVERIFY(!parseLocalTime("2016-13-04 07:59:42", t));
        QVERIFY(!parseLocalTime("2016-10-04 25:00:00", t));
        QVERIFY(!parseLocalTime("04/10/2016 07:59", t));
        QVERIFY(!parseLocalTime("2016-10-04 07:59:42junk", t));
        QCOMPARE(dayTypeOf(1475567982 / 86400), DayType::Weekday);   // Tuesday
        QCOMPARE(dayTypeOf(17138), DayType::Saturday);               // 2016-12-03
        QCOMPARE(dayTypeOf(17139), DayType::Sunday);                 // 2016-12-04
    }

    void snappingAndBadRows()
    {
        const std::string csv = "SystemCodeNumber,Capacity,Occupancy,LastUpdated\n"
                                "A,100,10,2020-03-02 08:01:00\n"  // slot 08:00
                                "A,100,12,2020-03-02 08:12:00\n"  // also 08:00, farther: collision, dropped
                                "A,100,20,2020-03-02 08:26:00\n"  // 08:30
                                "A,100,20,2020-03-02 08:26:00\n"  // exact duplicate
                                "A,100,101,2020-03-02 09:00:00\n" // above capacity
                                "A,100,-2,2020-03-02 09:30:00\n"  // negative
                                "A,0,0,2020-03-02 10:00:00\n"     // no capacity
                                "A,100,30\n"                      // malformed
                                "A,100,x,2020-03-02 10:30:00\n"   // malformed
                                "A,100,50,2020-03-02 23:50:00\n"; // snaps to 00:00 of the next day
        ParkingCleaning c;
        const ParkingGrid g = gridOf(csv, c);
        QCOMPARE(c.rows, std::int64_t(10));
        QCOMPARE(c.malformed, std::int64_t(2));
        QCOMPARE(c.overCapacity, std::int64_t(1));
        QCOMPARE(c.negative, std::int64_t(1));
        QCOMPARE(c.badCapacity, std::int64_t(1));
        QCOMPARE(c.duplicates, std::int64_t(1));
        QCOMPARE(c.snapCollisions, std::int64_t(1));
        QCOMPARE(c.used, std::int64_t(3));
        QCOMPARE(c.malformed + c.overCapacity + c.negative + c.badCapacity + c.duplicates + c.snapCollisions + c.used,
                 c.rows);
        QCOMPARE(g.dayCount(), std::size_t(2));
        QCOMPARE(g.rate(0, 0, 16), 0.10); // the reading nearer 08:00 was kept
        QCOMPARE(g.rate(0, 0, 17), 0.20);
        QVERIFY(!g.has(0, 0, 18));
        QCOMPARE(g.rate(0, 1, 0), 0.50);
    }

    void birminghamBeatsBothBaselines()
    {
        std::ifstream in(kBirmingham);
        QVERIFY2(in, kBirmingham.c_str());
        std::vector<ParkingRecord> records;
        ParkingCleaning c;
        std::string error;
        QVERIFY(readParkingCsv(in, records, c, error));
        const ParkingGrid g = ParkingGrid::build(records, 30, c);
        // The counts the data's README measured independently: 373 above capacity, 12 negative, 216
        // duplicated (park, timestamp) rows beyond the first.
        QCOMPARE(c.rows, std::int64_t(35717));
        QCOMPARE(c.overCapacity, std::int64_t(373));
        QCOMPARE(c.negative, std::int64_t(12));
        QCOMPARE(c.duplicates, std::int64_t(216));
        QCOMPARE(g.facilityCount(), std::size_t(30));
        QCOMPARE(g.dayCount(), std::size_t(73));
        const ParkingEvaluation ev = evaluateParkingForecast(g, {});
        QCOMPARE(ev.horizons.size(), std::size_t(2));
        for (const ParkingHorizonResult &h : ev.horizons) {
            QVERIFY(h.model.samples > 3000);
            QCOMPARE(h.model.samples, h.lastValue.samples);
            QCOMPARE(h.model.samples, h.historicalAverage.samples);
        }
        const ParkingHorizonResult &h60 = ev.horizons[1];
        QCOMPARE(h60.minutes, 60);
        QVERIFY2(h60.model.mae <= 0.8 * h60.lastValue.mae && h60.model.mae <= 0.8 * h60.historicalAverage.mae,
                 qPrintable(QString("model %1 LV %2 HA %3").arg(h60.model.mae).arg(h60.lastValue.mae).arg(h60.historicalAverage.mae)));
    }

    void generatedCsvWorksToo()
    {
        const Generated gen = generateCsv(11);
        ParkingCleaning c;
        const ParkingGrid g = gridOf(gen.csv, c);
        QCOMPARE(c.malformed, gen.injected.malformed);
        QCOMPARE(c.overCapacity, gen.injected.overCapacity);
        QCOMPARE(c.negative, gen.injected.negative);
        QCOMPARE(c.duplicates, gen.injected.duplicates);
        QVERIFY(gen.injected.overCapacity > 0 && gen.injected.negative > 0 && gen.injected.duplicates > 0 &&
                gen.injected.malformed > 0);
        QCOMPARE(g.facilityCount(), std::size_t(25));
        QCOMPARE(g.dayCount(), std::size_t(42));
        ParkingEvalOptions options;
        options.horizonMinutes = {30, 60, 90};
        const ParkingEvaluation ev = evaluateParkingForecast(g, options);
        for (const ParkingHorizonResult &h : ev.horizons) {
            qInfo("generated, %d min: model %.4f, last value %.4f, historical average %.4f", h.minutes, h.model.mae,
                  h.lastValue.mae, h.historicalAverage.mae);
            QVERIFY(h.model.samples > 1000);
            QVERIFY(h.model.mae < h.lastValue.mae);
            QVERIFY(h.model.mae < h.historicalAverage.mae);
        }

        // The command line reads the same file the same way.
        QTemporaryDir dir;
        const QString path = dir.filePath("generated.csv");
        {
            std::ofstream o(path.toStdString());
            o << gen.csv;
        }
        QProcess p;
        p.start(CITYOPS_CLI, {"eval", "parking", "--csv", path, "--horizons", "30,60,90", "--json"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const auto v = boost::json::parse(p.readAllStandardOutput().toStdString()).as_object();
        QCOMPARE(v.at("rows").at("over_capacity").as_int64(), gen.injected.overCapacity);
        QCOMPARE(v.at("rows").at("malformed").as_int64(), gen.injected.malformed);
        QCOMPARE(v.at("horizons").as_array().size(), std::size_t(3));
        QCOMPARE(v.at("horizons").as_array()[2].at("model").at("mae").as_double(), ev.horizons[2].model.mae);
    }

    void forecasterApi()
    {
        // Two weeks of a car park that fills linearly from 08:00 to 12:00 and stays full: the forecast from
        // 09:00 at 50 % and rising must see it rise, and the profile must be the history's mean.
        std::vector<ParkingRecord> records;
        for (int day = 0; day < 14; ++day)
            for (int slot = 16; slot <= 34; ++slot) {
                const double rate = std::min(1.0, (slot - 16) / 8.0) * (day % 2 ? 0.9 : 0.8);
                records.push_back({"P", 200, std::round(rate * 200), (20000 + day) * 86400LL + slot * 1800});
            }
        ParkingCleaning c;
        const ParkingGrid g = ParkingGrid::build(records, 30, c);
        std::vector<std::size_t> days(14);
        for (std::size_t d = 0; d < days.size(); ++d)
            days[d] = d;
        ParkingForecaster f;
        f.fit(g, days, {1, 2}, {1.0, 1.0});
        const DayType type = g.dayType(0);
        const double now = f.forecast(0, type, 18, 2, 0.25, 0.125); // 09:00, 25 %, +12.5 % per slot
        QVERIFY2(std::abs(now - 0.5) < 0.06, qPrintable(QString::number(now)));
        QVERIFY(std::isnan(f.forecast(0, type, 18, 3, 0.25, 0.125))); // 90 min was not fitted
        QVERIFY(std::isnan(f.forecast(0, type, 18, 2, std::nan(""), 0.1)));
        // The live entry point: by id and local time (09:04 snaps to 09:00).
        QCOMPARE(f.facilityIndex("P"), 0);
        QCOMPARE(f.facilityIndex("Q"), -1);
        const auto outlook = f.outlook(0, g.civilDay(0) * 86400 + 9 * 3600 + 4 * 60, 0.25, 0.125);
        QCOMPARE(outlook.size(), std::size_t(2));
        QCOMPARE(outlook[1].first, 60.0);
        QCOMPARE(outlook[1].second, now);
    }

    void cliReportsAndRejects()
    {
        QProcess p;
        p.start(CITYOPS_CLI, {"eval", "parking", "--csv", QString::fromStdString(kBirmingham), "--horizons", "30,60", "--json"});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        const auto v = boost::json::parse(p.readAllStandardOutput().toStdString()).as_object();
        const auto &hs = v.at("horizons").as_array();
        QCOMPARE(hs.size(), std::size_t(2));
        QCOMPARE(hs[1].at("minutes").as_int64(), 60);
        QVERIFY(hs[1].at("model").at("mae").as_double() > 0);
        QVERIFY(hs[1].at("last_value").at("mae").as_double() > 0);
        QVERIFY(hs[1].at("historical_average").at("mae").as_double() > 0);
        QCOMPARE(v.at("rows").at("negative").as_int64(), 12);

        QTemporaryDir dir;
        const QString bad = dir.filePath("bad.csv");
        {
            std::ofstream o(bad.toStdString());
            o << "Park,Spaces,Cars,When\nA,1,1,2020-01-01 08:00:00\n";
        }
        p.start(CITYOPS_CLI, {"eval", "parking", "--csv", bad});
        QVERIFY(p.waitForFinished(10000));
        QVERIFY(p.exitCode() != 0);
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QVERIFY(p.readAllStandardError().contains("SystemCodeNumber"));
        p.start(CITYOPS_CLI, {"eval", "parking", "--csv", QString::fromStdString(kBirmingham), "--horizons", "45"});
        QVERIFY(p.waitForFinished(10000));
        QVERIFY(p.exitCode() != 0);
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    }
};

QTEST_GUILESS_MAIN(TestParkingForecast)
#include "tst_parkingforecast.moc"
