// The index into Scenario::links of every model entity that is a road link (-1 for the others): the models
// that follow the snapshots (SpeedWatch, FloodWatch) report per scenario link, the UI selects entities.
#pragma once

#include "model/scenario.h"

#include <vector>

namespace cityops::ui {

inline std::vector<int> linkIndexByEntity(const core::Scenario &scenario)
{
    std::vector<int> out(scenario.city ? scenario.city->size() : 0, -1);
    for (std::size_t l = 0; l < scenario.links.size(); ++l)
        if (scenario.links[l].entity < out.size())
            out[scenario.links[l].entity] = static_cast<int>(l);
    return out;
}

} // namespace cityops::ui
