// cityops-cli: the headless face of the engine (serve, bench, and later simulate, eval, scenario,
// record, replay). Machine-readable output with --json: one JSON object on stdout.
#include "args.h"
#include "commands.h"

#include <cstdio>
#include <cstring>
#include <string>

namespace {

void usage(FILE *to)
{
    std::fputs("usage: cityops-cli <command> [options]\n"
               "\n"
               "commands:\n"
               "  serve --record FILE [--scenario DIR] [--bind ADDR] [--tcp-port P] [--udp-port P]\n"
               "        [--precision ns|us|ms|s] [--max-line BYTES] [--stats-interval S] [--duration S]\n"
               "        runs the engine headless: listens for line protocol, records, prints counters\n"
               "  bench ingest --transport tcp|udp --readings N [--json]\n"
               "        end-to-end ingest throughput against a plain SQLite insert baseline\n"
               "  simulate --scenario DIR --to tcp://HOST:PORT [--speed 60] [--seed N] [--rain extreme]\n"
               "        runs the city simulator and feeds an engine over TCP\n"
               "  bench sim --scenario DIR [--hours 24] [--rain extreme] [--json]\n"
               "        simulates the whole city and prints the speed-up over real time\n"
               "  scenario generate --preset zhengzhou --seed N --out DIR [--json]\n"
               "  scenario validate DIR [--json]\n"
               "        writes a synthetic scenario folder; checks a scenario folder and lists every problem\n"
               "  record --scenario DIR --duration 2h --seed N --out FILE [--rain extreme] [--incident LINK@START[+DUR][:LANES]]\n"
               "        simulates a run through the engine and records it to a session file\n"
               "  replay FILE [--verify] [--info] [--speed X [--for S]] [--clip-from T --clip-to T --out CLIP] [--json]\n"
               "        replays a recording through the engine; --verify compares snapshots and alarms\n"
               "  eval forecast --csv F [--adj F] --interval-min M --horizons 15,30,45,60 [--json]\n"
               "  eval incidents --scenario DIR [--seed N] [--lanes all|all-but-one] [--json]\n"
               "  eval signals --sumocfg F --controller fixed|maxpressure|greedy|cityops --seeds N [--wave-lead S] [--json]\n"
               "  eval signals --scenario DIR --period evening-peak [--wave-lead S] [--json]\n"
               "  eval parking --csv F --horizons 30,60 [--json]\n"
               "  eval flood --case NAME|all [--scenario DIR] [--state live|tracked] [--seed N] [--trend-hold-min M] [--max-growth X] [--no-rise-trend] [--json]\n"
               "  eval service [--target-min 20] [--max-utilisation 0.9] [--json]\n"
               "        model evaluations, each next to its baselines measured in the same run\n"
               "  bench history [--scenario DIR] [--hours 24] [--record FILE] [--json]\n"
               "        a 24 h history query of 100 links, as the workstation runs it\n"
               "  bench replay|forecast|signals|flood [--json]\n"
               "        speed of replay and seeking, forecasting, one signal decision step, a flood prediction\n"
               "\n"
               "Run 'cityops-cli <command> --help' for a command's options.\n",
               to);
}

} // namespace

int main(int argc, char **argv)
{
    if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const std::string command = argv[1];
    try {
        if (command == "serve")
            return cityops::cli::runServe(argc, argv);
        if (command == "bench")
            return cityops::cli::runBench(argc, argv);
        if (command == "scenario")
            return cityops::cli::runScenario(argc, argv);
        if (command == "simulate")
            return cityops::cli::runSimulate(argc, argv);
        if (command == "eval")
            return cityops::cli::runEval(argc, argv);
        if (command == "record")
            return cityops::cli::runRecord(argc, argv);
        if (command == "replay")
            return cityops::cli::runReplay(argc, argv);
        std::fprintf(stderr, "cityops-cli: unknown command '%s'\n\n", command.c_str());
        usage(stderr);
        return 2;
    } catch (const cityops::cli::UsageError &e) {
        std::fprintf(stderr, "cityops-cli %s: %s\n", command.c_str(), e.what());
        return 2;
    } catch (const std::exception &e) {
        std::fprintf(stderr, "cityops-cli %s: error: %s\n", command.c_str(), e.what());
        return 1;
    }
}
