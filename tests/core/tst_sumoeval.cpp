// `cityops-cli eval signals --sumocfg` against real SUMO (the Debian package, through libtracicpp) on
// sumo-rl's single intersection with its own flow file, 2 seeds, 20 simulated minutes:
//  - every vehicle of the demand is counted (the flows' vehicles, computed here from the route file);
//  - a controller that never leaves its first green (so two approaches never move) looks much worse than
//    the network's fixed-time program, through vehicles stuck on the road and never inserted;
//  - our controller beats the fixed-time program.
#include <QtTest>

#include <QJsonDocument>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>

#include <cmath>

namespace {

const QString kDir = QStringLiteral(CITYOPS_SHARED_DATA "/signal_control/sumo-rl/2way-single-intersection");
constexpr double kEndS = 1200;

QJsonObject evalSignals(const QString &controller)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::SeparateChannels);
    p.start(QStringLiteral(CITYOPS_CLI),
            {"eval", "signals", "--sumocfg", kDir + "/single-intersection.sumocfg", "--routes",
             kDir + "/single-intersection-vhvh.rou.xml", "--controller", controller, "--seeds", "2", "--end",
             QString::number(kEndS), "--json"});
    if (!p.waitForFinished(120000)) {
        p.kill();
        p.waitForFinished();
        return {};
    }
    const QByteArray out = p.readAllStandardOutput();
    if (p.exitCode() != 0)
        qWarning() << p.readAllStandardError();
    const QJsonDocument doc = QJsonDocument::fromJson(out);
    return doc.object();
}

// Vehicles the flow file schedules in [0, end): SUMO spaces a flow's vehicles by 3600/vehsPerHour.
int scheduledVehicles()
{
    QFile f(kDir + "/single-intersection-vhvh.rou.xml");
    if (!f.open(QIODevice::ReadOnly))
        return -1;
    const QString text = QString::fromUtf8(f.readAll());
    static const QRegularExpression flow(QStringLiteral("<flow\\b[^>]*>"));
    static const QRegularExpression attr(QStringLiteral("(\\w+)=\"([^\"]*)\""));
    int total = 0;
    for (auto it = flow.globalMatch(text); it.hasNext();) {
        const QString tag = it.next().captured(0);
        double begin = 0, end = 0, vph = 0;
        for (auto a = attr.globalMatch(tag); a.hasNext();) {
            const auto m = a.next();
            if (m.captured(1) == "begin") begin = m.captured(2).toDouble();
            if (m.captured(1) == "end") end = m.captured(2).toDouble();
            if (m.captured(1) == "vehsPerHour") vph = m.captured(2).toDouble();
        }
        if (vph <= 0)
            continue;
        const double period = 3600.0 / vph;
        const double last = std::min(end, kEndS);
        for (double t = begin; t < last - 1e-9; t += period)
            ++total;
    }
    return total;
}

} // namespace

class TstSumoEval : public QObject {
    Q_OBJECT

private slots:
    void everyVehicleCountsAndCityOpsBeatsFixed()
    {
        const QJsonObject fixed = evalSignals("fixed");
        const QJsonObject hold = evalSignals("hold");
        const QJsonObject ours = evalSignals("cityops");
        QVERIFY2(!fixed.isEmpty() && !hold.isEmpty() && !ours.isEmpty(), "cityops-cli eval signals failed (is sumo installed?)");

        const int demand = scheduledVehicles();
        QVERIFY(demand > 100);
        for (const QJsonObject &r : {fixed, hold, ours}) {
            QCOMPARE(qRound(r["vehicles"].toDouble()), demand);
            QCOMPARE(r["seeds"].toInt(), 2);
            const double accounted = r["trips_completed"].toDouble() + r["unfinished"].toDouble() + r["never_inserted"].toDouble();
            QCOMPARE(qRound(accounted), demand);
        }
        const double dFixed = fixed["delay_s"].toObject()["median"].toDouble();
        const double dHold = hold["delay_s"].toObject()["median"].toDouble();
        const double dOurs = ours["delay_s"].toObject()["median"].toDouble();
        qInfo("median delay per vehicle: fixed %.1f s, cityops %.1f s, hold-first-green %.1f s", dFixed, dOurs, dHold);
        // Blocking two approaches must look bad, and the blocked vehicles must be in the figure.
        QVERIFY(dHold > 2.0 * dFixed);
        QVERIFY(hold["never_inserted"].toDouble() + hold["unfinished"].toDouble() > 0.2 * demand);
        QVERIFY(dOurs < dFixed);
        QCOMPARE(ours["gridlocked_runs"].toInt(), 0);
        // Different seeds give different runs.
        const auto perSeed = fixed["delay_per_seed_s"].toArray();
        QCOMPARE(perSeed.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TstSumoEval)
#include "tst_sumoeval.moc"
