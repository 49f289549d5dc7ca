#include "mapdata.h"

#include "model/scenarioloader.h"

namespace cityops::ui {

MapData::MapData(QObject *parent)
    : QObject(parent)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(40);
    connect(&m_timer, &QTimer::timeout, this, &MapData::applyPending);
}

void MapData::setScenario(std::shared_ptr<const core::Scenario> scenario)
{
    m_scenario = std::move(scenario);
    m_current.reset();
    m_pending.reset();
    m_pendingFlood.reset();
    m_fed.reset();
    m_previewing = false;
    m_predictionHorizon = 0;
    m_symbolPrediction = {};
    m_predictedSpeed.clear();
    m_timer.stop();
    m_flood = {};
    m_error.clear();
    Q_EMIT scenarioChanged();
    Q_EMIT floodFieldChanged();
    Q_EMIT snapshotApplied();
}

QString MapData::scenarioName() const
{
    return m_scenario ? QString::fromStdString(m_scenario->name) : QString();
}

bool MapData::loadScenario(const QString &folder)
{
    auto result = core::loadScenario(folder.toStdString());
    if (!result.scenario) {
        m_error = result.problems.empty() ? QStringLiteral("cannot read %1").arg(folder)
                                          : QString::fromStdString(core::formatProblem(result.problems.front()));
        Q_EMIT scenarioChanged();
        return false;
    }
    setScenario(result.scenario);
    return true;
}

void MapData::setSnapshot(core::SnapshotPtr snapshot)
{
    m_pending = std::move(snapshot);
    arm();
}

void MapData::arm()
{
    if (m_timer.interval() <= 0)
        applyPending();
    else if (!m_timer.isActive())
        m_timer.start();
}

void MapData::flush()
{
    m_timer.stop();
    applyPending();
}

void MapData::applyPending()
{
    if (m_pendingFlood) {
        m_flood = std::move(*m_pendingFlood);
        m_pendingFlood.reset();
        Q_EMIT floodFieldChanged();
    }
    if (!m_pending)
        return;
    // A snapshot of another city (a scenario switch in flight) would index the wrong entities.
    if (m_scenario && m_pending->entities.size() != m_scenario->city->size()) {
        m_pending.reset();
        return;
    }
    if (m_previewing) { // kept for when the preview ends
        m_fed = std::move(m_pending);
        m_pending.reset();
        return;
    }
    m_current = std::move(m_pending);
    m_pending.reset();
    Q_EMIT snapshotApplied();
}

void MapData::setPreview(core::SnapshotPtr snapshot)
{
    if (snapshot) {
        if (!m_previewing)
            m_fed = m_current;
        m_previewing = true;
        if (m_scenario && snapshot->entities.size() != m_scenario->city->size())
            return;
        m_current = std::move(snapshot);
        Q_EMIT snapshotApplied();
        return;
    }
    if (!m_previewing)
        return;
    m_previewing = false;
    m_current = std::move(m_fed);
    m_fed.reset();
    Q_EMIT snapshotApplied();
}

void MapData::setUpdateIntervalMs(int ms)
{
    if (ms == m_timer.interval())
        return;
    m_timer.setInterval(std::max(0, ms));
    Q_EMIT updateIntervalMsChanged();
}

void MapData::setFloodField(FloodField field)
{
    m_pendingFlood = std::move(field);
    arm();
}

bool MapData::setFloodDepths(const QVariantList &depths)
{
    if (!m_scenario || m_scenario->terrain.empty())
        return false;
    const auto &grid = m_scenario->terrain;
    if (depths.size() != static_cast<qsizetype>(grid.cols()) * grid.rows())
        return false;
    FloodField field{grid.cols(), grid.rows(), grid.xllCorner(), grid.yllCorner(), grid.cellSize(), {}};
    field.depths.reserve(static_cast<std::size_t>(depths.size()));
    for (const QVariant &v : depths)
        field.depths.push_back(v.toFloat());
    setFloodField(std::move(field));
    return true;
}

void MapData::setTrafficPrediction(int horizonMin, std::vector<float> speedsKmh)
{
    if (horizonMin <= 0 || (m_scenario && speedsKmh.size() != m_scenario->links.size())) {
        horizonMin = 0;
        speedsKmh.clear();
    }
    if (horizonMin == 0 && m_predictionHorizon == 0)
        return;
    m_predictionHorizon = horizonMin;
    m_predictedSpeed = std::move(speedsKmh);
    Q_EMIT trafficPredictionChanged();
}

void MapData::setSymbolPrediction(core::EntityKind kind, int horizonMin, std::vector<float> perEntity)
{
    if (index(kind) >= m_symbolPrediction.size())
        return;
    if (horizonMin <= 0 || (m_scenario && perEntity.size() != m_scenario->city->size())) {
        horizonMin = 0;
        perEntity.clear();
    }
    SymbolPrediction &p = m_symbolPrediction[index(kind)];
    if (horizonMin == 0 && p.horizonMin == 0)
        return;
    p.horizonMin = horizonMin;
    p.values = std::move(perEntity);
    Q_EMIT symbolPredictionChanged(kind);
}

void MapData::clearFloodField()
{
    setFloodField({});
}

} // namespace cityops::ui
