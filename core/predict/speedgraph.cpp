#include "predict/speedgraph.h"

#include "model/citymodel.h"
#include "sim/ctm.h"

#include <algorithm>

namespace cityops::core {

std::vector<std::vector<std::uint32_t>> scenarioDownstreamLinks(const Scenario &scenario)
{
    const auto net = CtmNetwork::fromScenario(scenario);
    const std::size_t n = scenario.links.size();
    std::vector<std::uint32_t> ctmOf(n, kNoIndex), scenarioOf(net->linkCount(), kNoIndex);
    for (std::size_t l = 0; l < n; ++l) {
        const std::uint32_t c = net->findLink(scenario.city->entity(scenario.links[l].entity).id);
        ctmOf[l] = c;
        if (c != kNoIndex)
            scenarioOf[c] = static_cast<std::uint32_t>(l);
    }
    std::vector<std::vector<std::uint32_t>> down(n);
    for (std::size_t l = 0; l < n; ++l) {
        if (ctmOf[l] == kNoIndex)
            continue;
        for (std::uint32_t m : net->movementsFrom(ctmOf[l])) {
            const std::uint32_t to = scenarioOf[net->movement(m).to];
            if (to != kNoIndex && std::find(down[l].begin(), down[l].end(), to) == down[l].end())
                down[l].push_back(to);
        }
    }
    return down;
}

SeriesGraph linkGraphFromDownstream(const std::vector<std::vector<std::uint32_t>> &downstream)
{
    SeriesGraph g = SeriesGraph::none(downstream.size());
    for (std::size_t l = 0; l < downstream.size(); ++l)
        for (std::uint32_t d : downstream[l]) {
            if (d == l || d >= downstream.size())
                continue;
            g.neighbours[l].emplace_back(d, 1.0);
            g.neighbours[d].emplace_back(static_cast<std::uint32_t>(l), 1.0);
        }
    for (auto &nbs : g.neighbours) { // a link both upstream and downstream counts once
        std::sort(nbs.begin(), nbs.end());
        nbs.erase(std::unique(nbs.begin(), nbs.end(),
                              [](const auto &a, const auto &b) { return a.first == b.first; }),
                  nbs.end());
    }
    return g;
}

SeriesGraph scenarioLinkGraph(const Scenario &scenario)
{
    return linkGraphFromDownstream(scenarioDownstreamLinks(scenario));
}

} // namespace cityops::core
