// Where the CLI's commands get their city model: a scenario folder, or the synthetic city.
#pragma once

#include "args.h"

#include "model/citymodel.h"

#include <memory>
#include <string>

namespace cityops::cli {

std::shared_ptr<const core::CityModel> loadCity(const Args &args, std::string &error);

} // namespace cityops::cli
