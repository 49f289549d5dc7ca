#include "optimize/districtcontrol.h"

#include <memory>

namespace cityops::core {

AdaptiveSignalController &adaptiveSignals(CitySimulator &sim)
{
    CtmSimulator &traffic = sim.traffic();
    if (auto *c = dynamic_cast<AdaptiveSignalController *>(&traffic.controller()))
        return *c;
    auto controller = std::make_unique<AdaptiveSignalController>(traffic.network(), false);
    // Keep greens an operator set in the running fixed-time plan.
    if (FixedTimeController *fixed = traffic.fixedTimeController())
        for (std::uint32_t s = 0; s < fixed->signalCount(); ++s)
            for (std::size_t p = 0; p < traffic.network().signal(s).phases.size(); ++p)
                controller->fixedTime().setGreen(s, static_cast<int>(p), fixed->green(s, static_cast<int>(p)));
    AdaptiveSignalController &ref = *controller;
    traffic.setController(std::move(controller));
    return ref;
}

std::vector<std::uint32_t> signalsInDistrict(const CitySimulator &sim, const std::string &districtId)
{
    std::vector<std::uint32_t> out;
    const CtmNetwork &net = sim.traffic().network();
    const CityModel &city = *sim.scenario().city;
    for (std::uint32_t s = 0; s < net.signalCount(); ++s) {
        if (districtId.empty()) {
            out.push_back(s);
            continue;
        }
        const std::uint32_t e = net.signal(s).entity;
        if (e < city.size() && city.entity(e).district == districtId)
            out.push_back(s);
    }
    return out;
}

int setDistrictAdaptive(CitySimulator &sim, const std::string &districtId, bool adaptive)
{
    AdaptiveSignalController &c = adaptiveSignals(sim);
    const auto members = signalsInDistrict(sim, districtId);
    for (std::uint32_t s : members)
        c.setAdaptive(s, adaptive);
    return static_cast<int>(members.size());
}

} // namespace cityops::core
