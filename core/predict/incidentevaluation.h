// Incident-detection evaluation in the simulator: a few clean days (independent simulations of the same
// hours with other seeds, as a recorder would have kept them) teach the detector what is normal; then
// incidents are injected at random links and times (seeded) into the evaluation day, the detector watches
// every link minute by minute, and its alarms are matched against the ground truth.
//
// Matching. An incident counts as detected by the first alarm raised while it lasts on its own link or on
// a link directly upstream of it (where its queue grows). Alarms on its link or up to relatedHops links
// upstream, from its start until clearanceMinutes after its end, belong to it (not false); every other
// alarm in the evaluation window is a false alarm. Incidents that change nothing measurable (a lane
// closed on a road with little traffic) stay in the count as missed.
//
// Threading: a pure function of its inputs (runs its own simulator); safe on any thread.
#pragma once

#include "model/scenario.h"
#include "predict/incidentdetector.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace cityops::core {

struct IncidentEvalOptions {
    std::uint64_t seed = 1;            ///< simulator and incident draw
    int incidents = 40;
    double evalStartHour = 6.0;        ///< local time on the second day
    double evalHours = 14.0;
    int learnDays = 2;                 ///< clean days simulated over the same hours to learn what is normal
    double warmupHours = 1.0;          ///< every simulation starts this long before it is read
    int minDurationMin = 20, maxDurationMin = 45;
    int clearanceMinutes = 20;
    int relatedHops = 3;
    bool fullClosure = true;           ///< block every lane; otherwise leave one lane open on multi-lane links
    bool counterfactual = true;        ///< also run the evaluation day without incidents, to measure each one's effect
    IncidentDetectorConfig detector;
    std::int64_t dayStartNs = 1626624000LL * 1'000'000'000LL; ///< first day's local midnight (2021-07-19 +08:00)
};

struct IncidentOutcome {
    std::uint32_t link = 0;
    std::string linkId;
    int lanes = 0, lanesBlocked = 0;
    std::int64_t startNs = 0, durationNs = 0;
    double expectedOccupancyAtStart = 0;   ///< what the link normally carries then (context for misses)
    /// Effect on the link's own readings against the same day without incidents (counterfactual run):
    /// the largest speed drop (share of the counterfactual speed) and occupancy rise that held for 3 minutes.
    double speedDropShare = 0, occupancyRise = 0;
    bool measurable = true;                 ///< drop >= 20 % or rise >= 0.05 for 3 minutes
    bool detected = false;
    bool detectedOnLink = false;            ///< by an alarm on the incident's own link
    double timeToDetectS = 0;
};

struct IncidentEvalResult {
    std::vector<IncidentOutcome> incidents;
    std::size_t detected = 0;
    std::size_t measurable = 0, detectedMeasurable = 0; ///< incidents that changed their link's readings
    std::size_t alarms = 0, relatedAlarms = 0, falseAlarms = 0;
    double detectorHours = 0;
    double detectionRate = 0;
    double falseAlarmsPer100DetectorHours = 0;
    double meanTimeToDetectS = 0;
    double wallSeconds = 0;
    std::size_t links = 0;
};

/// What the simulator produced: per-minute readings of every link and the injected incidents. Kept apart
/// from scoring so that detector settings can be compared on one run.
struct IncidentRun {
    std::size_t links = 0;
    std::vector<std::int64_t> minuteNs;       ///< start of each recorded minute
    std::vector<double> secondsOfDay;         ///< per minute, local
    std::vector<std::uint8_t> learning;       ///< per minute: from a clean day (1) or the evaluation day (0)
    std::vector<float> speed, occupancy;      ///< [minute * links + link]; NaN: no reading
    std::vector<std::vector<std::uint32_t>> downstream;
    std::vector<IncidentOutcome> incidents;   ///< detection fields still empty
    std::int64_t evalStartNs = 0, evalEndNs = 0;
    double simSeconds = 0;
};

IncidentRun simulateIncidentRun(std::shared_ptr<const Scenario> scenario, const IncidentEvalOptions &options);
IncidentEvalResult scoreIncidentRun(const IncidentRun &run, const IncidentEvalOptions &options);
/// Both in one: simulate, then score with options.detector.
IncidentEvalResult evaluateIncidents(std::shared_ptr<const Scenario> scenario, const IncidentEvalOptions &options);

} // namespace cityops::core
