// The speed forecaster (core/predict/speedforecaster) and its evaluation (cityops-cli eval forecast).
// - The metric code reproduces the T-GCN authors' own Los-loop figures from their saved predictions
//   (author_runs/), with labels rebuilt the way their preprocess_data does; the (sample, horizon) row
//   order is checked by showing that the other order does not reproduce them.
// - On a slice of Los-loop (the first 60 sensors) the model beats last value and historical average at
//   every horizon, through the CLI and its JSON contract.
// - On an independently generated wide CSV (other sensor count, interval, ids, a ring road with waves that
//   travel downstream) the same command works, the model beats both baselines, and the adjacency helps.
// - Incremental retraining: after appending rows from a changed regime and re-solving, the forecasts
//   follow the new regime better than before.
// - Bad input fails with a one-line error and a non-zero exit.
#include "predict/forecastmetrics.h"
#include "predict/speedforecaster.h"
#include "predict/widecsv.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <random>

using namespace cityops::core;

namespace {

const QString kLos = QStringLiteral(CITYOPS_SHARED_DATA "/traffic_speed/tgcn/los_speed.csv");
const QString kLosAdj = QStringLiteral(CITYOPS_SHARED_DATA "/traffic_speed/tgcn/los_adj.csv");
const QString kAuthorRun = QStringLiteral(
    CITYOPS_SHARED_DATA "/traffic_speed/tgcn/author_runs/tgcn_los_lr0.001_batch64_unit64_seq12_pre3_epoch5000/test_result.csv");

struct CliResult {
    int exitCode = -1;
    QByteArray out, err;
};

CliResult runCli(const QStringList &args, int timeoutMs = 120000)
{
    QProcess p;
    p.start(QStringLiteral(CITYOPS_CLI), args);
    CliResult r;
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return r;
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

double rmseOf(const QJsonObject &horizon, const char *who)
{
    return horizon.value(QLatin1String(who)).toObject().value(QStringLiteral("rmse")).toDouble(-1);
}

/// A ring road of `n` sensors at 10-minute steps: a daily profile with two rush hours whose depth differs
/// per sensor, AR(1) noise, and slowdowns that start at random sensors and travel downstream one sensor per
/// step. The adjacency is directed: row i names the sensor upstream of i. Written from scratch here;
/// nothing in it comes from Los-loop.
void writeRing(const QString &csv, const QString &adj, int n, int days, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> noise(0.0, 1.0);
    std::uniform_real_distribution<double> uni(0.0, 1.0);
    const int perDay = 144, rows = days * perDay;
    std::vector<double> free(static_cast<std::size_t>(n)), amAmp(free.size()), pmAmp(free.size());
    for (int s = 0; s < n; ++s) {
        free[static_cast<std::size_t>(s)] = 45 + 20 * uni(rng);
        amAmp[static_cast<std::size_t>(s)] = 5 + 20 * uni(rng);
        pmAmp[static_cast<std::size_t>(s)] = 5 + 15 * uni(rng);
    }
    std::vector<double> wave(static_cast<std::size_t>(n), 0.0), ar(static_cast<std::size_t>(n), 0.0);
    std::ofstream out(csv.toStdString());
    for (int s = 0; s < n; ++s)
        out << (s ? "," : "") << "ring-" << (1000 + 7 * s);
    out << "\n";
    for (int r = 0; r < rows; ++r) {
        const double hour = 24.0 * (r % perDay) / perDay;
        // Waves move one sensor downstream per step and fade; new ones start now and then.
        std::vector<double> next(wave.size(), 0.0);
        for (int s = 0; s < n; ++s)
            next[static_cast<std::size_t>((s + 1) % n)] = 0.85 * wave[static_cast<std::size_t>(s)];
        if (uni(rng) < 0.08)
            next[static_cast<std::size_t>(rng() % static_cast<std::uint64_t>(n))] += 15 + 10 * uni(rng);
        wave.swap(next);
        for (int s = 0; s < n; ++s) {
            const auto su = static_cast<std::size_t>(s);
            ar[su] = 0.8 * ar[su] + 1.5 * noise(rng);
            const double v = free[su] - amAmp[su] * std::exp(-std::pow((hour - 8.0) / 1.0, 2)) -
                             pmAmp[su] * std::exp(-std::pow((hour - 17.5) / 1.3, 2)) - wave[su] + ar[su];
            out << (s ? "," : "") << std::max(3.0, v);
        }
        out << "\n";
    }
    std::ofstream a(adj.toStdString());
    for (int i = 0; i < n; ++i) {
        for (int j = 0; j < n; ++j)
            a << (j ? "," : "") << (i == j ? 1.0 : j == (i + n - 1) % n ? 1.0 : 0.0); // directed: the sensor upstream
        a << "\n";
    }
}

} // namespace

class TestSpeedForecaster : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void metricsByHand();
    void metricsReproduceAuthorRuns();
    void losSliceBeatsBaselines();
    void otherCsvWorksAndAdjacencyHelps();
    void incrementalRetrainingFollowsChange();
    void badInputFailsCleanly();
};

void TestSpeedForecaster::metricsByHand()
{
    const std::vector<double> y{1, 2, 3, 4}, p{1, 2, 3, 5};
    const ForecastMetrics m = computeMetrics(y, p);
    QCOMPARE(m.count, std::size_t(4));
    QVERIFY(std::abs(m.rmse - 0.5) < 1e-12);
    QVERIFY(std::abs(m.mae - 0.25) < 1e-12);
    QVERIFY(std::abs(m.accuracy - (1 - 1 / std::sqrt(30.0))) < 1e-12);
    QVERIFY(std::abs(m.r2 - 0.8) < 1e-12); // sum e^2 = 1, sum (y - 2.5)^2 = 5
    // Merging two halves gives the same as one pass (the R^2 mean is shifted per accumulator).
    MetricAccumulator a, b;
    a.add(std::span(y).first(2), std::span(p).first(2));
    b.add(std::span(y).last(2), std::span(p).last(2));
    a.merge(b);
    QVERIFY(std::abs(a.result().r2 - 0.8) < 1e-12);
}

void TestSpeedForecaster::metricsReproduceAuthorRuns()
{
    const WideTable speed = readWideCsv(kLos.toStdString(), true);
    const WideTable pred = readWideCsv(kAuthorRun.toStdString(), false);
    QCOMPARE(speed.cols(), std::size_t(207));
    QCOMPARE(speed.rows(), std::size_t(2016));
    const std::size_t n = 207, L = 12, P = 3;
    const auto train = static_cast<std::size_t>(static_cast<double>(speed.rows()) * 0.8);
    QCOMPARE(train, std::size_t(1612));
    const std::size_t samples = speed.rows() - train - L - P; // range(len(test) - seq_len - pre_len)
    QCOMPARE(samples, std::size_t(389));
    QCOMPARE(pred.rows(), samples * P);
    QCOMPARE(pred.cols(), n);
    auto score = [&](bool sampleMajor) {
        MetricAccumulator acc;
        for (std::size_t i = 0; i < samples; ++i)
            for (std::size_t j = 0; j < P; ++j) {
                const std::size_t predRow = sampleMajor ? i * P + j : j * samples + i;
                for (std::size_t s = 0; s < n; ++s)
                    acc.add(speed.at(train + i + L + j, s), pred.at(predRow, s));
            }
        return acc.result();
    };
    const ForecastMetrics m = score(true);
    QVERIFY2(std::abs(m.rmse - 5.12638) < 5e-5, qPrintable(QString::number(m.rmse, 'f', 6)));
    QVERIFY2(std::abs(m.mae - 3.18020) < 5e-5, qPrintable(QString::number(m.mae, 'f', 6)));
    QVERIFY2(std::abs(m.accuracy - 0.91273) < 5e-5, qPrintable(QString::number(m.accuracy, 'f', 6)));
    QVERIFY2(std::abs(m.r2 - 0.86340) < 5e-5, qPrintable(QString::number(m.r2, 'f', 6)));
    const ForecastMetrics other = score(false);
    QVERIFY2(other.rmse > m.rmse + 1.0, qPrintable(QString::number(other.rmse, 'f', 4)));

    // The CLI's scorer gives the same figures.
    const CliResult r = runCli({"eval", "forecast", "--csv", kLos, "--horizons", "15", "--score-predictions", kAuthorRun,
                                "--json"});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject h = QJsonDocument::fromJson(r.out).object().value("horizons").toArray().at(0).toObject();
    QVERIFY(std::abs(h.value("predictions").toObject().value("rmse").toDouble() - 5.12638) < 5e-5);
}

void TestSpeedForecaster::losSliceBeatsBaselines()
{
    const CliResult r = runCli({"eval", "forecast", "--csv", kLos, "--adj", kLosAdj, "--series", "60", "--interval-min",
                                "5", "--horizons", "15,30,45,60", "--json"});
    QVERIFY2(r.exitCode == 0, r.err.constData());
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(o.value("series").toInt(), 60);
    QCOMPARE(o.value("train_rows").toInt(), 1612);
    QVERIFY(o.value("training_seconds").toDouble() < 60);
    const QJsonArray hs = o.value("horizons").toArray();
    QCOMPARE(hs.size(), 4);
    const int minutes[] = {15, 30, 45, 60};
    for (int k = 0; k < 4; ++k) {
        const QJsonObject h = hs.at(k).toObject();
        QCOMPARE(h.value("minutes").toInt(), minutes[k]);
        QCOMPARE(h.value("samples").toInt(), 404 - 12 - minutes[k] / 5);
        const double model = rmseOf(h, "model"), ha = rmseOf(h, "historical_average"), last = rmseOf(h, "last_value");
        QVERIFY2(model > 0 && model < last && model < ha,
                 qPrintable(QString("%1 min: model %2, last %3, HA %4").arg(minutes[k]).arg(model).arg(last).arg(ha)));
        for (const char *key : {"mae", "accuracy", "r2"})
            QVERIFY(h.value("model").toObject().contains(key));
        const double coverage = h.value("band").toObject().value("coverage").toDouble();
        QVERIFY2(coverage > 0.6 && coverage < 0.95, qPrintable(QString::number(coverage)));
    }
}

void TestSpeedForecaster::otherCsvWorksAndAdjacencyHelps()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString csv = dir.filePath("ring.csv"), adj = dir.filePath("ring_adj.csv");
    writeRing(csv, adj, 37, 12, 20240611);
    const QStringList common{"eval", "forecast", "--csv", csv, "--interval-min", "10", "--horizons", "10,20,40", "--json"};
    const CliResult withAdj = runCli(common + QStringList{"--adj", adj});
    QVERIFY2(withAdj.exitCode == 0, withAdj.err.constData());
    const CliResult without = runCli(common);
    QVERIFY2(without.exitCode == 0, without.err.constData());
    const QJsonArray a = QJsonDocument::fromJson(withAdj.out).object().value("horizons").toArray();
    const QJsonArray b = QJsonDocument::fromJson(without.out).object().value("horizons").toArray();
    QCOMPARE(a.size(), 3);
    for (int k = 0; k < 3; ++k) {
        const QJsonObject h = a.at(k).toObject();
        const double model = rmseOf(h, "model"), ha = rmseOf(h, "historical_average"), last = rmseOf(h, "last_value");
        QVERIFY2(model < last && model < ha, qPrintable(QString("model %1 last %2 HA %3").arg(model).arg(last).arg(ha)));
        // The waves come from upstream: neighbours must make the forecast better.
        const double alone = rmseOf(b.at(k).toObject(), "model");
        QVERIFY2(model < 0.97 * alone, qPrintable(QString("with adjacency %1, without %2").arg(model).arg(alone)));
    }
}

void TestSpeedForecaster::incrementalRetrainingFollowsChange()
{
    // Three series with a daily profile; after day 6 series 0 starts following series 1 with a lag of 4
    // steps (a new route). Appending the new days and re-solving must cut the +4-step error on series 0
    // (the forgetting factor lets the old regime fade).
    const int n = 3, perDay = 96, L = 8;
    std::mt19937_64 rng(7);
    std::normal_distribution<double> noise(0.0, 1.0);
    const int days = 12, rows = days * perDay;
    std::vector<double> x(static_cast<std::size_t>(rows * n));
    std::vector<double> drive(static_cast<std::size_t>(rows), 0.0);
    for (int r = 1; r < rows; ++r)
        drive[static_cast<std::size_t>(r)] = 0.9 * drive[static_cast<std::size_t>(r - 1)] + 3 * noise(rng);
    for (int r = 0; r < rows; ++r) {
        const double hour = 24.0 * (r % perDay) / perDay;
        const double base = 50 - 10 * std::exp(-std::pow((hour - 8) / 1.5, 2));
        const auto ru = static_cast<std::size_t>(r);
        x[ru * n + 1] = base + drive[ru];
        x[ru * n + 2] = base + noise(rng);
        const bool changed = r >= 6 * perDay;
        x[ru * n + 0] = base + (changed && r >= 4 ? drive[ru - 4] : noise(rng));
    }
    ForecasterConfig cfg;
    cfg.inputSteps = L;
    cfg.horizonSteps = {4};
    cfg.stepsPerDay = perDay;
    cfg.forgetting = 0.995; // old days fade (half-life about 1.4 days here)
    SpeedForecaster model(n, SeriesGraph::fromDense(std::vector<double>{1, 1, 0, 1, 1, 0, 0, 0, 1}, n), cfg);
    SeriesHistory h;
    h.rows = static_cast<std::size_t>(6 * perDay);
    h.cols = n;
    h.values.assign(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(h.rows * n));
    model.train(h);
    auto error = [&](int fromRow, int toRow) {
        double sse = 0;
        int count = 0;
        std::vector<ForecastPoint> out;
        for (int t = fromRow; t + 4 < toRow; ++t) {
            std::vector<double> window(x.begin() + static_cast<std::ptrdiff_t>((t - L + 1) * n),
                                       x.begin() + static_cast<std::ptrdiff_t>((t + 1) * n));
            model.forecast(window, t, out);
            const double e = x[static_cast<std::size_t>((t + 4) * n)] - out[0].value;
            sse += e * e;
            ++count;
        }
        return std::sqrt(sse / count);
    };
    const int testFrom = 10 * perDay;
    const double before = error(testFrom, rows);
    for (int r = 6 * perDay; r < testFrom; ++r) // four new days, one row at a time
        model.append(std::span<const double>(x.data() + static_cast<std::ptrdiff_t>(r * n), n), r);
    model.resolve();
    const double after = error(testFrom, rows);
    QVERIFY2(after < 0.8 * before, qPrintable(QString("before %1, after %2").arg(before).arg(after)));
    QCOMPARE(model.lastStep(), std::int64_t(testFrom - 1));
    // The band is ordered and finite.
    std::vector<ForecastPoint> out;
    QVERIFY(model.forecastLatest(out));
    for (const ForecastPoint &p : out)
        QVERIFY(std::isfinite(p.value) && p.low <= p.value && p.value <= p.high);
}

void TestSpeedForecaster::badInputFailsCleanly()
{
    QTemporaryDir dir;
    const QString bad = dir.filePath("bad.csv");
    {
        std::ofstream out(bad.toStdString());
        out << "a,b\n1,2\n3,x\n";
    }
    CliResult r = runCli({"eval", "forecast", "--csv", bad, "--json"});
    QVERIFY(r.exitCode != 0);
    QVERIFY(r.out.isEmpty());
    QVERIFY2(r.err.contains("bad.csv:3") && r.err.count('\n') == 1, r.err.constData());
    r = runCli({"eval", "forecast", "--csv", kLos, "--interval-min", "5", "--horizons", "15,17"});
    QVERIFY(r.exitCode != 0);
    QVERIFY(r.err.contains("multiple"));
    r = runCli({"eval", "forecast", "--csv", dir.filePath("missing.csv")});
    QVERIFY(r.exitCode != 0);
    QVERIFY(r.err.contains("cannot open"));
    // Too short to hold a test part.
    const QString tiny = dir.filePath("tiny.csv");
    {
        std::ofstream out(tiny.toStdString());
        out << "a,b\n";
        for (int k = 0; k < 30; ++k)
            out << k << "," << 2 * k << "\n";
    }
    r = runCli({"eval", "forecast", "--csv", tiny});
    QVERIFY(r.exitCode != 0);
    QVERIFY(r.err.count('\n') == 1);
}

QTEST_GUILESS_MAIN(TestSpeedForecaster)
#include "tst_speedforecaster.moc"
