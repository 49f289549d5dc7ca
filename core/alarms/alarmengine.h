// AlarmEngine: rules that raise alarms from the live state, clear them with hysteresis (so an alarm does
// not flap), and take operators' acknowledgements. Every change is returned as an Event for the
// recorder, so the audit trail and a replay see exactly what operators saw.
//
// Rules (thresholds in AlarmRules):
// - slow traffic: a link's speed far below its normal for the hour of day (learned per link and hour);
// - suspected incident: a link anomalous against its normal (speed below half of it, or occupancy 0.10
//   above it and at least twice it: the queue behind a blockage) while every link its traffic moves on to
//   flows normally: the queue starts here (a blockage), not further down the road (spillback). The same
//   test as the IncidentDetector's (core/predict), on the normals this engine learns and keeps in its state;
// - car park full: occupancy above 95 %;
// - water level above the station's warning level (on underpass and tunnel stations: water on the road);
// - service wait above its target (expected wait from the queue and open counters);
// - stale sensor: silent for three expected intervals.
// A condition must hold for `confirmEvaluations` evaluations to raise, and its release must hold as long
// to clear.
// - flood forecast (issue 9): a road link the latest posted flood prediction (setFloodForecast) expects
//   to become impassable within `floodLeadMin` (or already is). Raised at once, without the confirm
//   streak (the prediction is already a considered judgment, made elsewhere); cleared only when a newer
//   prediction no longer lists the road. Deliberately that simple: the prediction decides, not this rule.
//
// Threading: owned by the engine's io thread; evaluate() runs on engine time only (never wall time), so a
// replay evaluates identically.
#pragma once

#include "alarms/alarm.h"
#include "model/citymodel.h"
#include "state/livestate.h"
#include "store/recorder.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace cityops::core {

struct AlarmRules {
    double slowRaiseRatio = 0.5;     ///< speed / normal below this raises
    double slowClearRatio = 0.7;     ///< ... above this clears
    double slowCriticalRatio = 0.25;
    double normalLearningRate = 0.05; ///< EWMA of the hour-of-day normal
    double incidentOccupancyRise = 0.10; ///< occupancy this far above its normal (and twice it) is anomalous
    double parkingRaise = 0.95, parkingClear = 0.90;
    double waterClearFraction = 0.9;  ///< clears below this fraction of the warning level
    double waterCriticalFactor = 1.5;
    /// Road sites (underpass, tunnel): standing water depth that raises, clears, and is critical.
    double pondingRaiseM = 0.15, pondingClearM = 0.10, pondingCriticalM = 0.30;
    double serviceTargetMin = 20.0, serviceClearFraction = 0.8, serviceMinutesPerCustomer = 6.0;
    double floodLeadMin = 120.0;      ///< a forecast crossing this close (minutes) raises
    double floodThresholdM = 0.15;    ///< the depth the forecast crossing is about (Alarm::threshold)
    bool staleAlarms = true;
    int confirmEvaluations = 3;
    std::int64_t utcOffsetS = 8 * 3600;
    std::size_t keepCleared = 500;    ///< cleared alarms kept for display
};

class AlarmEngine {
public:
    AlarmEngine(std::shared_ptr<const CityModel> model, AlarmRules rules = {});

    /// Feeds a reading to the learned normals (call for every accepted traffic reading).
    void learn(const Reading &reading);
    /// Evaluates every rule at engine time `nowNs`; appends the events of raised/cleared alarms.
    void evaluate(const LiveState &state, std::int64_t nowNs, std::vector<Event> &events);
    /// Acknowledges an active alarm; false if it is unknown or not active.
    bool acknowledge(std::uint64_t id, const std::string &user, std::int64_t nowNs, std::vector<Event> &events);

    /// Replaces the flood forecast wholly (the latest prediction, made at `basisNs`); the flood-forecast
    /// rule reads it at the next evaluate(). Roads that are not links of the model, or without a crossing
    /// time, are dropped; one road listed twice keeps its earliest crossing. Kept sorted by entity.
    void setFloodForecast(std::int64_t basisNs, std::vector<RoadFloodAlarmInput> roads);
    const std::vector<RoadFloodAlarmInput> &floodForecast() const { return m_forecast; }
    std::int64_t floodForecastBasisNs() const { return m_forecastBasisNs; }

    /// Active and acknowledged alarms, then the most recent cleared ones.
    const std::vector<Alarm> &alarms() const { return m_alarms; }
    std::size_t openCount() const;
    double normalSpeed(std::uint32_t link, std::int64_t timeNs) const;
    double normalOccupancy(std::uint32_t link, std::int64_t timeNs) const;
    /// Learned values per entity: 24 hourly speeds, then 24 hourly occupancies (links only).
    static constexpr std::size_t kNormalsPerEntity = 48;

private:
    friend class StateCodec; // core/replay: serializes the state for seeking and verification
    struct Condition {
        std::int8_t streak = 0;  ///< consecutive evaluations in the raise (>0) or clear (<0) state
        std::uint64_t openId = 0; ///< id of the open (active or acknowledged) alarm, 0 if none
    };
    void check(AlarmKind kind, std::uint32_t entity, bool raise, bool clear, AlarmSeverity severity, double value,
               double threshold, std::int64_t nowNs, std::vector<Event> &events);
    /// `crossingNs`: a flood-forecast alarm's predicted crossing time, added to the payload (0: none).
    Event eventFor(const Alarm &alarm, std::string kind, std::int64_t timeNs, std::string actor,
                   std::int64_t crossingNs = 0, std::int64_t dangerousNs = 0) const;
    void evaluateFloodForecast(std::int64_t nowNs, std::vector<Event> &events);
    int hourOf(std::int64_t timeNs) const;
    void pruneCleared();
    /// The alarm with `id`, or null (pruned). The list is in raising order, so ids ascend.
    Alarm *findAlarm(std::uint64_t id);

    std::shared_ptr<const CityModel> m_model;
    AlarmRules m_rules;
    std::vector<float> m_normal;                 ///< kNormalsPerEntity per entity (links only used)
    std::vector<Condition> m_conditions;         ///< per entity and kind
    std::vector<std::uint32_t> m_downStart, m_down; ///< CSR: links the traffic of each entity moves on to
    std::vector<std::uint8_t> m_anomalous;       ///< per entity, this evaluation: a fresh link anomalous against its normals
    std::vector<Alarm> m_alarms;
    std::uint64_t m_nextId = 1;
    std::vector<RoadFloodAlarmInput> m_forecast; ///< the latest flood prediction, by entity
    std::int64_t m_forecastBasisNs = 0;
};

/// The payload of a "flood.forecast" event: compact JSON, parallel arrays of numbers (a prediction can
/// list a thousand roads): {"basis_ns":B,"entity":[..],"impassable_s":[..],"dangerous_after_s":[..],
/// "max_depth_m":[..]}, times in whole seconds after the basis (dangerous: after the impassable crossing,
/// -1 if not predicted), depths in millimetres. The engine applies what it parses back from this text,
/// live and in a replay alike, so both see exactly the same (rounded) forecast.
std::string floodForecastPayload(std::int64_t basisNs, const std::vector<RoadFloodAlarmInput> &roads);
/// Drops the roads the alarm rule cannot take: not a road link of `model`, or no crossing time.
void dropInvalidFloodInput(const CityModel &model, std::vector<RoadFloodAlarmInput> &roads);
/// Parses a payload written by floodForecastPayload; false if it is not one.
bool parseFloodForecastPayload(std::string_view payload, std::int64_t &basisNs, std::vector<RoadFloodAlarmInput> &roads);

} // namespace cityops::core
