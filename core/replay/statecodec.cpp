#include "replay/statecodec.h"

#include "alarms/alarmengine.h"
#include "state/livestate.h"

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace cityops::core {

// LiveState and AlarmEngine keep the state a snapshot needs private and have no save/restore API yet
// (core/state and core/alarms belong to other areas). Until they do, this file, and only this file,
// reaches their members through the explicit-instantiation rule ([temp.spec.general]/6: access is not
// checked for names in an explicit instantiation). Replace with the classes' own save/restore when
// they gain one; nothing else depends on how the members are reached.
namespace {

template <class Tag, auto Member>
struct Reach {
    friend constexpr auto member(Tag) { return Member; }
};

#define CITYOPS_REACH(Name, Class, Field)                                  \
    struct Name {                                                          \
        friend constexpr auto member(Name);                                \
    };                                                                     \
    template struct Reach<Name, &Class::Field>;

CITYOPS_REACH(LsEntities, LiveState, m_entities)
CITYOPS_REACH(LsIncidents, LiveState, m_incidents)
CITYOPS_REACH(LsWindow, LiveState, m_window)
CITYOPS_REACH(LsWindowHead, LiveState, m_windowHead)
CITYOPS_REACH(LsWindowCount, LiveState, m_windowCount)
CITYOPS_REACH(AeNormal, AlarmEngine, m_normal)
CITYOPS_REACH(AeConditions, AlarmEngine, m_conditions)
CITYOPS_REACH(AeAlarms, AlarmEngine, m_alarms)
CITYOPS_REACH(AeNextId, AlarmEngine, m_nextId)
CITYOPS_REACH(AeForecast, AlarmEngine, m_forecast)
CITYOPS_REACH(AeForecastBasis, AlarmEngine, m_forecastBasisNs)
#undef CITYOPS_REACH

template <class Tag, class Object>
auto &field(Object &object)
{
    return object.*member(Tag{});
}

constexpr std::uint32_t kMagic = 0x54535943; // "CYST"

class Writer {
public:
    template <class T>
    void put(T v)
    {
        static_assert(std::is_trivially_copyable_v<T>);
        char bytes[sizeof(T)];
        std::memcpy(bytes, &v, sizeof(T));
        m_out.append(bytes, sizeof(T));
    }
    void putString(const std::string &s)
    {
        put(static_cast<std::uint32_t>(s.size()));
        m_out.append(s);
    }
    void putRaw(const void *data, std::size_t size) { m_out.append(static_cast<const char *>(data), size); }
    std::string take() { return std::move(m_out); }
    void reserve(std::size_t n) { m_out.reserve(n); }

private:
    std::string m_out;
};

class Reader {
public:
    explicit Reader(std::string_view in) : m_in(in) {}
    template <class T>
    bool get(T &v)
    {
        if (m_in.size() - m_pos < sizeof(T))
            return false;
        std::memcpy(&v, m_in.data() + m_pos, sizeof(T));
        m_pos += sizeof(T);
        return true;
    }
    bool getString(std::string &s)
    {
        std::uint32_t n = 0;
        if (!get(n) || m_in.size() - m_pos < n)
            return false;
        s.assign(m_in.data() + m_pos, n);
        m_pos += n;
        return true;
    }
    bool getRaw(void *data, std::size_t size)
    {
        if (m_in.size() - m_pos < size)
            return false;
        std::memcpy(data, m_in.data() + m_pos, size);
        m_pos += size;
        return true;
    }
    bool atEnd() const { return m_pos == m_in.size(); }

private:
    std::string_view m_in;
    std::size_t m_pos = 0;
};

} // namespace

std::string StateCodec::serialize(const LiveState &state, const AlarmEngine &alarms, std::int64_t nextAlarmNs)
{
    const CityModel &model = state.model();
    const auto &entities = field<LsEntities>(state);
    const auto &incidents = field<LsIncidents>(state);
    const auto &normal = field<AeNormal>(alarms);
    const auto &conditions = field<AeConditions>(alarms);
    const auto &list = field<AeAlarms>(alarms);

    Writer w;
    w.reserve(entities.size() * 48 + model.count(EntityKind::Link) * 96 + 4096);
    w.put(kMagic);
    w.put(kFormat);
    w.put(nextAlarmNs);
    w.put(static_cast<std::uint32_t>(entities.size()));
    for (const EntityState &e : entities) {
        w.put(e.timeNs);
        w.put(e.fieldMask);
        w.put(e.readings);
        for (int f = 0; f < kMaxReadingFields; ++f)
            if (e.has(f))
                w.put(e.values[f]);
    }
    // Incidents in a canonical order: two that start at the same time may have arrived in either order.
    std::vector<IncidentState> sorted(incidents.begin(), incidents.end());
    std::sort(sorted.begin(), sorted.end(), [](const IncidentState &a, const IncidentState &b) {
        return a.link != b.link ? a.link < b.link : a.kindCode < b.kindCode;
    });
    w.put(static_cast<std::uint32_t>(sorted.size()));
    for (const IncidentState &i : sorted) {
        w.put(i.link);
        w.put(i.kindCode);
        w.put(static_cast<std::int32_t>(i.severity));
        w.put(static_cast<std::int32_t>(i.lanesBlocked));
        w.put(i.timeNs);
    }
    w.put(static_cast<std::uint64_t>(field<AeNextId>(alarms)));
    w.put(static_cast<std::uint32_t>(list.size()));
    for (const Alarm &a : list) {
        w.put(a.id);
        w.put(static_cast<std::uint8_t>(a.kind));
        w.put(a.entity);
        w.put(static_cast<std::uint8_t>(a.severity));
        w.put(static_cast<std::uint8_t>(a.state));
        w.put(a.raisedNs);
        w.put(a.clearedNs);
        w.put(a.acknowledgedNs);
        w.putString(a.acknowledgedBy);
        w.put(a.value);
        w.put(a.threshold);
    }
    // Hysteresis: only the conditions with a streak or an open alarm (nearly all are idle).
    std::uint32_t busy = 0;
    for (const auto &c : conditions)
        busy += (c.streak != 0 || c.openId != 0) ? 1 : 0;
    w.put(static_cast<std::uint32_t>(conditions.size()));
    w.put(busy);
    for (std::size_t k = 0; k < conditions.size(); ++k) {
        const auto &c = conditions[k];
        if (c.streak == 0 && c.openId == 0)
            continue;
        w.put(static_cast<std::uint32_t>(k));
        w.put(static_cast<std::int8_t>(c.streak));
        w.put(static_cast<std::uint64_t>(c.openId));
    }
    // Learned normals: speed and occupancy by hour, per link (the other kinds never learn).
    constexpr std::size_t kPer = AlarmEngine::kNormalsPerEntity;
    w.put(static_cast<std::uint32_t>(normal.size()));
    for (std::uint32_t e = 0; e < model.size() && (e + 1) * kPer <= normal.size(); ++e)
        if (model.entity(e).kind == EntityKind::Link)
            w.putRaw(normal.data() + e * kPer, kPer * sizeof(float));
    // The latest flood forecast (format 3): the flood-forecast alarms follow it until the next one.
    const auto &forecast = field<AeForecast>(alarms);
    w.put(static_cast<std::int64_t>(field<AeForecastBasis>(alarms)));
    w.put(static_cast<std::uint32_t>(forecast.size()));
    for (const RoadFloodAlarmInput &road : forecast) {
        w.put(road.entity);
        w.put(road.impassableNs);
        w.put(road.dangerousNs);
        w.put(road.maxDepthM);
    }
    return w.take();
}

bool StateCodec::restore(std::string_view blob, LiveState &state, AlarmEngine &alarms, std::int64_t &nextAlarmNs,
                         std::string &error)
{
    const CityModel &model = state.model();
    Reader r(blob);
    auto bad = [&](const char *what) {
        error = std::string("the state snapshot is damaged (") + what + ")";
        return false;
    };
    std::uint32_t magic = 0, format = 0, count = 0;
    std::int64_t grid = 0;
    if (!r.get(magic) || magic != kMagic)
        return bad("not a state snapshot");
    if (!r.get(format) || format < kOldestFormat || format > kFormat) {
        error = "the state snapshot has format " + std::to_string(format) + "; this build reads formats " +
                std::to_string(kOldestFormat) + " to " + std::to_string(kFormat);
        return false;
    }
    // Format 2 knew the first 7 alarm kinds (up to Incident), conditions stored entity by entity.
    const std::size_t blobKinds = format >= 3 ? static_cast<std::size_t>(kAlarmKindCount) : 7;
    if (!r.get(grid) || !r.get(count))
        return bad("header");
    if (count != model.size())
        return bad("it was taken for a different city model");
    std::vector<EntityState> entities(count);
    for (EntityState &e : entities) {
        if (!r.get(e.timeNs) || !r.get(e.fieldMask) || !r.get(e.readings) || e.fieldMask >= (1u << kMaxReadingFields))
            return bad("entities");
        for (int f = 0; f < kMaxReadingFields; ++f)
            if (e.has(f) && !r.get(e.values[f]))
                return bad("entity values");
    }
    if (!r.get(count) || count > model.size() * 8)
        return bad("incidents");
    std::vector<IncidentState> incidents(count);
    for (IncidentState &i : incidents) {
        std::int32_t severity = 0, lanes = 0;
        if (!r.get(i.link) || !r.get(i.kindCode) || !r.get(severity) || !r.get(lanes) || !r.get(i.timeNs) ||
            i.link >= model.size())
            return bad("incident");
        i.severity = severity;
        i.lanesBlocked = lanes;
    }
    std::uint64_t nextId = 0;
    if (!r.get(nextId) || !r.get(count) || count > 10'000'000)
        return bad("alarms");
    std::vector<Alarm> list(count);
    for (Alarm &a : list) {
        std::uint8_t kind = 0, severity = 0, st = 0;
        if (!r.get(a.id) || !r.get(kind) || !r.get(a.entity) || !r.get(severity) || !r.get(st) || !r.get(a.raisedNs) ||
            !r.get(a.clearedNs) || !r.get(a.acknowledgedNs) || !r.getString(a.acknowledgedBy) || !r.get(a.value) ||
            !r.get(a.threshold) || kind >= blobKinds || alarmKindName(static_cast<AlarmKind>(kind)) == "unknown" || severity < 1 ||
            severity > 3 || st > static_cast<std::uint8_t>(AlarmState::Cleared) || a.entity >= model.size())
            return bad("alarm");
        a.kind = static_cast<AlarmKind>(kind);
        a.severity = static_cast<AlarmSeverity>(severity);
        a.state = static_cast<AlarmState>(st);
    }
    // The engine finds alarms by id with a binary search: they are kept in raising order.
    if (std::adjacent_find(list.begin(), list.end(), [](const Alarm &a, const Alarm &b) { return a.id >= b.id; }) != list.end()
        || (!list.empty() && list.back().id >= nextId))
        return bad("alarm order");
    auto conditions = field<AeConditions>(alarms); // a copy of the right type and size
    std::uint32_t conditionCount = 0, busy = 0;
    if (!r.get(conditionCount) || !r.get(busy) || busy > conditionCount)
        return bad("conditions");
    if (conditionCount != model.size() * blobKinds || conditions.size() != model.size() * kAlarmKindCount) {
        error = "the state snapshot was taken by a CityOps with other alarm kinds; replay it from the start";
        return false;
    }
    for (auto &c : conditions)
        c = {};
    for (std::uint32_t k = 0; k < busy; ++k) {
        std::uint32_t index = 0;
        std::int8_t streak = 0;
        std::uint64_t openId = 0;
        if (!r.get(index) || !r.get(streak) || !r.get(openId) || index >= conditionCount)
            return bad("condition");
        // Per entity, then kind: an older blob's index moves to this build's layout (new kinds at the end).
        const std::size_t at = index / blobKinds * static_cast<std::size_t>(kAlarmKindCount) + index % blobKinds;
        conditions[at].streak = streak;
        conditions[at].openId = openId;
    }
    auto normal = field<AeNormal>(alarms);
    std::uint32_t normalCount = 0;
    if (!r.get(normalCount) || normalCount != normal.size())
        return bad("normals");
    for (std::uint32_t e = 0; e < model.size() && (e + 1) * AlarmEngine::kNormalsPerEntity <= normal.size(); ++e)
        if (model.entity(e).kind == EntityKind::Link
            && !r.getRaw(normal.data() + e * AlarmEngine::kNormalsPerEntity, AlarmEngine::kNormalsPerEntity * sizeof(float)))
            return bad("normals");
    std::int64_t forecastBasis = 0;
    std::vector<RoadFloodAlarmInput> forecast;
    if (format >= 3) {
        std::uint32_t roads = 0;
        if (!r.get(forecastBasis) || !r.get(roads) || roads > model.size())
            return bad("flood forecast");
        forecast.resize(roads);
        for (RoadFloodAlarmInput &road : forecast)
            if (!r.get(road.entity) || !r.get(road.impassableNs) || !r.get(road.dangerousNs) || !r.get(road.maxDepthM) ||
                road.entity >= model.size())
                return bad("flood forecast road");
        // The alarm engine keeps one entry per road, by entity (it looks roads up by bisection).
        if (std::adjacent_find(forecast.begin(), forecast.end(), [](const RoadFloodAlarmInput &a, const RoadFloodAlarmInput &b) {
                return a.entity >= b.entity;
            }) != forecast.end())
            return bad("flood forecast order");
    }
    if (!r.atEnd())
        return bad("trailing bytes");

    // Everything parsed: commit.
    field<LsEntities>(state) = std::move(entities);
    field<LsIncidents>(state) = std::move(incidents);
    field<AeNextId>(alarms) = nextId;
    field<AeAlarms>(alarms) = std::move(list);
    field<AeConditions>(alarms) = std::move(conditions);
    field<AeNormal>(alarms) = std::move(normal);
    field<AeForecast>(alarms) = std::move(forecast);
    field<AeForecastBasis>(alarms) = forecastBasis;
    nextAlarmNs = grid;
    clearWindows(state);
    return true;
}

std::uint64_t StateCodec::hashBytes(std::string_view bytes)
{
    // 64-bit multiply-rotate over 8-byte words: fast (the engine hashes its state every engine minute)
    // and stable across runs and machines (little-endian words, fixed constants).
    constexpr std::uint64_t k1 = 0x9E3779B185EBCA87ULL, k2 = 0xC2B2AE3D27D4EB4FULL;
    std::uint64_t h = 0x27D4EB2F165667C5ULL ^ (bytes.size() * k1);
    std::size_t k = 0;
    for (; k + 8 <= bytes.size(); k += 8) {
        std::uint64_t w;
        std::memcpy(&w, bytes.data() + k, 8);
        h ^= w * k2;
        h = ((h << 31) | (h >> 33)) * k1;
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, bytes.data() + k, bytes.size() - k);
    h ^= tail * k2;
    h ^= h >> 33;
    h *= 0xFF51AFD7ED558CCDULL;
    h ^= h >> 33;
    h *= 0xC4CEB9FE1A85EC53ULL;
    h ^= h >> 33;
    return h;
}

std::uint64_t StateCodec::hash(const LiveState &state, const AlarmEngine &alarms, std::int64_t nextAlarmNs)
{
    return hashBytes(serialize(state, alarms, nextAlarmNs));
}

void StateCodec::clearWindows(LiveState &state)
{
    auto &head = field<LsWindowHead>(state);
    auto &count = field<LsWindowCount>(state);
    std::fill(head.begin(), head.end(), 0u);
    std::fill(count.begin(), count.end(), 0u);
}

void StateCodec::pushWindow(LiveState &state, const Reading &r)
{
    if (!r.has(0) || r.measurement == Measurement::Incident || r.entity >= state.model().size())
        return;
    auto &window = field<LsWindow>(state);
    auto &head = field<LsWindowHead>(state);
    auto &count = field<LsWindowCount>(state);
    const std::size_t base = static_cast<std::size_t>(r.entity) * LiveState::kWindowSize;
    window[base + head[r.entity]] = {r.timeNs, r.values[0]};
    head[r.entity] = static_cast<std::uint32_t>((head[r.entity] + 1) % LiveState::kWindowSize);
    count[r.entity] = std::min<std::uint32_t>(count[r.entity] + 1, LiveState::kWindowSize);
}

} // namespace cityops::core
