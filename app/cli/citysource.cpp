#include "citysource.h"

#include "model/syntheticcity.h"

namespace cityops::cli {

std::shared_ptr<const core::CityModel> loadCity(const Args &args, std::string &error)
{
    if (args.has("scenario")) {
        error = "scenario loading is not available in this build yet; use --synthetic";
        return nullptr;
    }
    return core::makeSyntheticCity();
}

} // namespace cityops::cli
