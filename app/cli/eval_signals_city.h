// The demo-city half of `eval signals` and `bench signals` (CTM simulator, no SUMO).
#pragma once

#include "args.h"

namespace cityops::cli {

int evalCitySignals(const Args &args);
int benchCitySignals(const Args &args);

} // namespace cityops::cli
