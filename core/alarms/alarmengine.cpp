#include "alarms/alarmengine.h"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>

namespace cityops::core {

namespace {
constexpr int kKinds = kAlarmKindCount;
}

std::string_view alarmKindName(AlarmKind kind)
{
    switch (kind) {
    case AlarmKind::SlowTraffic: return "slow_traffic";
    case AlarmKind::ParkingFull: return "parking_full";
    case AlarmKind::WaterLevel: return "water_level";
    case AlarmKind::ServiceWait: return "service_wait";
    case AlarmKind::StaleSensor: return "stale_sensor";
    case AlarmKind::Ponding: return "ponding";
    case AlarmKind::Incident: return "incident";
    case AlarmKind::FloodForecast: return "flood_forecast";
    }
    return "unknown";
}

std::string_view alarmStateName(AlarmState state)
{
    switch (state) {
    case AlarmState::Active: return "active";
    case AlarmState::Acknowledged: return "acknowledged";
    case AlarmState::Cleared: return "cleared";
    }
    return "unknown";
}

AlarmEngine::AlarmEngine(std::shared_ptr<const CityModel> model, AlarmRules rules)
    : m_model(std::move(model)), m_rules(rules), m_normal(m_model->size() * kNormalsPerEntity, 0.0f),
      m_conditions(m_model->size() * kKinds)
{
    // Until it has learned, a link's normal is 85 % of its speed limit at every hour.
    for (std::uint32_t e = 0; e < m_model->size(); ++e)
        if (m_model->entity(e).kind == EntityKind::Link) {
            std::fill_n(m_normal.begin() + e * kNormalsPerEntity, 24, static_cast<float>(0.85 * m_model->entity(e).speedLimitKmh));
            std::fill_n(m_normal.begin() + e * kNormalsPerEntity + 24, 24, 0.1f); // a lightly used road
        }
    // Where each link's traffic goes next: the links leaving its end node, the way back excepted.
    std::unordered_map<std::string_view, std::vector<std::uint32_t>> leaving;
    for (std::uint32_t e = 0; e < m_model->size(); ++e)
        if (const Entity &ent = m_model->entity(e); ent.kind == EntityKind::Link && !ent.fromNode.empty())
            leaving[ent.fromNode].push_back(e);
    m_downStart.assign(m_model->size() + 1, 0);
    for (std::uint32_t e = 0; e < m_model->size(); ++e) {
        const Entity &ent = m_model->entity(e);
        if (ent.kind == EntityKind::Link && !ent.toNode.empty())
            if (auto it = leaving.find(ent.toNode); it != leaving.end())
                for (std::uint32_t next : it->second)
                    if (m_model->entity(next).toNode != ent.fromNode)
                        m_down.push_back(next);
        m_downStart[e + 1] = static_cast<std::uint32_t>(m_down.size());
    }
    m_anomalous.assign(m_model->size(), 0);
}

int AlarmEngine::hourOf(std::int64_t timeNs) const
{
    const std::int64_t day = 86'400'000'000'000LL;
    std::int64_t local = (timeNs + m_rules.utcOffsetS * 1'000'000'000LL) % day;
    if (local < 0)
        local += day;
    return static_cast<int>(local / 3'600'000'000'000LL);
}

void AlarmEngine::learn(const Reading &r)
{
    if (r.measurement != Measurement::Traffic || !r.has(0))
        return;
    const std::size_t at = r.entity * kNormalsPerEntity + static_cast<std::size_t>(hourOf(r.timeNs));
    float &normal = m_normal[at];
    normal += static_cast<float>(m_rules.normalLearningRate * (r.values[0] - normal));
    if (r.has(2)) {
        float &occupancy = m_normal[at + 24];
        occupancy += static_cast<float>(m_rules.normalLearningRate * (r.values[2] - occupancy));
    }
}

double AlarmEngine::normalSpeed(std::uint32_t link, std::int64_t timeNs) const
{
    return m_normal[link * kNormalsPerEntity + static_cast<std::size_t>(hourOf(timeNs))];
}

double AlarmEngine::normalOccupancy(std::uint32_t link, std::int64_t timeNs) const
{
    return m_normal[link * kNormalsPerEntity + 24 + static_cast<std::size_t>(hourOf(timeNs))];
}

std::size_t AlarmEngine::openCount() const
{
    return static_cast<std::size_t>(std::count_if(m_alarms.begin(), m_alarms.end(),
                                                   [](const Alarm &a) { return a.state != AlarmState::Cleared; }));
}

Event AlarmEngine::eventFor(const Alarm &a, std::string kind, std::int64_t timeNs, std::string actor,
                            std::int64_t crossingNs, std::int64_t dangerousNs) const
{
    char payload[320];
    int n = std::snprintf(payload, sizeof payload, R"({"alarm":%llu,"kind":"%s","entity":"%s","value":%.6g,"threshold":%.6g)",
                          static_cast<unsigned long long>(a.id), std::string(alarmKindName(a.kind)).c_str(),
                          m_model->entity(a.entity).id.c_str(), a.value, a.threshold);
    n = std::clamp(n, 0, static_cast<int>(sizeof payload) - 1);
    // A forecast alarm says when the crossing is expected, so the recording (and its CSV) has the lead time.
    if (crossingNs != 0)
        n += std::snprintf(payload + n, sizeof payload - static_cast<std::size_t>(n), R"(,"crossing_ns":%lld)",
                           static_cast<long long>(crossingNs));
    n = std::clamp(n, 0, static_cast<int>(sizeof payload) - 1);
    if (dangerousNs != 0)
        n += std::snprintf(payload + n, sizeof payload - static_cast<std::size_t>(n), R"(,"dangerous_ns":%lld)",
                           static_cast<long long>(dangerousNs));
    n = std::clamp(n, 0, static_cast<int>(sizeof payload) - 2);
    payload[n] = '}';
    payload[n + 1] = '\0';
    return Event{timeNs, std::move(kind), a.entity, static_cast<int>(a.severity), std::move(actor), payload};
}

void AlarmEngine::check(AlarmKind kind, std::uint32_t entity, bool raise, bool clear, AlarmSeverity severity,
                        double value, double threshold, std::int64_t nowNs, std::vector<Event> &events)
{
    Condition &c = m_conditions[entity * kKinds + static_cast<std::size_t>(kind)];
    if (c.openId == 0) {
        c.streak = raise ? static_cast<std::int8_t>(std::min(c.streak + 1, 100)) : 0;
        if (c.streak < m_rules.confirmEvaluations)
            return;
        Alarm a;
        a.id = m_nextId++;
        a.kind = kind;
        a.entity = entity;
        a.severity = severity;
        a.raisedNs = nowNs;
        a.value = value;
        a.threshold = threshold;
        m_alarms.push_back(a);
        c.openId = a.id;
        c.streak = 0;
        events.push_back(eventFor(a, "alarm.raised", nowNs, "engine"));
        return;
    }
    Alarm *it = findAlarm(c.openId);
    if (!it) { // pruned: cannot happen for open alarms, but never dangle
        c = {};
        return;
    }
    it->value = value;
    if (severity > it->severity)
        it->severity = severity; // escalate, never de-escalate while open
    c.streak = clear ? static_cast<std::int8_t>(std::min(c.streak + 1, 100)) : 0;
    if (c.streak < m_rules.confirmEvaluations)
        return;
    it->state = AlarmState::Cleared;
    it->clearedNs = nowNs;
    events.push_back(eventFor(*it, "alarm.cleared", nowNs, "engine"));
    c = {};
}

void AlarmEngine::evaluate(const LiveState &state, std::int64_t nowNs, std::vector<Event> &events)
{
    const CityModel &model = *m_model;
    // First every link's verdict, which the incident rule reads for the links downstream.
    for (std::uint32_t e = 0; e < model.size(); ++e) {
        const EntityState &s = state.entity(e);
        if (model.entity(e).kind != EntityKind::Link || !s.has(0) || state.freshness(e, nowNs) != Freshness::Fresh) {
            m_anomalous[e] = 0;
            continue;
        }
        const double occupancyNormal = normalOccupancy(e, nowNs);
        const bool queued = s.has(2) && s.values[2] > occupancyNormal + m_rules.incidentOccupancyRise
            && s.values[2] > 2.0 * occupancyNormal;
        m_anomalous[e] = queued || s.values[0] < m_rules.slowRaiseRatio * std::max(5.0, normalSpeed(e, nowNs));
    }
    for (std::uint32_t e = 0; e < model.size(); ++e) {
        const Entity &ent = model.entity(e);
        const EntityState &s = state.entity(e);
        const Freshness fresh = state.freshness(e, nowNs);
        if (m_rules.staleAlarms)
            check(AlarmKind::StaleSensor, e, fresh == Freshness::Stale, fresh == Freshness::Fresh, AlarmSeverity::Info,
                  static_cast<double>(nowNs - s.timeNs) / 1e9, 3.0 * ent.expectedIntervalS, nowNs, events);
        if (fresh != Freshness::Fresh)
            continue; // no verdict on old data; an open alarm keeps its state until data returns
        switch (ent.kind) {
        case EntityKind::Link:
            if (s.has(0)) {
                const double normal = std::max(5.0, normalSpeed(e, nowNs));
                const double ratio = s.values[0] / normal;
                check(AlarmKind::SlowTraffic, e, ratio < m_rules.slowRaiseRatio, ratio > m_rules.slowClearRatio,
                      ratio < m_rules.slowCriticalRatio ? AlarmSeverity::Critical : AlarmSeverity::Warning, s.values[0],
                      m_rules.slowRaiseRatio * normal, nowNs, events);
                // A suspected incident: slow here while the traffic flows on every link downstream (one must
                // exist, and all must be reporting: an unseen link downstream could be the real bottleneck).
                bool downstreamFlows = m_downStart[e + 1] > m_downStart[e];
                for (std::uint32_t k = m_downStart[e]; k < m_downStart[e + 1] && downstreamFlows; ++k) {
                    const std::uint32_t d = m_down[k];
                    downstreamFlows = !m_anomalous[d] && state.entity(d).has(0) && state.freshness(d, nowNs) == Freshness::Fresh;
                }
                const bool unqueued = !s.has(2) || s.values[2] < normalOccupancy(e, nowNs) + m_rules.incidentOccupancyRise / 2;
                check(AlarmKind::Incident, e, m_anomalous[e] && downstreamFlows, ratio > m_rules.slowClearRatio && unqueued,
                      AlarmSeverity::Critical, s.values[0], m_rules.slowRaiseRatio * normal, nowNs, events);
            }
            break;
        case EntityKind::Parking:
            if (s.has(0)) {
                const double capacity = s.has(1) ? s.values[1] : ent.capacity;
                const double share = capacity > 0 ? s.values[0] / capacity : 0.0;
                check(AlarmKind::ParkingFull, e, share > m_rules.parkingRaise, share < m_rules.parkingClear,
                      AlarmSeverity::Info, share, m_rules.parkingRaise, nowNs, events);
            }
            break;
        case EntityKind::WaterStation:
            if (s.has(0) && (ent.category == "underpass" || ent.category == "tunnel")) {
                // Standing water on a road: impassable for cars above 0.15 m, dangerous above 0.3 m.
                const double depth = s.values[0];
                check(AlarmKind::Ponding, e, depth > m_rules.pondingRaiseM, depth < m_rules.pondingClearM,
                      depth > m_rules.pondingCriticalM ? AlarmSeverity::Critical : AlarmSeverity::Warning, depth,
                      m_rules.pondingRaiseM, nowNs, events);
            } else if (s.has(0) && ent.warningLevelM > 0) {
                const double level = s.values[0];
                check(AlarmKind::WaterLevel, e, level > ent.warningLevelM, level < m_rules.waterClearFraction * ent.warningLevelM,
                      level > m_rules.waterCriticalFactor * ent.warningLevelM ? AlarmSeverity::Critical : AlarmSeverity::Warning,
                      level, ent.warningLevelM, nowNs, events);
            }
            break;
        case EntityKind::ServiceCenter:
            if (s.has(0) && s.has(3)) {
                const double counters = std::max(1.0, s.values[3]);
                const double waitMin = s.values[0] * m_rules.serviceMinutesPerCustomer / counters;
                check(AlarmKind::ServiceWait, e, waitMin > m_rules.serviceTargetMin,
                      waitMin < m_rules.serviceClearFraction * m_rules.serviceTargetMin,
                      waitMin > 2 * m_rules.serviceTargetMin ? AlarmSeverity::Critical : AlarmSeverity::Warning, waitMin,
                      m_rules.serviceTargetMin, nowNs, events);
            }
            break;
        default:
            break;
        }
    }
    evaluateFloodForecast(nowNs, events);
    pruneCleared();
}

void AlarmEngine::setFloodForecast(std::int64_t basisNs, std::vector<RoadFloodAlarmInput> roads)
{
    dropInvalidFloodInput(*m_model, roads);
    // By entity (the order alarms come out in), the earliest crossing first; then one entry per road.
    std::sort(roads.begin(), roads.end(), [](const RoadFloodAlarmInput &a, const RoadFloodAlarmInput &b) {
        return a.entity != b.entity ? a.entity < b.entity : a.impassableNs < b.impassableNs;
    });
    roads.erase(std::unique(roads.begin(), roads.end(),
                            [](const RoadFloodAlarmInput &a, const RoadFloodAlarmInput &b) { return a.entity == b.entity; }),
                roads.end());
    m_forecast = std::move(roads);
    m_forecastBasisNs = basisNs;
}

void AlarmEngine::evaluateFloodForecast(std::int64_t nowNs, std::vector<Event> &events)
{
    const double leadNs = m_rules.floodLeadMin * 60e9;
    for (const RoadFloodAlarmInput &road : m_forecast) {
        Condition &c = m_conditions[road.entity * kKinds + static_cast<std::size_t>(AlarmKind::FloodForecast)];
        const double minutes = std::max(0.0, static_cast<double>(road.impassableNs - nowNs) / 60e9);
        const AlarmSeverity severity = road.dangerousNs > 0 ? AlarmSeverity::Critical : AlarmSeverity::Warning;
        if (Alarm *open = c.openId == 0 ? nullptr : findAlarm(c.openId)) {
            open->value = minutes; // counts down with engine time; 0 once the crossing has passed
            if (severity > open->severity)
                open->severity = severity; // escalate, never de-escalate while open (as every rule)
            continue;
        }
        c = {};
        if (static_cast<double>(road.impassableNs - nowNs) > leadNs)
            continue;
        Alarm a;
        a.id = m_nextId++;
        a.kind = AlarmKind::FloodForecast;
        a.entity = road.entity;
        a.severity = severity;
        a.raisedNs = nowNs;
        a.value = minutes;
        a.threshold = m_rules.floodThresholdM;
        m_alarms.push_back(a);
        c.openId = a.id;
        events.push_back(eventFor(a, "alarm.raised", nowNs, "engine", road.impassableNs, road.dangerousNs));
    }
    // Open forecast alarms of roads the latest prediction no longer lists clear.
    for (Alarm &a : m_alarms) {
        if (a.kind != AlarmKind::FloodForecast || a.state == AlarmState::Cleared)
            continue;
        const auto it = std::lower_bound(m_forecast.begin(), m_forecast.end(), a.entity,
                                         [](const RoadFloodAlarmInput &r, std::uint32_t e) { return r.entity < e; });
        if (it != m_forecast.end() && it->entity == a.entity)
            continue;
        a.state = AlarmState::Cleared;
        a.clearedNs = nowNs;
        events.push_back(eventFor(a, "alarm.cleared", nowNs, "engine"));
        m_conditions[a.entity * kKinds + static_cast<std::size_t>(AlarmKind::FloodForecast)] = {};
    }
}

void dropInvalidFloodInput(const CityModel &model, std::vector<RoadFloodAlarmInput> &roads)
{
    std::erase_if(roads, [&](const RoadFloodAlarmInput &r) {
        return r.entity >= model.size() || model.entity(r.entity).kind != EntityKind::Link || r.impassableNs <= 0;
    });
}

std::string floodForecastPayload(std::int64_t basisNs, const std::vector<RoadFloodAlarmInput> &roads)
{
    // Whole seconds and millimetres: a minute-step prediction has nothing finer, and 1000 roads take
    // about 20 kB.
    auto seconds = [](std::int64_t ns) { return static_cast<long long>(std::llround(static_cast<double>(ns) / 1e9)); };
    std::string entity, impassable, dangerous, depth;
    char buf[32];
    for (const RoadFloodAlarmInput &r : roads) {
        const char *sep = entity.empty() ? "" : ",";
        std::snprintf(buf, sizeof buf, "%s%u", sep, r.entity);
        entity += buf;
        std::snprintf(buf, sizeof buf, "%s%lld", sep, seconds(r.impassableNs - basisNs));
        impassable += buf;
        const long long after = r.dangerousNs > 0 ? std::max(0LL, seconds(r.dangerousNs - r.impassableNs)) : -1LL;
        std::snprintf(buf, sizeof buf, "%s%lld", sep, after);
        dangerous += buf;
        const double mm = std::isfinite(r.maxDepthM) ? std::max(0.0, static_cast<double>(r.maxDepthM) * 1000.0) : 0.0;
        std::snprintf(buf, sizeof buf, "%s%lld", sep, static_cast<long long>(std::llround(std::min(mm, 1e9))));
        depth += buf;
    }
    std::snprintf(buf, sizeof buf, "%lld", static_cast<long long>(basisNs));
    return std::string(R"({"basis_ns":)") + buf + R"(,"entity":[)" + entity + R"(],"impassable_s":[)" + impassable +
           R"(],"dangerous_after_s":[)" + dangerous + R"(],"max_depth_m":[)" + depth + "]}";
}

bool parseFloodForecastPayload(std::string_view payload, std::int64_t &basisNs, std::vector<RoadFloodAlarmInput> &roads)
{
    boost::system::error_code ec;
    const boost::json::value doc = boost::json::parse(payload, ec);
    if (ec || !doc.is_object())
        return false;
    const boost::json::object &o = doc.get_object();
    const auto *basis = o.if_contains("basis_ns");
    const auto *entity = o.if_contains("entity");
    const auto *impassable = o.if_contains("impassable_s");
    const auto *dangerous = o.if_contains("dangerous_after_s");
    const auto *depth = o.if_contains("max_depth_m");
    if (!basis || !basis->is_int64() || !entity || !entity->is_array() || !impassable || !impassable->is_array() ||
        !dangerous || !dangerous->is_array() || !depth || !depth->is_array())
        return false;
    const auto &e = entity->get_array(), &i = impassable->get_array(), &d = dangerous->get_array(), &m = depth->get_array();
    if (i.size() != e.size() || d.size() != e.size() || m.size() != e.size())
        return false;
    std::vector<RoadFloodAlarmInput> out(e.size());
    const std::int64_t b = basis->get_int64();
    constexpr std::int64_t kMaxS = 100LL * 365 * 86'400; // beyond a century is not a forecast
    for (std::size_t k = 0; k < e.size(); ++k) {
        if (!e[k].is_int64() || !i[k].is_int64() || !d[k].is_int64() || !m[k].is_int64())
            return false;
        const std::int64_t entityIndex = e[k].get_int64(), s = i[k].get_int64(), after = d[k].get_int64(), mm = m[k].get_int64();
        if (entityIndex < 0 || entityIndex > 0xFFFFFFFFLL || s < -kMaxS || s > kMaxS || after < -1 || after > kMaxS || mm < 0)
            return false;
        RoadFloodAlarmInput &r = out[k];
        r.entity = static_cast<std::uint32_t>(entityIndex);
        r.impassableNs = b + s * 1'000'000'000LL;
        r.dangerousNs = after < 0 ? 0 : r.impassableNs + after * 1'000'000'000LL;
        r.maxDepthM = static_cast<float>(static_cast<double>(mm) / 1000.0);
    }
    basisNs = b;
    roads = std::move(out);
    return true;
}

bool AlarmEngine::acknowledge(std::uint64_t id, const std::string &user, std::int64_t nowNs, std::vector<Event> &events)
{
    Alarm *it = findAlarm(id);
    if (!it || it->state != AlarmState::Active || user.empty())
        return false;
    it->state = AlarmState::Acknowledged;
    it->acknowledgedBy = user;
    it->acknowledgedNs = nowNs;
    events.push_back(eventFor(*it, "alarm.acknowledged", nowNs, user));
    return true;
}

Alarm *AlarmEngine::findAlarm(std::uint64_t id)
{
    // Linear search made each evaluation cost open alarms x all alarms: thousands squared in a storm.
    const auto it = std::lower_bound(m_alarms.begin(), m_alarms.end(), id, [](const Alarm &a, std::uint64_t v) { return a.id < v; });
    return it != m_alarms.end() && it->id == id ? &*it : nullptr;
}

void AlarmEngine::pruneCleared()
{
    const std::size_t cleared = m_alarms.size() - openCount();
    if (cleared <= m_rules.keepCleared)
        return;
    // Drop the oldest cleared alarms; open ones always stay.
    std::size_t toDrop = cleared - m_rules.keepCleared;
    std::erase_if(m_alarms, [&](const Alarm &a) {
        if (toDrop > 0 && a.state == AlarmState::Cleared) {
            --toDrop;
            return true;
        }
        return false;
    });
}

} // namespace cityops::core
