// cityops-cli eval incidents: incident detection in the simulated city (see core/predict/incidentevaluation.h
// for the protocol): clean days to learn what is normal, then incidents injected at random links and times
// of the evaluation day, matched against the detector's alarms.
#include "args.h"
#include "citysource.h"
#include "commands.h"

#include "predict/incidentevaluation.h"

#include <utility>
#include <boost/json.hpp>

#include <cstdio>

namespace cityops::cli {

int runEvalIncidents(int argc, char **argv)
{
    const Args args(argc, argv, 3,
                    {"scenario", "seed", "incidents", "hours", "start-hour", "learn-days", "persist-min", "lanes"},
                    {"json", "list", "help"});
    if (args.has("help")) {
        std::puts("cityops-cli eval incidents --scenario DIR [--seed 1] [--incidents 40] [--start-hour 6] [--hours 14]\n"
                  "  [--learn-days 2] [--lanes all|all-but-one] [--persist-min 3] [--list] [--json]\n"
                  "Simulates clean days to learn what is normal, then a day with incidents at random links and\n"
                  "times; prints detection rate, false alarms per 100 detector-hours and mean time to detect.\n"
                  "--lanes: an incident blocks every lane of its link (default), or all but one on multi-lane links.");
        return 0;
    }
    std::string error;
    auto scenario = loadScenarioArg(args, error);
    if (!scenario)
        throw UsageError(error);
    core::IncidentEvalOptions opt;
    opt.seed = static_cast<std::uint64_t>(args.integer("seed", 1));
    opt.incidents = static_cast<int>(args.integer("incidents", 40));
    opt.evalHours = args.number("hours", 14.0);
    opt.evalStartHour = args.number("start-hour", 6.0);
    opt.learnDays = static_cast<int>(args.integer("learn-days", opt.learnDays));
    const std::string lanes = args.value("lanes", "all");
    if (lanes != "all" && lanes != "all-but-one")
        throw UsageError("--lanes must be all or all-but-one");
    opt.fullClosure = lanes == "all";
    opt.detector.persistMinutes = static_cast<int>(args.integer("persist-min", opt.detector.persistMinutes));
    if (opt.incidents < 1 || opt.incidents > 100000)
        throw UsageError("--incidents must be between 1 and 100000");
    if (!(opt.evalHours > 0) || opt.evalStartHour < 0 || opt.evalStartHour + opt.evalHours > 24)
        throw UsageError("--start-hour and --hours must lie within one day");
    if (opt.learnDays < 1 || opt.learnDays > 14)
        throw UsageError("--learn-days must be between 1 and 14");
    if (opt.detector.persistMinutes < 1 || opt.detector.persistMinutes > 60)
        throw UsageError("--persist-min must be between 1 and 60");

    const core::IncidentEvalResult r = core::evaluateIncidents(scenario, opt);

    std::size_t onLink = 0, missedMulti = 0, missedSingle = 0;
    for (const auto &o : r.incidents) {
        onLink += o.detectedOnLink;
        if (!o.detected)
            (o.lanes > 1 ? missedMulti : missedSingle) += 1;
    }
    if (args.has("json")) {
        boost::json::array list;
        if (args.has("list"))
            for (const auto &o : r.incidents)
                list.push_back(boost::json::object{{"link", o.linkId},
                                                   {"lanes", o.lanes},
                                                   {"lanes_blocked", o.lanesBlocked},
                                                   {"start_ns", o.startNs},
                                                   {"duration_s", static_cast<double>(o.durationNs) / 1e9},
                                                   {"expected_occupancy", o.expectedOccupancyAtStart},
                                                   {"speed_drop_share", o.speedDropShare},
                                                   {"occupancy_rise", o.occupancyRise},
                                                   {"measurable", o.measurable},
                                                   {"detected", o.detected},
                                                   {"on_link", o.detectedOnLink},
                                                   {"time_to_detect_s", o.timeToDetectS}});
        boost::json::object out{{"detection_rate", r.detectionRate},
                                {"false_alarms_per_100_detector_hours", r.falseAlarmsPer100DetectorHours},
                                {"mean_time_to_detect_s", r.meanTimeToDetectS},
                                {"incidents", r.incidents.size()},
                                {"detected", r.detected},
                                {"detected_on_incident_link", onLink},
                                {"measurable", r.measurable},
                                {"detected_measurable", r.detectedMeasurable},
                                {"detection_rate_measurable",
                                 r.measurable ? static_cast<double>(r.detectedMeasurable) / static_cast<double>(r.measurable) : 0.0},
                                {"lanes_blocked", lanes},
                                {"missed_single_lane_links", missedSingle},
                                {"missed_multi_lane_links", missedMulti},
                                {"alarms", r.alarms},
                                {"alarms_related_to_incidents", r.relatedAlarms},
                                {"false_alarms", r.falseAlarms},
                                {"detector_hours", r.detectorHours},
                                {"links", r.links},
                                {"seed", opt.seed},
                                {"eval_hours", opt.evalHours},
                                {"wall_s", r.wallSeconds}};
        if (args.has("list"))
            out["incident_list"] = std::move(list);
        std::puts(boost::json::serialize(out).c_str());
    } else {
        std::printf("%zu incidents on %zu links over %.1f h (seed %llu): detected %zu (%.1f %%; %zu on the incident's "
                    "own link), mean time to detect %.0f s\n",
                    r.incidents.size(), r.links, opt.evalHours, static_cast<unsigned long long>(opt.seed), r.detected,
                    100 * r.detectionRate, onLink, r.meanTimeToDetectS);
        std::printf("missed: %zu on one-lane links, %zu on multi-lane links; %zu of %zu incidents changed their link's "
                    "readings measurably, %zu of those detected\n", missedSingle, missedMulti, r.measurable,
                    r.incidents.size(), r.detectedMeasurable);
        std::printf("alarms %zu: %zu related to incidents, %zu false = %.3f per 100 detector-hours (%.0f detector-hours)\n",
                    r.alarms, r.relatedAlarms, r.falseAlarms, r.falseAlarmsPer100DetectorHours, r.detectorHours);
        if (args.has("list"))
            for (const auto &o : r.incidents)
                std::printf("  %-10s lanes %d blocked %d  %3.0f min  occ %.3f  effect: speed -%.0f %%, occ +%.3f  %s %s %.0f s\n",
                            o.linkId.c_str(), o.lanes, o.lanesBlocked, static_cast<double>(o.durationNs) / 6e10,
                            o.expectedOccupancyAtStart, 100 * o.speedDropShare, o.occupancyRise,
                            o.detected ? "detected" : "MISSED", o.detectedOnLink ? "(on link)" : "", o.timeToDetectS);
        std::printf("(%.1f s)\n", r.wallSeconds);
    }
    return 0;
}

} // namespace cityops::cli
