#include "sim/ctm.h"

#include "model/scenario.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <stdexcept>

namespace cityops::core {

namespace {

constexpr double kEps = 1e-9;

/// Turn from the heading into a node (ax, ay) and the heading out of it (bx, by); x east, y north.
Turn classifyTurn(double ax, double ay, double bx, double by)
{
    if ((ax == 0 && ay == 0) || (bx == 0 && by == 0))
        return Turn::Unknown;
    const double angle = std::atan2(ax * by - ay * bx, ax * bx + ay * by) * 180.0 / M_PI;
    if (std::abs(angle) <= 40.0)
        return Turn::Through;
    if (std::abs(angle) >= 150.0)
        return Turn::UTurn;
    return angle > 0 ? Turn::Left : Turn::Right; // counter-clockwise is a left turn
}

Turn parseTurn(std::string_view s)
{
    if (s == "through")
        return Turn::Through;
    if (s == "left")
        return Turn::Left;
    if (s == "right")
        return Turn::Right;
    if (s == "uturn" || s == "u_turn" || s == "u-turn")
        return Turn::UTurn;
    return Turn::Unknown;
}

} // namespace

// ---- CtmNetwork ----------------------------------------------------------------------------------------

std::span<const std::uint32_t> CtmNetwork::movementsAt(std::uint32_t n) const
{
    return {m_movAt.data() + m_movAtBegin[n], m_movAt.data() + m_movAtBegin[n + 1]};
}

std::span<const std::uint32_t> CtmNetwork::movementsFrom(std::uint32_t l) const
{
    return {m_movFrom.data() + m_movFromBegin[l], m_movFrom.data() + m_movFromBegin[l + 1]};
}

std::uint32_t CtmNetwork::findLink(std::string_view id) const
{
    auto it = m_linkIndex.find(std::string(id));
    return it == m_linkIndex.end() ? kNoIndex : it->second;
}

// ---- CtmNetworkBuilder ---------------------------------------------------------------------------------

std::uint32_t CtmNetworkBuilder::addNode(CtmNode node)
{
    m_nodes.push_back(std::move(node));
    return static_cast<std::uint32_t>(m_nodes.size() - 1);
}

std::uint32_t CtmNetworkBuilder::addLink(CtmLink link)
{
    m_links.push_back(std::move(link));
    return static_cast<std::uint32_t>(m_links.size() - 1);
}

void CtmNetworkBuilder::setReverse(std::uint32_t a, std::uint32_t b)
{
    m_reverses.emplace_back(a, b);
}

void CtmNetworkBuilder::addMovement(std::uint32_t fromLink, std::uint32_t toLink, Turn turn, double weight)
{
    CtmMovement m;
    m.from = fromLink;
    m.to = toLink;
    m.turn = turn;
    m.weight = weight;
    m_explicit.push_back(m);
}

std::uint32_t CtmNetworkBuilder::addSignal(std::uint32_t node, std::vector<PhaseTiming> phases, std::uint32_t entity,
                                           std::string id)
{
    SignalPlan plan;
    plan.id = std::move(id);
    plan.node = node;
    plan.entity = entity;
    plan.phases = std::move(phases);
    m_signals.push_back(std::move(plan));
    return static_cast<std::uint32_t>(m_signals.size() - 1);
}

void CtmNetworkBuilder::greenLink(std::uint32_t signal, int phase, std::uint32_t inLink)
{
    m_greens.push_back({signal, phase, inLink, kNoIndex});
}

void CtmNetworkBuilder::greenMovement(std::uint32_t signal, int phase, std::uint32_t inLink, std::uint32_t outLink)
{
    m_greens.push_back({signal, phase, inLink, outLink});
}

std::shared_ptr<const CtmNetwork> CtmNetworkBuilder::build() const
{
    auto net = std::make_shared<CtmNetwork>();
    const auto nodes = static_cast<std::uint32_t>(m_nodes.size());
    const auto links = static_cast<std::uint32_t>(m_links.size());
    auto fail = [](const std::string &what) { throw std::invalid_argument("CtmNetworkBuilder: " + what); };

    net->m_nodes = m_nodes;
    net->m_links = m_links;
    for (std::uint32_t l = 0; l < links; ++l) {
        const CtmLink &k = m_links[l];
        const std::string name = "link " + (k.id.empty() ? std::to_string(l) : k.id);
        if (k.from >= nodes || k.to >= nodes)
            fail(name + ": node index out of range");
        if (k.from == k.to)
            fail(name + ": starts and ends at the same node");
        if (!(k.lengthM > 0) || k.lanes < 1 || !(k.speedKmh > 0) || !(k.capacityVph > 0))
            fail(name + ": length, lanes, speed and capacity must be positive");
        if (!k.id.empty() && !net->m_linkIndex.emplace(k.id, l).second)
            fail(name + ": duplicate id");
    }

    net->m_reverse.assign(links, kNoIndex);
    for (auto [a, b] : m_reverses) {
        if (a >= links || b >= links)
            fail("setReverse: link index out of range");
        net->m_reverse[a] = b;
        net->m_reverse[b] = a;
    }

    std::vector<std::vector<std::uint32_t>> incoming(nodes), outgoing(nodes);
    for (std::uint32_t l = 0; l < links; ++l) {
        incoming[m_links[l].to].push_back(l);
        outgoing[m_links[l].from].push_back(l);
    }
    auto heading = [&](std::uint32_t l) {
        const CtmNode &a = m_nodes[m_links[l].from];
        const CtmNode &b = m_nodes[m_links[l].to];
        return std::pair{b.x - a.x, b.y - a.y};
    };
    auto turnOf = [&](std::uint32_t in, std::uint32_t out) {
        auto [ax, ay] = heading(in);
        auto [bx, by] = heading(out);
        return classifyTurn(ax, ay, bx, by);
    };

    // Movements: explicit ones where a node has any, otherwise every pair but U-turns.
    std::vector<std::uint8_t> hasExplicit(nodes, 0);
    std::vector<CtmMovement> movements;
    for (CtmMovement m : m_explicit) {
        if (m.from >= links || m.to >= links)
            fail("addMovement: link index out of range");
        if (m_links[m.from].to != m_links[m.to].from)
            fail("addMovement: link " + std::to_string(m.from) + " does not end where " + std::to_string(m.to)
                 + " starts");
        if (m.turn == Turn::Unknown)
            m.turn = turnOf(m.from, m.to);
        hasExplicit[m_links[m.from].to] = 1;
        movements.push_back(m);
    }
    for (std::uint32_t n = 0; n < nodes; ++n) {
        if (hasExplicit[n])
            continue;
        for (std::uint32_t in : incoming[n])
            for (std::uint32_t out : outgoing[n]) {
                if (out == net->m_reverse[in] || m_links[out].to == m_links[in].from)
                    continue;
                CtmMovement m;
                m.from = in;
                m.to = out;
                m.turn = turnOf(in, out);
                movements.push_back(m);
            }
    }

    // Signals and the phase masks of their movements.
    net->m_signalAt.assign(nodes, kNoIndex);
    net->m_signals = m_signals;
    for (std::uint32_t s = 0; s < m_signals.size(); ++s) {
        const SignalPlan &plan = m_signals[s];
        if (plan.node >= nodes)
            fail("addSignal: node index out of range");
        if (plan.phases.empty() || plan.phases.size() > 32)
            fail("addSignal: a signal needs 1 to 32 phases");
        if (net->m_signalAt[plan.node] != kNoIndex)
            fail("addSignal: node " + std::to_string(plan.node) + " has two signals");
        net->m_signalAt[plan.node] = s;
        if (net->m_signals[s].entity == kNoIndex)
            net->m_signals[s].entity = s;
    }
    for (CtmMovement &m : movements)
        m.phaseMask = net->m_signalAt[m_links[m.from].to] == kNoIndex ? CtmMovement::kAlwaysOpen : 0u;
    for (const Green &g : m_greens) {
        if (g.signal >= m_signals.size() || g.phase < 0
            || static_cast<std::size_t>(g.phase) >= m_signals[g.signal].phases.size())
            fail("green: no such signal or phase");
        const std::uint32_t node = m_signals[g.signal].node;
        bool found = false;
        for (CtmMovement &m : movements)
            if (m.from == g.in && m_links[m.from].to == node && (g.out == kNoIndex || m.to == g.out)) {
                m.phaseMask |= 1u << g.phase;
                found = true;
            }
        if (!found)
            net->m_problems.push_back("signal " + std::to_string(g.signal) + " phase " + std::to_string(g.phase)
                                      + ": no movement from link " + std::to_string(g.in)
                                      + (g.out == kNoIndex ? std::string() : " to link " + std::to_string(g.out)));
    }
    std::erase_if(movements, [&](CtmMovement &m) {
        if (m.phaseMask != 0)
            return false;
        if (m.turn == Turn::Right && m_rightOnRed) {
            m.phaseMask = CtmMovement::kAlwaysOpen;
            return false;
        }
        net->m_problems.push_back("movement " + std::to_string(m.from) + " -> " + std::to_string(m.to)
                                  + ": no phase gives it green; closed");
        return true;
    });

    // Order by node, then in-link, and index both ways.
    std::stable_sort(movements.begin(), movements.end(), [&](const CtmMovement &a, const CtmMovement &b) {
        const std::uint32_t na = m_links[a.from].to, nb = m_links[b.from].to;
        return na != nb ? na < nb : a.from < b.from;
    });
    net->m_movements = movements;
    const auto count = static_cast<std::uint32_t>(movements.size());
    net->m_movementNode.resize(count);
    net->m_movAtBegin.assign(nodes + 1, 0);
    net->m_movFromBegin.assign(links + 1, 0);
    for (std::uint32_t m = 0; m < count; ++m) {
        net->m_movementNode[m] = m_links[movements[m].from].to;
        ++net->m_movAtBegin[net->m_movementNode[m] + 1];
        ++net->m_movFromBegin[movements[m].from + 1];
    }
    std::partial_sum(net->m_movAtBegin.begin(), net->m_movAtBegin.end(), net->m_movAtBegin.begin());
    std::partial_sum(net->m_movFromBegin.begin(), net->m_movFromBegin.end(), net->m_movFromBegin.begin());
    net->m_movAt.resize(count);
    net->m_movFrom.resize(count);
    {
        std::vector<std::uint32_t> atFill(net->m_movAtBegin.begin(), net->m_movAtBegin.end() - 1);
        std::vector<std::uint32_t> fromFill(net->m_movFromBegin.begin(), net->m_movFromBegin.end() - 1);
        for (std::uint32_t m = 0; m < count; ++m) {
            net->m_movAt[atFill[net->m_movementNode[m]]++] = m;
            net->m_movFrom[fromFill[movements[m].from]++] = m;
        }
    }
    net->m_entry.assign(links, 1);
    for (const CtmMovement &m : movements)
        net->m_entry[m.to] = 0;
    return net;
}

// ---- From a scenario -----------------------------------------------------------------------------------

std::shared_ptr<const CtmNetwork> CtmNetwork::fromScenario(const Scenario &scenario)
{
    CtmNetworkBuilder b;
    std::vector<std::string> problems;
    if (!scenario.city)
        throw std::invalid_argument("CtmNetwork::fromScenario: scenario without a city model");
    const CityModel &city = *scenario.city;

    // Local metric coordinates around the mean intersection position.
    double lon0 = 0, lat0 = 0;
    for (const Intersection &i : scenario.intersections) {
        lon0 += i.position.lon;
        lat0 += i.position.lat;
    }
    if (!scenario.intersections.empty()) {
        lon0 /= static_cast<double>(scenario.intersections.size());
        lat0 /= static_cast<double>(scenario.intersections.size());
    }
    const double kx = 111320.0 * std::cos(lat0 * M_PI / 180.0), ky = 110574.0;
    auto local = [&](GeoPoint p) { return std::pair{(p.lon - lon0) * kx, (p.lat - lat0) * ky}; };

    for (const Intersection &i : scenario.intersections) {
        auto [x, y] = local(i.position);
        b.addNode({i.id, x, y});
    }
    auto nodeIndex = [&](const std::string &id) -> std::uint32_t {
        auto it = scenario.intersectionIndex.find(id);
        return it == scenario.intersectionIndex.end() ? kNoIndex : static_cast<std::uint32_t>(it->second);
    };

    std::unordered_map<std::string, std::uint32_t> linkIndex;
    std::vector<const LinkGeometry *> geometry;
    for (const LinkGeometry &g : scenario.links) {
        if (g.entity >= city.size())
            continue;
        const Entity &e = city.entity(g.entity);
        const std::uint32_t from = nodeIndex(e.fromNode), to = nodeIndex(e.toNode);
        if (from == kNoIndex || to == kNoIndex || from == to) {
            problems.push_back("link " + e.id + ": unknown or identical end nodes; left out");
            continue;
        }
        CtmLink link;
        link.id = e.id;
        link.from = from;
        link.to = to;
        link.lengthM = std::max(1.0, e.lengthM); // the loader checks it against the geometry
        link.lanes = std::max(1, e.lanes);
        link.speedKmh = e.speedLimitKmh > 0 ? e.speedLimitKmh : 50.0;
        link.capacityVph = e.capacityVph > 0 ? e.capacityVph : 1800.0 * link.lanes;
        link.entity = g.entity;
        linkIndex.emplace(e.id, b.addLink(std::move(link)));
        geometry.push_back(&g);
    }
    for (std::uint32_t l = 0; l < geometry.size(); ++l) {
        const std::string &rev = geometry[l]->reverseLink;
        if (auto it = linkIndex.find(rev); !rev.empty() && it != linkIndex.end() && it->second > l)
            b.setReverse(l, it->second);
    }
    // Headings from the polylines: the last segment into the node, the first segment out of it.
    auto headingIn = [&](std::uint32_t l) {
        const auto &p = geometry[l]->points;
        if (p.size() < 2)
            return std::pair{0.0, 0.0};
        auto [x0, y0] = local(p[p.size() - 2]);
        auto [x1, y1] = local(p.back());
        return std::pair{x1 - x0, y1 - y0};
    };
    auto headingOut = [&](std::uint32_t l) {
        const auto &p = geometry[l]->points;
        if (p.size() < 2)
            return std::pair{0.0, 0.0};
        auto [x0, y0] = local(p[0]);
        auto [x1, y1] = local(p[1]);
        return std::pair{x1 - x0, y1 - y0};
    };
    auto find = [&](const std::string &id) {
        auto it = linkIndex.find(id);
        return it == linkIndex.end() ? kNoIndex : it->second;
    };

    for (std::uint32_t n = 0; n < scenario.intersections.size(); ++n) {
        const Intersection &node = scenario.intersections[n];
        // Turns the phase plan names win over the geometry's guess.
        std::map<std::pair<std::uint32_t, std::uint32_t>, Turn> named;
        for (const SignalPhase &ph : node.phases)
            for (const Movement &mv : ph.movements)
                if (find(mv.fromLink) != kNoIndex && find(mv.toLink) != kNoIndex)
                    named[{find(mv.fromLink), find(mv.toLink)}] = parseTurn(mv.turn);
        std::set<std::pair<std::uint32_t, std::uint32_t>> added;
        for (const std::string &inId : node.incoming)
            for (const std::string &outId : node.outgoing) {
                const std::uint32_t in = find(inId), out = find(outId);
                if (in == kNoIndex || out == kNoIndex)
                    continue;
                auto [ax, ay] = headingIn(in);
                auto [bx, by] = headingOut(out);
                Turn turn = classifyTurn(ax, ay, bx, by);
                auto it = named.find({in, out});
                if (it != named.end() && it->second != Turn::Unknown)
                    turn = it->second;
                const bool uTurn = geometry[in]->reverseLink == outId || turn == Turn::UTurn;
                if (uTurn && it == named.end())
                    continue;
                b.addMovement(in, out, turn);
                added.insert({in, out});
            }
        for (const auto &pair : named)
            if (!added.count(pair.first)) // a phase names links that do not meet here
                problems.push_back("intersection " + node.id + ": a phase movement joins links that do not meet there");

        if (!node.signalized)
            continue;
        if (node.phases.empty()) {
            problems.push_back("intersection " + node.id + ": signalised without phases; treated as unsignalised");
            continue;
        }
        std::vector<PhaseTiming> timings;
        for (const SignalPhase &ph : node.phases)
            timings.push_back({ph.minGreenS, std::max(ph.minGreenS, ph.maxGreenS), ph.amberS, ph.allRedS});
        if (timings.size() > 32) {
            problems.push_back("intersection " + node.id + ": more than 32 phases; the rest ignored");
            timings.resize(32);
        }
        const auto entity = city.find(EntityKind::Signal, node.id);
        if (!entity)
            problems.push_back("intersection " + node.id + ": no Signal entity; its readings use the signal index");
        const std::uint32_t s = b.addSignal(n, timings, entity ? *entity : kNoIndex, node.id);
        for (std::size_t p = 0; p < timings.size(); ++p) {
            const SignalPhase &ph = node.phases[p];
            if (ph.movements.empty()) {
                for (const std::string &id : ph.links)
                    if (std::uint32_t in = find(id); in != kNoIndex)
                        b.greenLink(s, static_cast<int>(p), in);
            } else {
                for (const Movement &mv : ph.movements) {
                    const std::uint32_t in = find(mv.fromLink), out = find(mv.toLink);
                    if (in != kNoIndex && out != kNoIndex && added.count({in, out}))
                        b.greenMovement(s, static_cast<int>(p), in, out);
                }
            }
        }
    }
    auto built = b.build();
    auto net = std::const_pointer_cast<CtmNetwork>(built);
    net->m_problems.insert(net->m_problems.begin(), problems.begin(), problems.end());
    return built;
}

// ---- Synthetic grid ------------------------------------------------------------------------------------

std::shared_ptr<const CtmNetwork> makeGridNetwork(const GridNetworkSpec &spec)
{
    if (spec.rows < 1 || spec.cols < 1)
        throw std::invalid_argument("makeGridNetwork: rows and cols must be positive");
    CtmNetworkBuilder b;
    const int R = spec.rows, C = spec.cols;
    auto nodeId = [&](int r, int c) { return static_cast<std::uint32_t>(r * C + c); };
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c)
            b.addNode({"N" + std::to_string(r) + "_" + std::to_string(c), c * spec.spacingM, -r * spec.spacingM});
    auto arterial = [&](int k) { return spec.arterialEvery > 0 && k % spec.arterialEvery == 0; };
    std::uint32_t next = 0;
    auto road = [&](std::uint32_t a, std::uint32_t bNode, double length, bool isArterial) {
        CtmLink l;
        l.from = a;
        l.to = bNode;
        l.lengthM = length;
        l.lanes = spec.lanes + (isArterial ? 1 : 0);
        l.speedKmh = spec.speedKmh + (isArterial ? 10 : 0);
        l.capacityVph = spec.capacityPerLaneVph * l.lanes;
        l.id = "L" + std::to_string(next++);
        const std::uint32_t ab = b.addLink(l);
        std::swap(l.from, l.to);
        l.id = "L" + std::to_string(next++);
        const std::uint32_t ba = b.addLink(l);
        b.setReverse(ab, ba);
    };
    for (int r = 0; r < R; ++r)
        for (int c = 0; c + 1 < C; ++c)
            road(nodeId(r, c), nodeId(r, c + 1), spec.spacingM, arterial(r));
    for (int c = 0; c < C; ++c)
        for (int r = 0; r + 1 < R; ++r)
            road(nodeId(r, c), nodeId(r + 1, c), spec.spacingM, arterial(c));
    // Border stubs: an outside node beyond every border side of every border node.
    auto stub = [&](int r, int c, double dx, double dy, bool isArterial) {
        const std::uint32_t outside = b.addNode({"X" + std::to_string(r) + "_" + std::to_string(c) + "_"
                                                     + std::to_string(static_cast<int>(dx)) + "_"
                                                     + std::to_string(static_cast<int>(dy)),
                                                 c * spec.spacingM + dx * spec.stubLengthM,
                                                 -r * spec.spacingM + dy * spec.stubLengthM});
        road(outside, nodeId(r, c), spec.stubLengthM, isArterial);
    };
    for (int c = 0; c < C; ++c) {
        stub(0, c, 0, 1, arterial(c));
        stub(R - 1, c, 0, -1, arterial(c));
    }
    for (int r = 0; r < R; ++r) {
        stub(r, 0, -1, 0, arterial(r));
        stub(r, C - 1, 1, 0, arterial(r));
    }
    // Two-phase signals at every grid node: north-south approaches, then east-west. A first build
    // generates the movements the phases are given.
    auto network = b.build();
    for (int r = 0; r < R; ++r)
        for (int c = 0; c < C; ++c) {
            const std::uint32_t n = nodeId(r, c);
            const std::uint32_t s = b.addSignal(n, {spec.timing, spec.timing}, kNoIndex, network->node(n).id);
            for (std::uint32_t m : network->movementsAt(n)) {
                const CtmLink &in = network->link(network->movement(m).from);
                const bool northSouth = std::abs(network->node(in.from).x - network->node(in.to).x) < 1e-6;
                b.greenMovement(s, northSouth ? 0 : 1, network->movement(m).from, network->movement(m).to);
            }
        }
    return b.build();
}

// ---- Simulator -----------------------------------------------------------------------------------------

double VehicleAccount::relativeError() const
{
    return std::abs(error()) / std::max(1.0, generated);
}

CtmSimulator::CtmSimulator(std::shared_ptr<const CtmNetwork> network, DemandModel demand, CtmConfig config,
                           std::uint64_t seed, std::int64_t startNs)
    : m_net(std::move(network)), m_demand(std::move(demand)), m_cfg(config)
{
    if (!m_net || m_demand.network() != m_net)
        throw std::invalid_argument("CtmSimulator: the demand must be built on the same network");
    constexpr std::int64_t kMinuteNs = 60'000'000'000LL;
    m_dtNs = std::llround(m_cfg.dtS * 1e9);
    const std::int64_t readingNs = std::llround(m_cfg.readingIntervalS * 1e9);
    const std::int64_t turningNs = std::llround(m_cfg.turningUpdateS * 1e9);
    if (m_dtNs <= 0 || kMinuteNs % m_dtNs != 0)
        throw std::invalid_argument("CtmSimulator: dt must divide 60 s");
    if (readingNs <= 0 || readingNs % m_dtNs != 0 || turningNs <= 0 || turningNs % m_dtNs != 0)
        throw std::invalid_argument("CtmSimulator: reading and turning intervals must be whole numbers of steps");
    m_dt = static_cast<double>(m_dtNs) * 1e-9;
    m_stepsPerMinute = static_cast<std::uint32_t>(kMinuteNs / m_dtNs);
    m_stepsPerReading = static_cast<std::uint32_t>(readingNs / m_dtNs);
    m_stepsPerTurning = static_cast<std::uint32_t>(turningNs / m_dtNs);

    const CtmNetwork &net = *m_net;
    const auto links = net.linkCount();
    m_first.resize(links);
    m_last.resize(links);
    m_linkStorage.resize(links);
    for (std::uint32_t l = 0; l < links; ++l) {
        const CtmLink &k = net.link(l);
        const double vf = k.speedKmh / 3.6; // m/s
        const auto cells = static_cast<std::uint32_t>(std::max(1.0, std::floor(k.lengthM / (vf * m_dt) + 1e-9)));
        const double dx = k.lengthM / cells;
        const double kJam = m_cfg.jamDensityPerLaneKm * k.lanes; // veh/km
        // Keep the critical density well below jam density so the wave speed stays finite.
        const double cap = std::min(k.capacityVph, 0.8 * kJam * k.speedKmh);
        const double kCrit = cap / k.speedKmh;
        const double w = cap / (kJam - kCrit) / 3.6; // m/s
        m_first[l] = static_cast<std::uint32_t>(m_cellCount);
        for (std::uint32_t c = 0; c < cells; ++c) {
            m_vfRatio.push_back(std::min(1.0, vf * m_dt / dx));
            m_wRatio.push_back(std::min(1.0, w * m_dt / dx));
            m_storage.push_back(kJam * dx / 1000.0);
            m_baseCap.push_back(cap * m_dt / 3600.0);
            m_interior.push_back(c + 1 < cells ? 1.0 : 0.0);
        }
        m_cellCount += cells;
        m_last[l] = static_cast<std::uint32_t>(m_cellCount - 1);
        m_linkStorage[l] = kJam * k.lengthM / 1000.0;
    }
    for (auto *v : {&m_vfRatio, &m_wRatio, &m_storage, &m_baseCap, &m_interior})
        v->push_back(0.0); // the padding cell

    const std::size_t cellsPadded = m_cellCount + 1;
    const std::size_t movements = net.movementCount();
    const std::size_t signals = net.signalCount();
    CtmState &s = m_s;
    s.timeNs = startNs;
    s.rng = Random(seed);
    s.vehicles.assign(cellsPadded, 0.0);
    s.capStep = m_baseCap;
    s.cumVehicles.assign(m_cellCount, 0.0);
    s.cumOutflow.assign(m_cellCount, 0.0);
    s.capFactor.assign(links, 1.0);
    s.incidentFactor.assign(links, 1.0);
    s.incidentCell.assign(links, kNoIndex);
    s.queue.assign(links, 0.0);
    s.arrivalPerStep.assign(links, 0.0);
    s.exitFraction.assign(links, 0.0);
    s.cumExit.assign(links, 0.0);
    s.cumNodeOut.assign(links, 0.0);
    s.beta.assign(movements, 0.0);
    s.open.assign(movements, 1.0);
    s.cumMovement.assign(movements, 0.0);
    s.phase.assign(signals, 0);
    s.nextPhase.assign(signals, 0);
    s.stage.assign(signals, SignalStage::Green);
    s.remainingS.assign(signals, 0.0);
    s.greenElapsedS.assign(signals, 0.0);
    s.lastCycleS.assign(signals, 0.0);
    s.cycleStartNs.assign(signals, startNs);

    m_flow.assign(cellsPadded + 1, 0.0);
    for (auto *v : {&m_send, &m_receive, &m_demandIn, &m_ratio, &m_nodeIn, &m_nodeOut, &m_rates})
        v->assign(links, 0.0);
    m_movDemand.assign(movements, 0.0);
    m_movFrom.resize(movements);
    m_movTo.resize(movements);
    for (std::uint32_t m = 0; m < movements; ++m) {
        m_movFrom[m] = net.movement(m).from;
        m_movTo[m] = net.movement(m).to;
    }

    auto fixed = std::make_unique<FixedTimeController>(net.signals());
    m_fixed = fixed.get();
    m_controller = std::move(fixed);
    m_phaseOffset.resize(signals);
    std::size_t phaseTotal = 0;
    for (std::uint32_t sig = 0; sig < signals; ++sig) {
        m_phaseOffset[sig] = static_cast<std::uint32_t>(phaseTotal);
        phaseTotal += net.signal(sig).phases.size();
    }
    m_passS.assign(phaseTotal, 0.0);
    s.signalDirty.assign(signals, 1);
    for (std::uint32_t sig = 0; sig < signals; ++sig) {
        s.lastCycleS[sig] = m_fixed->cycleS(sig);
        startGreen(sig, 0, startNs);
    }
    refreshTurning();
    refreshArrivals();
}

std::int64_t CtmSimulator::timeNs() const
{
    return m_s.timeNs;
}

std::uint64_t CtmSimulator::steps() const
{
    return m_s.steps;
}

void CtmSimulator::advanceTo(std::int64_t timeNs, std::vector<Reading> *readings)
{
    while (m_s.timeNs + m_dtNs <= timeNs) {
        runSignals();
        step();
        ++m_s.steps;
        ++m_s.detectorSteps;
        m_s.timeNs += m_dtNs;
        if (m_s.steps % m_stepsPerReading == 0)
            emitReadings(readings);
        if (m_s.steps % m_stepsPerTurning == 0)
            refreshTurning();
        if (m_s.steps % m_stepsPerMinute == 0)
            refreshArrivals();
    }
}

void CtmSimulator::step()
{
    const std::size_t cells = m_cellCount;
    const std::size_t links = m_first.size();
    const std::size_t movements = m_movFrom.size();
    double *__restrict n = m_s.vehicles.data();
    const double *__restrict cap = m_s.capStep.data();
    const double *__restrict vfR = m_vfRatio.data();
    const double *__restrict wR = m_wRatio.data();
    const double *__restrict storage = m_storage.data();
    const double *__restrict interior = m_interior.data();
    double *__restrict y = m_flow.data(); // y[c + 1]: flow out of cell c into c + 1 (inside a link)

    // Flows between neighbouring cells of a link: min(sending, receiving), zero across link ends.
    y[0] = 0.0;
    for (std::size_t c = 0; c < cells; ++c) {
        const double send = std::min(vfR[c] * n[c], cap[c]);
        const double receive = std::min(cap[c + 1], wR[c + 1] * (storage[c + 1] - n[c + 1]));
        y[c + 1] = interior[c] * std::max(0.0, std::min(send, receive));
    }

    // Nodes: what each link end can send and each link start can receive.
    double *__restrict send = m_send.data();
    double *__restrict receive = m_receive.data();
    double *__restrict demandIn = m_demandIn.data();
    double *__restrict nodeIn = m_nodeIn.data();
    double *__restrict nodeOut = m_nodeOut.data();
    double *__restrict ratio = m_ratio.data();
    const std::uint32_t *__restrict first = m_first.data();
    const std::uint32_t *__restrict last = m_last.data();
    for (std::size_t l = 0; l < links; ++l) {
        const std::uint32_t a = last[l], b = first[l];
        send[l] = std::max(0.0, std::min(vfR[a] * n[a], cap[a]));
        receive[l] = std::max(0.0, std::min(cap[b], wR[b] * (storage[b] - n[b])));
        demandIn[l] = 0.0;
        nodeIn[l] = 0.0;
        nodeOut[l] = 0.0;
    }
    const std::uint32_t *__restrict mFrom = m_movFrom.data();
    const std::uint32_t *__restrict mTo = m_movTo.data();
    const double *__restrict beta = m_s.beta.data();
    const double *__restrict open = m_s.open.data();
    double *__restrict movDemand = m_movDemand.data();
    for (std::size_t m = 0; m < movements; ++m) {
        const double d = open[m] * beta[m] * send[mFrom[m]];
        movDemand[m] = d;
        demandIn[mTo[m]] += d;
    }
    for (std::size_t l = 0; l < links; ++l)
        ratio[l] = demandIn[l] > receive[l] ? receive[l] / demandIn[l] : 1.0;
    double *__restrict cumMovement = m_s.cumMovement.data();
    for (std::size_t m = 0; m < movements; ++m) {
        const double f = movDemand[m] * ratio[mTo[m]];
        nodeOut[mFrom[m]] += f;
        nodeIn[mTo[m]] += f;
        cumMovement[m] += f;
    }

    // Cells: move the inside flows; sample the detectors (state at the start of the step).
    double *__restrict cumVeh = m_s.cumVehicles.data();
    double *__restrict cumOut = m_s.cumOutflow.data();
    for (std::size_t c = 0; c < cells; ++c) {
        cumVeh[c] += n[c];
        cumOut[c] += y[c + 1];
        n[c] += y[c] - y[c + 1];
    }

    // Link ends: destinations and sinks, then the sources' vertical queues take what room is left.
    const double *__restrict exitFraction = m_s.exitFraction.data();
    const double *__restrict arrival = m_s.arrivalPerStep.data();
    double *__restrict queue = m_s.queue.data();
    double *__restrict cumExit = m_s.cumExit.data();
    double *__restrict cumNodeOut = m_s.cumNodeOut.data();
    double exited = 0, generated = 0, entered = 0;
    for (std::size_t l = 0; l < links; ++l) {
        // Trips ending here leave in step with the traffic that moves on: a share e of the link's outflow.
        // (Draining e x sending regardless would empty a queue standing at red through its side streets.)
        const double e = exitFraction[l];
        const double leave = e >= 1.0 ? send[l] : e / (1.0 - e) * nodeOut[l];
        nodeOut[l] += leave;
        exited += leave;
        cumExit[l] += leave;
        const double a = arrival[l];
        queue[l] += a;
        generated += a;
        const double q = std::min(queue[l], std::max(0.0, receive[l] - nodeIn[l]));
        queue[l] -= q;
        entered += q;
        n[first[l]] += nodeIn[l] + q;
        n[last[l]] -= nodeOut[l];
        cumNodeOut[l] += nodeOut[l];
    }
    m_s.exited.add(exited);
    m_s.generated.add(generated);
    m_s.entered.add(entered);
}

void CtmSimulator::refreshArrivals()
{
    m_demand.ratesAt(m_s.timeNs, m_rates);
    const bool stochastic = m_demand.config().stochastic;
    const double perStep = 1.0 / m_stepsPerMinute;
    for (std::size_t l = 0; l < m_rates.size(); ++l) {
        const double perMinute = m_rates[l] / 60.0;
        double count = 0;
        if (perMinute > 0)
            count = stochastic ? static_cast<double>(m_s.rng.poisson(perMinute)) : perMinute;
        m_s.arrivalPerStep[l] = count * perStep;
    }
}

void CtmSimulator::refreshTurning()
{
    m_demand.turningAt(m_s.timeNs, m_s.beta, m_s.exitFraction);
}

void CtmSimulator::refreshCapacity(std::uint32_t link)
{
    for (std::uint32_t c = m_first[link]; c <= m_last[link]; ++c) {
        const double incident = c == m_s.incidentCell[link] ? m_s.incidentFactor[link] : 1.0;
        m_s.capStep[c] = m_baseCap[c] * m_s.capFactor[link] * incident;
    }
}

void CtmSimulator::setIncident(std::uint32_t link, int lanesBlocked, double position)
{
    const int lanes = m_net->link(link).lanes;
    const std::uint32_t cells = cellCount(link);
    const auto offset = static_cast<std::uint32_t>(
        std::min<double>(cells - 1, std::floor(std::clamp(position, 0.0, 1.0) * cells)));
    m_s.incidentCell[link] = m_first[link] + offset;
    m_s.incidentFactor[link] = static_cast<double>(std::max(0, lanes - std::max(0, lanesBlocked))) / lanes;
    refreshCapacity(link);
}

void CtmSimulator::clearIncident(std::uint32_t link)
{
    m_s.incidentCell[link] = kNoIndex;
    m_s.incidentFactor[link] = 1.0;
    refreshCapacity(link);
}

void CtmSimulator::setCapacityFactor(std::uint32_t link, double factor)
{
    m_s.capFactor.at(link) = std::max(0.0, factor);
    refreshCapacity(link);
}

double CtmSimulator::capacityFactor(std::uint32_t link) const
{
    return m_s.capFactor.at(link);
}

// ---- Signals -------------------------------------------------------------------------------------------

void CtmSimulator::setController(std::unique_ptr<SignalController> controller)
{
    if (!controller)
        throw std::invalid_argument("CtmSimulator::setController: null");
    m_fixed = dynamic_cast<FixedTimeController *>(controller.get());
    m_controller = std::move(controller);
}

FixedTimeController *CtmSimulator::fixedTimeController()
{
    return m_fixed;
}

int CtmSimulator::signalPhase(std::uint32_t signal) const
{
    return m_s.phase.at(signal);
}

SignalStage CtmSimulator::signalStage(std::uint32_t signal) const
{
    return m_s.stage.at(signal);
}

double CtmSimulator::signalCycleS(std::uint32_t signal) const
{
    return m_s.lastCycleS.at(signal);
}

// Stage boundaries fall anywhere inside a step, not on the step grid: a movement's `open` is the share of
// the coming step its phase spends passing traffic. Green times are then exact whatever dt is, so a fixed
// plan's split and cycle length come out as planned (with dt = 2 s, a 3 s amber would otherwise round).

SignalDecision CtmSimulator::ask(std::uint32_t signal, std::int64_t atNs)
{
    const SignalPlan &plan = m_net->signal(signal);
    SignalNodeState state;
    state.signal = signal;
    state.timeNs = atNs;
    state.phase = m_s.phase[signal];
    state.phaseCount = static_cast<int>(plan.phases.size());
    state.greenElapsedS = m_s.greenElapsedS[signal];
    state.plan = &plan;
    state.sim = this;
    SignalDecision d = m_controller->decide(state);
    // Every green lasts at least its minimum and one step, so no plan can spin within a step.
    const double minGreen = std::max(m_dt, plan.phases[static_cast<std::size_t>(state.phase)].minGreenS);
    if (d.nextPhase >= 0 && (d.nextPhase == state.phase || d.nextPhase >= state.phaseCount))
        d = SignalDecision::hold(m_dt);
    if (d.nextPhase >= 0 && state.greenElapsedS + kEps < minGreen)
        d = SignalDecision::hold(minGreen - state.greenElapsedS);
    if (d.nextPhase < 0)
        d.holdS = std::max(d.holdS, m_dt);
    return d;
}

void CtmSimulator::startGreen(std::uint32_t signal, int phase, std::int64_t atNs)
{
    m_s.phase[signal] = phase;
    m_s.stage[signal] = SignalStage::Green;
    m_s.greenElapsedS[signal] = 0;
    if (phase == 0 && atNs != m_s.cycleStartNs[signal]) {
        m_s.lastCycleS[signal] = static_cast<double>(atNs - m_s.cycleStartNs[signal]) * 1e-9;
        m_s.cycleStartNs[signal] = atNs;
    }
    boundary(signal, atNs);
}

void CtmSimulator::boundary(std::uint32_t signal, std::int64_t atNs)
{
    const PhaseTiming &t = m_net->signal(signal).phases[static_cast<std::size_t>(m_s.phase[signal])];
    switch (m_s.stage[signal]) {
    case SignalStage::Green: {
        const SignalDecision d = ask(signal, atNs);
        if (d.nextPhase < 0) {
            m_s.remainingS[signal] = d.holdS;
        } else {
            m_s.nextPhase[signal] = d.nextPhase;
            m_s.stage[signal] = SignalStage::Amber;
            m_s.remainingS[signal] = t.amberS;
        }
        break;
    }
    case SignalStage::Amber:
        m_s.stage[signal] = SignalStage::AllRed;
        m_s.remainingS[signal] = t.allRedS;
        break;
    case SignalStage::AllRed:
        startGreen(signal, m_s.nextPhase[signal], atNs);
        break;
    }
}

void CtmSimulator::runSignals()
{
    const std::size_t signals = m_s.phase.size();
    const bool amberPasses = m_cfg.amberPasses;
    for (std::uint32_t s = 0; s < signals; ++s) {
        if (m_s.remainingS[s] > m_dt + kEps && !m_s.signalDirty[s]) {
            // No boundary in this step and the movements are already fully open or closed.
            m_s.remainingS[s] -= m_dt;
            if (m_s.stage[s] == SignalStage::Green)
                m_s.greenElapsedS[s] += m_dt;
            continue;
        }
        // Walk through the step, boundary by boundary, adding up how long each phase passes traffic.
        double *pass = m_passS.data() + m_phaseOffset[s];
        const std::size_t phases = m_net->signal(s).phases.size();
        std::fill(pass, pass + phases, 0.0);
        bool crossed = false;
        double tau = 0;
        for (;;) {
            const double seg = std::min(m_s.remainingS[s], m_dt - tau);
            const SignalStage stage = m_s.stage[s];
            if (stage == SignalStage::Green || (stage == SignalStage::Amber && amberPasses))
                pass[m_s.phase[s]] += seg;
            if (stage == SignalStage::Green)
                m_s.greenElapsedS[s] += seg;
            m_s.remainingS[s] -= seg;
            tau += seg;
            if (m_s.remainingS[s] > kEps)
                break;
            boundary(s, m_s.timeNs + std::llround(tau * 1e9));
            crossed = true;
            if (tau >= m_dt - kEps)
                break;
        }
        const std::uint32_t node = m_net->signal(s).node;
        for (std::uint32_t m : m_net->movementsAt(node)) {
            const std::uint32_t mask = m_net->movement(m).phaseMask;
            if (mask == CtmMovement::kAlwaysOpen) {
                m_s.open[m] = 1.0;
                continue;
            }
            double open = 0;
            for (std::size_t p = 0; p < phases; ++p)
                if (mask & (1u << p))
                    open += pass[p];
            m_s.open[m] = std::min(1.0, open / m_dt);
        }
        // A step with a boundary leaves fractions behind: the next step recomputes them.
        m_s.signalDirty[s] = crossed ? 1 : 0;
    }
}

double CtmSimulator::phaseQueueVeh(std::uint32_t signal, int phase) const
{
    const std::uint32_t bit = 1u << phase;
    double sum = 0;
    for (std::uint32_t m : m_net->movementsAt(m_net->signal(signal).node)) {
        const std::uint32_t mask = m_net->movement(m).phaseMask;
        if (mask != CtmMovement::kAlwaysOpen && (mask & bit))
            sum += m_s.beta[m] * m_s.vehicles[m_last[m_movFrom[m]]];
    }
    return sum;
}

double CtmSimulator::phasePressure(std::uint32_t signal, int phase) const
{
    const std::uint32_t bit = 1u << phase;
    double sum = 0;
    for (std::uint32_t m : m_net->movementsAt(m_net->signal(signal).node)) {
        const std::uint32_t mask = m_net->movement(m).phaseMask;
        if (mask != CtmMovement::kAlwaysOpen && (mask & bit))
            sum += linkOccupancy(m_movFrom[m]) - linkOccupancy(m_movTo[m]);
    }
    return sum;
}

double CtmSimulator::phaseApproachVeh(std::uint32_t signal, int phase) const
{
    const std::uint32_t bit = 1u << phase;
    double sum = 0;
    for (std::uint32_t m : m_net->movementsAt(m_net->signal(signal).node)) {
        const std::uint32_t mask = m_net->movement(m).phaseMask;
        if (mask == CtmMovement::kAlwaysOpen || !(mask & bit))
            continue;
        const std::uint32_t l = m_movFrom[m];
        double upstream = 0;
        for (std::uint32_t c = m_first[l]; c < m_last[l]; ++c)
            upstream += m_s.vehicles[c];
        sum += m_s.beta[m] * upstream;
    }
    return sum;
}

double CtmSimulator::phaseExitVeh(std::uint32_t signal, int phase) const
{
    const std::uint32_t bit = 1u << phase;
    double sum = 0;
    for (std::uint32_t m : m_net->movementsAt(m_net->signal(signal).node)) {
        const std::uint32_t mask = m_net->movement(m).phaseMask;
        if (mask != CtmMovement::kAlwaysOpen && (mask & bit))
            sum += m_s.beta[m] * linkVehicles(m_movTo[m]);
    }
    return sum;
}

double CtmSimulator::phaseBlockedShare(std::uint32_t signal, int phase, double fullOccupancy) const
{
    const std::uint32_t bit = 1u << phase;
    double waiting = 0, blocked = 0;
    for (std::uint32_t m : m_net->movementsAt(m_net->signal(signal).node)) {
        const std::uint32_t mask = m_net->movement(m).phaseMask;
        if (mask == CtmMovement::kAlwaysOpen || !(mask & bit))
            continue;
        const double q = m_s.beta[m] * m_s.vehicles[m_last[m_movFrom[m]]];
        waiting += q;
        if (linkOccupancy(m_movTo[m]) >= fullOccupancy)
            blocked += q;
    }
    return waiting > 0 ? blocked / waiting : 0.0;
}

double CtmSimulator::signalRemainingS(std::uint32_t signal) const
{
    return m_s.remainingS.at(signal);
}

double CtmSimulator::signalGreenElapsedS(std::uint32_t signal) const
{
    return m_s.greenElapsedS.at(signal);
}

int CtmSimulator::signalNextPhase(std::uint32_t signal) const
{
    return m_s.stage.at(signal) == SignalStage::Green ? m_s.phase.at(signal) : m_s.nextPhase.at(signal);
}

// ---- Readings and state --------------------------------------------------------------------------------

void CtmSimulator::emitReadings(std::vector<Reading> *readings)
{
    const double steps = std::max<double>(1, m_s.detectorSteps);
    if (readings) {
        const CtmNetwork &net = *m_net;
        for (std::uint32_t l = 0; l < net.linkCount(); ++l) {
            const CtmLink &k = net.link(l);
            double veh = 0, out = m_s.cumNodeOut[l];
            for (std::uint32_t c = m_first[l]; c <= m_last[l]; ++c) {
                veh += m_s.cumVehicles[c];
                out += m_s.cumOutflow[c];
            }
            veh /= steps;
            const double flowVph = out / (m_last[l] - m_first[l] + 1) / steps * 3600.0 / m_dt;
            const double density = veh / (k.lengthM / 1000.0); // veh/km
            const double speed = veh > 1e-6 ? std::min(k.speedKmh, flowVph / density) : k.speedKmh;
            Reading r;
            r.timeNs = m_s.timeNs;
            r.entity = k.entity == kNoIndex ? l : k.entity;
            r.measurement = Measurement::Traffic;
            r.fieldMask = 0b111;
            r.values[0] = speed;
            r.values[1] = flowVph;
            r.values[2] = std::clamp(veh / m_linkStorage[l], 0.0, 1.0);
            readings->push_back(r);
        }
        for (std::uint32_t s = 0; s < net.signalCount(); ++s) {
            Reading r;
            r.timeNs = m_s.timeNs;
            r.entity = net.signal(s).entity;
            r.measurement = Measurement::Signal;
            r.fieldMask = 0b11;
            r.values[0] = m_s.phase[s];
            r.values[1] = m_s.lastCycleS[s];
            readings->push_back(r);
        }
    }
    std::fill(m_s.cumVehicles.begin(), m_s.cumVehicles.end(), 0.0);
    std::fill(m_s.cumOutflow.begin(), m_s.cumOutflow.end(), 0.0);
    std::fill(m_s.cumNodeOut.begin(), m_s.cumNodeOut.end(), 0.0);
    m_s.detectorSteps = 0;
}

VehicleAccount CtmSimulator::account() const
{
    VehicleAccount a;
    a.generated = m_s.generated.value();
    a.entered = m_s.entered.value();
    a.exited = m_s.exited.value();
    CompensatedSum cells, queues;
    for (std::size_t c = 0; c < m_cellCount; ++c)
        cells.add(m_s.vehicles[c]);
    for (double q : m_s.queue)
        queues.add(q);
    a.inCells = cells.value();
    a.inQueues = queues.value();
    return a;
}

double CtmSimulator::linkVehicles(std::uint32_t link) const
{
    double sum = 0;
    for (std::uint32_t c = m_first[link]; c <= m_last[link]; ++c)
        sum += m_s.vehicles[c];
    return sum;
}

double CtmSimulator::linkOccupancy(std::uint32_t link) const
{
    return std::clamp(linkVehicles(link) / m_linkStorage[link], 0.0, 1.0);
}

double CtmSimulator::sourceQueue(std::uint32_t link) const
{
    return m_s.queue.at(link);
}

double CtmSimulator::exitedAt(std::uint32_t link) const
{
    return m_s.cumExit.at(link);
}

double CtmSimulator::movementVehicles(std::uint32_t movement) const
{
    return m_s.cumMovement.at(movement);
}

std::span<const double> CtmSimulator::cellVehicles() const
{
    return {m_s.vehicles.data(), m_cellCount};
}

std::span<const double> CtmSimulator::cellStorage() const
{
    return {m_storage.data(), m_cellCount};
}

std::uint32_t CtmSimulator::cellCount(std::uint32_t link) const
{
    return m_last.at(link) - m_first.at(link) + 1;
}

CtmState CtmSimulator::snapshot() const
{
    return m_s;
}

void CtmSimulator::restore(const CtmState &state)
{
    if (state.vehicles.size() != m_s.vehicles.size() || state.queue.size() != m_s.queue.size()
        || state.beta.size() != m_s.beta.size() || state.phase.size() != m_s.phase.size())
        throw std::invalid_argument("CtmSimulator::restore: state of another network or config");
    m_s = state;
}

} // namespace cityops::core
