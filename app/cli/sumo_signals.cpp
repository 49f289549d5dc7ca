// See sumo_signals.h. Delay accounting (issue 8): per vehicle timeLoss + departDelay from SUMO's tripinfo
// for completed trips and, with write-unfinished, for vehicles still driving at the end; end - scheduled
// departure for vehicles that were never inserted (their schedule comes from the route files, and from
// TraCI's loaded list for vehicles the files do not name, such as random flows).
#include "sumo_signals.h"

#include "optimize/greenwave.h"
#include "optimize/tlsprogram.h"

#include <libsumo/libtraci.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <thread>
#include <unistd.h>
#include <unordered_map>
#include <unordered_set>

namespace cityops::cli {

namespace {

namespace fs = std::filesystem;
namespace lt = libtraci;
using core::PhaseDemand;

std::string readText(const fs::path &p)
{
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// Removes XML comments (route files carry generator configurations in them).
std::string stripComments(std::string text)
{
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    for (;;) {
        const std::size_t open = text.find("<!--", pos);
        if (open == std::string::npos) {
            out.append(text, pos, std::string::npos);
            break;
        }
        out.append(text, pos, open - pos);
        const std::size_t close = text.find("-->", open + 4);
        if (close == std::string::npos)
            break;
        pos = close + 3;
    }
    return out;
}

// Attributes of one start tag, text between '<name' and '>'.
std::map<std::string, std::string> attributes(std::string_view tag)
{
    std::map<std::string, std::string> a;
    std::size_t i = 0;
    while (i < tag.size()) {
        const std::size_t eq = tag.find('=', i);
        if (eq == std::string_view::npos)
            break;
        std::size_t k = eq;
        while (k > i && std::isspace(static_cast<unsigned char>(tag[k - 1])))
            --k;
        std::size_t s = k;
        while (s > i && !std::isspace(static_cast<unsigned char>(tag[s - 1])))
            --s;
        std::size_t q = eq + 1;
        while (q < tag.size() && std::isspace(static_cast<unsigned char>(tag[q])))
            ++q;
        if (q >= tag.size() || (tag[q] != '"' && tag[q] != '\''))
            break;
        const char quote = tag[q];
        const std::size_t end = tag.find(quote, q + 1);
        if (end == std::string_view::npos)
            break;
        a[std::string(tag.substr(s, k - s))] = std::string(tag.substr(q + 1, end - q - 1));
        i = end + 1;
    }
    return a;
}

// Calls f(name, attributes) for every start tag named in `names`.
template <typename F>
void forEachTag(const std::string &text, const std::set<std::string> &names, F f)
{
    std::size_t pos = 0;
    while ((pos = text.find('<', pos)) != std::string::npos) {
        std::size_t n = pos + 1;
        while (n < text.size() && (std::isalnum(static_cast<unsigned char>(text[n])) || text[n] == '-' || text[n] == '.'))
            ++n;
        const std::string name = text.substr(pos + 1, n - pos - 1);
        const std::size_t end = text.find('>', n);
        if (end == std::string::npos)
            break;
        if (names.count(name))
            f(name, attributes(std::string_view(text).substr(n, end - n)));
        pos = end + 1;
    }
}

double number(const std::map<std::string, std::string> &a, const std::string &key, double fallback)
{
    const auto it = a.find(key);
    if (it == a.end())
        return fallback;
    try {
        std::size_t used = 0;
        const double v = std::stod(it->second, &used);
        return used > 0 ? v : fallback;
    } catch (const std::exception &) {
        return fallback;
    }
}

struct Config {
    fs::path dir;
    std::vector<fs::path> routeFiles;
    double begin = 0, end = -1;
};

Config readConfig(const std::string &sumocfg, const std::string &routesOverride)
{
    Config c;
    const fs::path cfg = fs::absolute(sumocfg);
    if (!fs::is_regular_file(cfg))
        throw std::runtime_error("no such SUMO configuration: " + sumocfg);
    c.dir = cfg.parent_path();
    const std::string text = stripComments(readText(cfg));
    std::string routes;
    forEachTag(text, {"route-files", "begin", "end"}, [&](const std::string &name, const auto &a) {
        const auto v = a.find("value");
        if (v == a.end())
            return;
        if (name == "route-files")
            routes = v->second;
        else if (name == "begin")
            c.begin = number(a, "value", 0);
        else
            c.end = number(a, "value", -1);
    });
    auto addList = [&](const std::string &list, const fs::path &base) {
        std::stringstream ss(list);
        std::string item;
        while (std::getline(ss, item, ',')) {
            item.erase(0, item.find_first_not_of(" \t"));
            item.erase(item.find_last_not_of(" \t") + 1);
            if (!item.empty())
                c.routeFiles.push_back(fs::path(item).is_absolute() ? fs::path(item) : base / item);
        }
    };
    if (!routesOverride.empty())
        addList(routesOverride, fs::current_path());
    else
        addList(routes, c.dir);
    return c;
}

// Scheduled departures of the demand in the route files: vehicles, trips, and flows with a fixed count
// or rate (their vehicles are named flowId.k). Random flows are left to TraCI's loaded list.
std::unordered_map<std::string, double> scheduledDepartures(const Config &c, double begin, double end)
{
    std::unordered_map<std::string, double> dep;
    for (const fs::path &file : c.routeFiles) {
        const std::string text = stripComments(readText(file));
        forEachTag(text, {"vehicle", "trip", "flow"}, [&](const std::string &name, const auto &a) {
            const auto id = a.find("id");
            if (id == a.end())
                return;
            if (name != "flow") {
                const double d = number(a, "depart", begin);
                if (d >= begin && d < end)
                    dep[id->second] = d;
                return;
            }
            const double fb = number(a, "begin", begin), fe = number(a, "end", end);
            double period = number(a, "period", -1);
            const double vph = number(a, "vehsPerHour", -1);
            const double count = number(a, "number", -1);
            if (period <= 0 && vph > 0)
                period = 3600.0 / vph;
            if (period <= 0 && count > 0)
                period = (fe - fb) / count;
            if (period <= 0)
                return;
            const long long n = count > 0 ? static_cast<long long>(count)
                                          : static_cast<long long>(std::ceil((fe - fb) / period - 1e-9));
            for (long long k = 0; k < n; ++k) {
                const double d = fb + static_cast<double>(k) * period;
                if (d >= begin && d < end)
                    dep[id->second + "." + std::to_string(k)] = d;
            }
        });
    }
    return dep;
}

struct TripInfo {
    double depart = -1, departDelay = 0, arrival = -1, duration = 0, timeLoss = 0;
};

std::unordered_map<std::string, TripInfo> readTripinfo(const fs::path &path)
{
    std::unordered_map<std::string, TripInfo> trips;
    const std::string text = readText(path);
    forEachTag(text, {"tripinfo"}, [&](const std::string &, const auto &a) {
        const auto id = a.find("id");
        if (id == a.end())
            return;
        TripInfo t;
        t.depart = number(a, "depart", -1);
        t.departDelay = number(a, "departDelay", 0);
        t.arrival = number(a, "arrival", -1);
        t.duration = number(a, "duration", 0);
        t.timeLoss = number(a, "timeLoss", 0);
        trips[id->second] = t;
    });
    return trips;
}

// --- Traffic lights --------------------------------------------------------------------------------------

struct LaneInfo {
    double length = 0;
    double speed = 13.9;
    int edge = -1;                 ///< index into the edge list
    std::vector<int> succ, pred;
    std::vector<int> straight;     ///< successors reached by a through ('s') connection
    bool stopLine = false; ///< a traffic light controls its end
};

struct Weighted {
    int lane;
    double weight;
};

struct Light {
    std::string id;
    core::TlsProgram program;
    std::unique_ptr<core::TlsMachine> machine;
    std::vector<core::PhaseBounds> bounds;
    // Per green phase: approach regions (one per served in-lane) and exit regions (deduplicated).
    struct Approach {
        int lane = -1;
        std::vector<Weighted> region;
        std::vector<int> exits; ///< exit lanes this phase serves from the approach
    };
    std::vector<std::vector<Approach>> approaches;
    std::vector<std::vector<std::vector<Weighted>>> exits;
    std::string shown;
    std::vector<PhaseDemand> demand;
    std::vector<int> linkFrom;       ///< per controlled link: its approach lane, -1 if none
    std::vector<int> linkTo;         ///< per controlled link: its exit lane, -1 if none
};

core::PhasePolicy policyOf(SumoController c)
{
    switch (c) {
    case SumoController::MaxPressure: return core::PhasePolicy::MaxPressure;
    case SumoController::Greedy: return core::PhasePolicy::LongestQueue;
    default: return core::PhasePolicy::CityOps;
    }
}

int intResult(const libsumo::TraCIResults &r, int var)
{
    const auto it = r.find(var);
    if (it == r.end() || !it->second)
        return 0;
    if (const auto *i = dynamic_cast<const libsumo::TraCIInt *>(it->second.get()))
        return i->value;
    if (const auto *d = dynamic_cast<const libsumo::TraCIDouble *>(it->second.get()))
        return static_cast<int>(d->value);
    return 0;
}

class SumoSession {
public:
    ~SumoSession()
    {
        if (m_open) {
            try {
                lt::Simulation::close();
            } catch (...) {
            }
        }
    }
    void start(const std::vector<std::string> &cmd)
    {
        // The TraCI client prints its connection retries on stdout, and SUMO inherits it: both go to stderr,
        // so that --json keeps stdout to one JSON object.
        std::cout.flush();
        std::fflush(stdout);
        const int saved = ::dup(1);
        ::dup2(2, 1);
        try {
            lt::Simulation::start(cmd);
        } catch (...) {
            std::cout.flush();
            std::fflush(stdout);
            ::dup2(saved, 1);
            ::close(saved);
            throw;
        }
        std::cout.flush();
        std::fflush(stdout);
        ::dup2(saved, 1);
        ::close(saved);
        m_open = true;
    }
    void close()
    {
        if (m_open) {
            m_open = false;
            lt::Simulation::close();
        }
    }

private:
    bool m_open = false;
};

// Arterial chain links of a SUMO network for the green wave: from a light's through ('s') link onto an edge,
// downstream along through connections (past unsignalised junctions, up to 1 km) to the next light's stop
// line; kept when the edge is the widest and fastest (lanes x speed) leaving the upstream light and the
// one arriving at the downstream light, the main road rather than a side street.
std::vector<core::WaveLink> sumoArterialLinks(const std::vector<Light> &lights, const std::vector<LaneInfo> &lanes)
{
    std::unordered_map<int, int> edgeLanes;
    for (const LaneInfo &l : lanes)
        ++edgeLanes[l.edge];
    auto capacity = [&](int lane) {
        const LaneInfo &l = lanes[static_cast<std::size_t>(lane)];
        return edgeLanes[l.edge] * l.speed;
    };
    auto isStraight = [&](int from, int to) {
        const auto &st = lanes[static_cast<std::size_t>(from)].straight;
        return std::find(st.begin(), st.end(), to) != st.end();
    };
    // Which light's stop line a lane is, and the light's widest in and out edges.
    std::unordered_map<int, int> stopOf;
    std::vector<double> maxIn(lights.size(), 0), maxOut(lights.size(), 0);
    for (std::size_t a = 0; a < lights.size(); ++a)
        for (std::size_t k = 0; k < lights[a].linkFrom.size(); ++k) {
            const int from = lights[a].linkFrom[k], to = lights[a].linkTo[k];
            if (from >= 0) {
                stopOf.emplace(from, static_cast<int>(a));
                maxIn[a] = std::max(maxIn[a], capacity(from));
            }
            if (to >= 0)
                maxOut[a] = std::max(maxOut[a], capacity(to));
        }
    // Per (upstream light, out-edge): phases releasing through traffic onto it, and the lanes it starts on.
    std::map<std::pair<int, int>, std::pair<std::uint32_t, std::set<int>>> starts;
    for (std::size_t a = 0; a < lights.size(); ++a) {
        const auto &greens = lights[a].program.greens();
        for (std::size_t g = 0; g < greens.size() && g < 32; ++g)
            for (int k : greens[g].served) {
                const std::size_t kk = static_cast<std::size_t>(k);
                if (kk >= lights[a].linkFrom.size())
                    continue;
                const int from = lights[a].linkFrom[kk], to = lights[a].linkTo[kk];
                if (from < 0 || to < 0 || !isStraight(from, to) || capacity(to) < 0.99 * maxOut[a])
                    continue;
                auto &s = starts[{static_cast<int>(a), lanes[static_cast<std::size_t>(to)].edge}];
                s.first |= 1u << g;
                s.second.insert(to);
            }
    }
    std::vector<core::WaveLink> out;
    for (const auto &[key, start] : starts) {
        const int a = key.first;
        // Walk each start lane downstream along through connections to the first stop line.
        int reached = -1, endLane = -1;
        double travel = 0;
        for (int lane : start.second) {
            int cur = lane;
            double t = 0, dist = 0;
            for (int depth = 0; depth < 12 && cur >= 0; ++depth) {
                const LaneInfo &l = lanes[static_cast<std::size_t>(cur)];
                t += l.length / std::max(1.0, l.speed);
                dist += l.length;
                if (const auto it = stopOf.find(cur); it != stopOf.end()) {
                    if (it->second != a) {
                        reached = it->second;
                        endLane = cur;
                        travel = t;
                    }
                    break;
                }
                if (dist > 1000 || l.straight.empty())
                    break;
                cur = l.straight.front();
            }
            if (reached >= 0)
                break;
        }
        if (reached < 0 || capacity(endLane) < 0.99 * maxIn[static_cast<std::size_t>(reached)])
            continue;
        const int endEdge = lanes[static_cast<std::size_t>(endLane)].edge;
        core::WaveLink w;
        w.upSignal = static_cast<std::uint32_t>(a);
        w.upPhases = start.first;
        w.downSignal = static_cast<std::uint32_t>(reached);
        w.travelS = travel;
        w.link = static_cast<std::uint32_t>(key.second);
        const Light &b = lights[static_cast<std::size_t>(reached)];
        const auto &greens = b.program.greens();
        for (std::size_t g = 0; g < greens.size() && g < 32; ++g)
            for (int k : greens[g].served) {
                const std::size_t kk = static_cast<std::size_t>(k);
                if (kk >= b.linkFrom.size() || b.linkFrom[kk] < 0 || b.linkTo[kk] < 0)
                    continue;
                if (lanes[static_cast<std::size_t>(b.linkFrom[kk])].edge == endEdge && isStraight(b.linkFrom[kk], b.linkTo[kk]))
                    w.downPhases |= 1u << g;
            }
        if (!w.upPhases || !w.downPhases)
            continue;
        // A main road only (core::kMainRoadRatio): it outranks every approach served only by other phases.
        // An approach edge crosses when none of its movements is green with the chain's through phases.
        std::map<int, std::pair<std::uint32_t, double>> approach; // edge -> phases, capacity
        for (std::size_t k = 0; k < b.linkFrom.size(); ++k) {
            const int from = b.linkFrom[k];
            if (from < 0 || lanes[static_cast<std::size_t>(from)].edge == endEdge)
                continue;
            auto &e = approach[lanes[static_cast<std::size_t>(from)].edge];
            e.second = std::max(e.second, capacity(from));
            for (std::size_t g = 0; g < greens.size() && g < 32; ++g)
                if (std::find(greens[g].served.begin(), greens[g].served.end(), static_cast<int>(k)) != greens[g].served.end())
                    e.first |= 1u << g;
        }
        double crossing = 0;
        for (const auto &[edge, e] : approach)
            if (e.first && !(e.first & w.downPhases))
                crossing = std::max(crossing, e.second);
        if (capacity(endLane) >= core::kMainRoadRatio * crossing)
            out.push_back(w);
    }
    return out;
}

} // namespace

SumoRunResult runSumo(const SumoRunOptions &o)
{
    const auto wallStart = std::chrono::steady_clock::now();
    const Config cfg = readConfig(o.sumocfg, o.routes);
    const fs::path tripinfo = fs::temp_directory_path()
        / ("cityops-signals-" + std::to_string(::getpid()) + "-" + std::to_string(o.seed) + ".xml");
    fs::remove(tripinfo);

    std::vector<std::string> cmd = {"sumo", "-c", fs::absolute(o.sumocfg).string(), "--seed", std::to_string(o.seed),
                                    "--time-to-teleport", "-1", "--tripinfo-output", tripinfo.string(),
                                    "--tripinfo-output.write-unfinished", "true", "--no-step-log", "true",
                                    "--no-warnings", "true", "--duration-log.disable", "true",
                                    "--xml-validation", "never", "--xml-validation.net", "never",
                                    "--xml-validation.routes", "never"};
    if (!o.routes.empty()) {
        std::string list;
        for (const fs::path &p : cfg.routeFiles)
            list += (list.empty() ? "" : ",") + fs::absolute(p).string();
        cmd.insert(cmd.end(), {"-r", list});
    }
    if (o.endS >= 0)
        cmd.insert(cmd.end(), {"--end", std::to_string(o.endS)});

    SumoSession session;
    session.start(cmd);
    const double dt = lt::Simulation::getDeltaT();
    const double begin = lt::Simulation::getTime();
    double end = o.endS >= 0 ? o.endS : cfg.end;
    if (end <= begin)
        end = begin + 3600; // a configuration without an end: one hour
    SumoRunResult result;
    result.endS = end;

    // The lane graph (non-internal lanes), for look-back on short approaches.
    std::unordered_map<std::string, int> laneIndex;
    std::vector<std::string> laneIds;
    std::vector<LaneInfo> lanes;
    auto laneOf = [&](const std::string &id) -> int {
        const auto it = laneIndex.find(id);
        if (it != laneIndex.end())
            return it->second;
        const int k = static_cast<int>(lanes.size());
        laneIndex.emplace(id, k);
        laneIds.push_back(id);
        lanes.push_back({});
        lanes.back().length = lt::Lane::getLength(id);
        return k;
    };
    const std::vector<std::string> tlsIds = lt::TrafficLight::getIDList();
    std::vector<Light> lights;
    if (o.controller != SumoController::Fixed) {
        for (const std::string &id : lt::Lane::getIDList())
            if (!id.empty() && id[0] != ':')
                laneOf(id);
        const std::size_t plain = lanes.size();
        for (std::size_t k = 0; k < plain; ++k) {
            for (const libsumo::TraCIConnection &c : lt::Lane::getLinks(laneIds[k])) {
                const auto it = laneIndex.find(c.approachedLane);
                if (it == laneIndex.end())
                    continue;
                lanes[k].succ.push_back(it->second);
                lanes[it->second].pred.push_back(static_cast<int>(k));
                if (c.direction == "s")
                    lanes[k].straight.push_back(it->second);
            }
        }
        for (const std::string &id : tlsIds)
            for (const auto &group : lt::TrafficLight::getControlledLinks(id))
                for (const libsumo::TraCILink &l : group) {
                    const auto it = laneIndex.find(l.fromLane);
                    if (it != laneIndex.end())
                        lanes[it->second].stopLine = true;
                }
    }
    // Upstream of an approach lane until the look-back distance, not past another stop line; a lane that
    // also feeds elsewhere counts with its share of successors.
    auto upstream = [&](int lane) {
        std::vector<Weighted> region{{lane, 1.0}};
        struct Item { int lane; double weight, dist; int depth; };
        std::vector<Item> todo{{lane, 1.0, lanes[lane].length, 0}};
        while (!todo.empty()) {
            const Item it = todo.back();
            todo.pop_back();
            if (it.dist >= o.lookbackM || it.depth >= 8)
                continue;
            for (int p : lanes[it.lane].pred) {
                if (lanes[p].stopLine)
                    continue;
                const double w = it.weight / std::max<std::size_t>(1, lanes[p].succ.size());
                region.push_back({p, w});
                todo.push_back({p, w, it.dist + lanes[p].length, it.depth + 1});
            }
        }
        return region;
    };
    auto downstream = [&](int lane) {
        std::vector<Weighted> region{{lane, 1.0}};
        struct Item { int lane; double weight, dist; int depth; };
        std::vector<Item> todo{{lane, 1.0, lanes[lane].length, 0}};
        while (!todo.empty()) {
            const Item it = todo.back();
            todo.pop_back();
            if (it.dist >= 0.5 * o.lookbackM || it.depth >= 8 || lanes[it.lane].stopLine)
                continue;
            const double w = it.weight / std::max<std::size_t>(1, lanes[it.lane].succ.size());
            for (int s : lanes[it.lane].succ) {
                region.push_back({s, w});
                todo.push_back({s, w, it.dist + lanes[s].length, it.depth + 1});
            }
        }
        return region;
    };

    std::set<int> watched;
    core::GreenWave wave;
    if (o.controller != SumoController::Fixed) {
        // Lane speeds and edges (a lane id is "<edge>_<index>"), for the green wave's chains.
        std::unordered_map<std::string, int> edgeIndex;
        for (std::size_t k = 0; k < lanes.size(); ++k) {
            const std::string &id = laneIds[k];
            const std::string edge = id.substr(0, id.rfind('_'));
            lanes[k].edge = edgeIndex.emplace(edge, static_cast<int>(edgeIndex.size())).first->second;
            lanes[k].speed = lt::Lane::getMaxSpeed(id);
        }
        for (const std::string &id : tlsIds) {
            const std::string program = lt::TrafficLight::getProgram(id);
            std::vector<core::TlsPhaseDef> defs;
            for (const libsumo::TraCILogic &logic : lt::TrafficLight::getAllProgramLogics(id)) {
                if (logic.programID != program)
                    continue;
                for (const auto &ph : logic.phases)
                    defs.push_back({ph->state, ph->duration, ph->minDur, ph->maxDur});
            }
            if (defs.empty())
                continue; // "off" or a program TraCI cannot show: leave it alone
            core::TlsOptions tlsOptions;
            tlsOptions.defaultMaxGreenS = o.defaultMaxGreenS;
            Light light{id, core::TlsProgram::fromPhases(defs, tlsOptions), nullptr, {}, {}, {}, {}, {}, {}};

            const auto links = lt::TrafficLight::getControlledLinks(id);
            const auto &greens = light.program.greens();
            // Pedestrian clearance: a green serving a crossing lasts long enough to cross it at 1.2 m/s.
            for (std::size_t g = 0; g < greens.size(); ++g)
                for (int l : greens[g].served)
                    if (static_cast<std::size_t>(l) < links.size())
                        for (const libsumo::TraCILink &k : links[static_cast<std::size_t>(l)])
                            if (k.toLane.find("_c") != std::string::npos && !k.toLane.empty() && k.toLane[0] == ':')
                                light.program.raiseMinGreen(static_cast<int>(g), std::min(40.0, lt::Lane::getLength(k.toLane) / 1.2));
            for (const auto &g : light.program.greens()) {
                // The baselines decide at most every 10 s, as RESCO's do; switching every second after a
                // 5 s minimum green would lose them an amber each time and make them look worse than they are.
                const double minGreen = o.controller == SumoController::MaxPressure || o.controller == SumoController::Greedy
                    ? std::max(g.minGreenS, 10.0)
                    : core::cityOpsMinGreenS(o.tuning, g.minGreenS, g.amberS, g.allRedS, g.planGreenS);
                light.bounds.push_back({minGreen, g.maxGreenS});
                std::map<int, std::set<int>> inToOut;
                for (int l : g.served)
                    if (static_cast<std::size_t>(l) < links.size())
                        for (const libsumo::TraCILink &k : links[static_cast<std::size_t>(l)]) {
                            const auto from = laneIndex.find(k.fromLane), to = laneIndex.find(k.toLane);
                            if (from == laneIndex.end())
                                continue;
                            auto &outs = inToOut[from->second];
                            if (to != laneIndex.end())
                                outs.insert(to->second);
                        }
                std::vector<Light::Approach> apps;
                std::set<int> exitLanes;
                for (const auto &[in, outs] : inToOut) {
                    Light::Approach a;
                    a.lane = in;
                    a.region = upstream(in);
                    a.exits.assign(outs.begin(), outs.end());
                    for (const Weighted &w : a.region)
                        watched.insert(w.lane);
                    exitLanes.insert(outs.begin(), outs.end());
                    apps.push_back(std::move(a));
                }
                std::vector<std::vector<Weighted>> exits;
                for (int e : exitLanes) {
                    exits.push_back(downstream(e));
                    for (const Weighted &w : exits.back())
                        watched.insert(w.lane);
                }
                light.approaches.push_back(std::move(apps));
                light.exits.push_back(std::move(exits));
            }
            int initial = light.program.greenOfProgramPhase(lt::TrafficLight::getPhase(id));
            light.machine = std::make_unique<core::TlsMachine>(&light.program, initial >= 0 ? initial : 0);
            light.demand.resize(light.program.greens().size());
            light.linkFrom.assign(links.size(), -1);
            light.linkTo.assign(links.size(), -1);
            for (std::size_t k = 0; k < links.size(); ++k)
                for (const libsumo::TraCILink &tl : links[k]) {
                    const auto it = laneIndex.find(tl.fromLane);
                    if (it != laneIndex.end())
                        light.linkFrom[k] = it->second;
                    const auto to = laneIndex.find(tl.toLane);
                    if (to != laneIndex.end())
                        light.linkTo[k] = to->second;
                }
            lights.push_back(std::move(light));
        }
        // The machine points into the program: fix the pointers after the vector settled.
        for (Light &l : lights) {
            const int g = l.machine->green();
            l.machine = std::make_unique<core::TlsMachine>(&l.program, g);
        }
        if (o.controller == SumoController::CityOps && o.tuning.waveLeadS > 0)
            wave = core::GreenWave(sumoArterialLinks(lights, lanes), lights.size());
        for (int lane : watched)
            lt::Lane::subscribe(laneIds[static_cast<std::size_t>(lane)],
                                std::vector<int>{libsumo::LAST_STEP_VEHICLE_NUMBER,
                                                 libsumo::LAST_STEP_VEHICLE_HALTING_NUMBER});
    }
    result.trafficLights = static_cast<int>(tlsIds.size());
    result.waveLinks = static_cast<int>(wave.links().size());
    lt::Simulation::subscribe(std::vector<int>{libsumo::VAR_ARRIVED_VEHICLES_NUMBER,
                                               libsumo::VAR_DEPARTED_VEHICLES_NUMBER, libsumo::VAR_LOADED_VEHICLES_IDS});

    std::vector<double> count(lanes.size(), 0), halting(lanes.size(), 0), laneGreenAt(lanes.size(), begin);
    const core::PhasePolicy policy = policyOf(o.controller);
    std::unordered_map<std::string, double> loadedAt; // vehicles TraCI loaded, first seen
    long long running = 0;
    double lastArrival = begin, stall = 0;
    double now = begin;
    while (now < end - 1e-9) {
        // Decide on what the detectors saw in the last step, then show the state for the next one.
        for (Light &l : lights) {
            core::TlsMachine &m = *l.machine;
            if (o.controller != SumoController::Hold && m.canSwitch()) {
                const std::size_t greens = l.program.greens().size();
                for (std::size_t g = 0; g < greens; ++g) {
                    PhaseDemand d;
                    double blocked = 0, served = 0;
                    for (const Light::Approach &a : l.approaches[g]) {
                        double q = 0, moving = 0;
                        for (const Weighted &w : a.region) {
                            q += w.weight * halting[static_cast<std::size_t>(w.lane)];
                            moving += w.weight * (count[static_cast<std::size_t>(w.lane)] - halting[static_cast<std::size_t>(w.lane)]);
                        }
                        d.queueVeh += q;
                        d.approachVeh += moving;
                        // An approach whose every exit is full of standing vehicles cannot move.
                        bool full = !a.exits.empty();
                        for (int e : a.exits)
                            if (halting[static_cast<std::size_t>(e)] * 7.5 < 0.85 * lanes[static_cast<std::size_t>(e)].length)
                                full = false;
                        served += q + moving;
                        if (full)
                            blocked += q + moving;
                    }
                    d.blockedShare = served > 0 ? blocked / served : 0;
                    d.approachLanes = static_cast<double>(l.approaches[g].size());
                    for (const auto &region : l.exits[g])
                        for (const Weighted &w : region) {
                            d.exitVeh += w.weight * count[static_cast<std::size_t>(w.lane)];
                            d.exitQueueVeh += w.weight * halting[static_cast<std::size_t>(w.lane)];
                        }
                    // Starvation is per approach, not per phase: overlapping phases serve the same lanes.
                    d.redS = 0;
                    if (static_cast<int>(g) != m.green())
                        for (const Light::Approach &a : l.approaches[g])
                            if (halting[static_cast<std::size_t>(a.lane)] >= 1)
                                d.redS = std::max(d.redS, now - laneGreenAt[static_cast<std::size_t>(a.lane)]);
                    d.platoonDueS = wave.empty() ? core::GreenWave::kNever
                                                 : wave.platoonDueS(static_cast<std::uint32_t>(&l - lights.data()),
                                                                    static_cast<int>(g), now);
                    l.demand[g] = d;
                }
                const int next = core::choosePhase(policy, m.green(), m.greenElapsedS(), l.bounds, l.demand, o.tuning);
                if (next >= 0)
                    m.requestSwitch(next);
            }
            if (m.state() != l.shown) {
                lt::TrafficLight::setRedYellowGreenState(l.id, m.state());
                l.shown = m.state();
            }
        }
        lt::Simulation::step();
        now = lt::Simulation::getTime();
        for (Light &l : lights) {
            if (!wave.empty())
                wave.observe(static_cast<std::uint32_t>(&l - lights.data()),
                             l.machine->stage() == core::TlsStage::Green ? l.machine->green() : -1, now);
            for (std::size_t k = 0; k < l.shown.size() && k < l.linkFrom.size(); ++k)
                if (l.linkFrom[k] >= 0 && core::tlsIsGreen(l.shown[k]))
                    laneGreenAt[static_cast<std::size_t>(l.linkFrom[k])] = now;
            l.machine->tick(dt);
        }
        if (!lights.empty()) {
            const libsumo::SubscriptionResults all = lt::Lane::getAllSubscriptionResults();
            for (const auto &[id, vars] : all) {
                const auto it = laneIndex.find(id);
                if (it == laneIndex.end())
                    continue;
                count[static_cast<std::size_t>(it->second)] = intResult(vars, libsumo::LAST_STEP_VEHICLE_NUMBER);
                halting[static_cast<std::size_t>(it->second)] = intResult(vars, libsumo::LAST_STEP_VEHICLE_HALTING_NUMBER);
            }
        }
        const libsumo::TraCIResults sim = lt::Simulation::getSubscriptionResults();
        const int arrived = intResult(sim, libsumo::VAR_ARRIVED_VEHICLES_NUMBER);
        running += intResult(sim, libsumo::VAR_DEPARTED_VEHICLES_NUMBER) - arrived;
        const auto loaded = sim.find(libsumo::VAR_LOADED_VEHICLES_IDS);
        if (loaded != sim.end())
            if (const auto *ids = dynamic_cast<const libsumo::TraCIStringList *>(loaded->second.get()))
                for (const std::string &v : ids->value)
                    loadedAt.emplace(v, now - dt);
        if (arrived > 0 || running <= 0)
            lastArrival = now;
        stall = std::max(stall, now - lastArrival);
    }
    session.close();

    // SUMO writes the tripinfo file while it shuts down, after TraCI's close returned: wait for its end.
    for (int k = 0; k < 600; ++k) {
        std::ifstream in(tripinfo, std::ios::binary | std::ios::ate);
        if (in) {
            const auto size = static_cast<std::streamoff>(in.tellg());
            if (size > 16) {
                in.seekg(std::max<std::streamoff>(0, size - 64));
                std::string tail(64, '\0');
                in.read(tail.data(), 64);
                if (tail.find("</tripinfos>") != std::string::npos)
                    break;
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const auto trips = readTripinfo(tripinfo);
    fs::remove(tripinfo);

    std::unordered_map<std::string, double> demand = scheduledDepartures(cfg, begin, end);
    for (const auto &[id, t] : loadedAt)
        demand.emplace(id, t); // demand the files do not name (random flows): loaded time is the schedule
    for (const auto &[id, t] : trips)
        demand.emplace(id, t.depart - t.departDelay);
    double delaySum = 0, tripSum = 0;
    for (const auto &[id, sched] : demand) {
        const auto it = trips.find(id);
        if (it == trips.end()) {
            ++result.neverInserted;
            delaySum += std::max(0.0, end - sched);
            continue;
        }
        const TripInfo &t = it->second;
        delaySum += t.timeLoss + t.departDelay;
        if (t.arrival >= 0) {
            ++result.completed;
            tripSum += t.duration;
        } else {
            ++result.unfinished;
        }
    }
    result.vehicles = demand.size();
    result.meanDelayS = demand.empty() ? 0 : delaySum / static_cast<double>(demand.size());
    result.avgTripTimeS = result.completed ? tripSum / static_cast<double>(result.completed) : 0;
    result.longestStallS = stall;
    result.gridlocked = stall >= o.stallS;
    result.wallS = std::chrono::duration<double>(std::chrono::steady_clock::now() - wallStart).count();
    return result;
}

} // namespace cityops::cli
