// Placeholder until this command lands: it says so and fails, so nothing mistakes it for a result.
#include "commands.h"

#include <cstdio>

namespace cityops::cli {

int runEvalFlood(int, char **)
{
    std::fputs("cityops-cli: this command is not implemented yet\n", stderr);
    return 3;
}

int runBenchFlood(int, char **)
{
    std::fputs("cityops-cli: this command is not implemented yet\n", stderr);
    return 3;
}

} // namespace cityops::cli
