// Records a run of the demo city with cityops-cli (the real command a user runs), for the UI tests that
// replay or open a recording. Returns the CLI's exit code (-1 if it did not finish in two minutes).
#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace cityops::testing {

inline int recordDemoCity(const QString &out, const QString &duration, int seed, bool extremeRain)
{
    QStringList args = {QStringLiteral("record"), QStringLiteral("--scenario"),
                        QStringLiteral(CITYOPS_SOURCE_DIR "/resources/scenarios/zhengzhou"), QStringLiteral("--duration"),
                        duration, QStringLiteral("--seed"), QString::number(seed), QStringLiteral("--out"), out};
    if (extremeRain)
        args << QStringLiteral("--rain") << QStringLiteral("extreme");
    QProcess record;
    record.start(QStringLiteral(CITYOPS_CLI), args);
    if (!record.waitForFinished(120000))
        return -1;
    return record.exitStatus() == QProcess::NormalExit ? record.exitCode() : -1;
}

} // namespace cityops::testing
