// Network Cell Transmission Model (Daganzo 1994, 1995): the city's traffic simulator.
//
// Every directed link is cut into cells one free-flow step long (v_f * dt, at least one cell). Each cell
// has a triangular fundamental diagram q = min(v_f k, Q, w (k_jam - k)) with the link's capacity Q
// (capacityVph: the whole link, all lanes), jam density k_jam = lanes x 150 veh/km and the wave speed w that
// joins them. Per time step a cell sends min(v_f k, Q) dt and receives min(Q, w (k_jam - k)) dt. At nodes,
// every movement (in-link -> out-link) asks for its turning fraction of the in-link's sending flow if its
// signal is green; movements competing for an out-link share its receiving flow in proportion to what they
// ask (conservative: nothing is created, no cell overfills). Movements are not FIFO-coupled: a red left
// turn does not block the through traffic beside it (lanes per movement). A link that leads nowhere is a
// sink; vehicles whose trip ends inside the city leave at the link end as a fixed share of the traffic that
// moves on (destination share, demand.h), so a queue at red holds them too. Demand enters through a queue
// outside the network ("vertical queue") at the link's first cell, so demand that cannot enter waits and is
// counted. Signal stages change at exact times, not on the step grid: a movement passes the share of a step
// its phase is green (or amber, configurable).
// Links shorter than v_f * dt are one cell that a vehicle needs a whole step to cross. Incidents and
// capacity factors scale a cell's capacity (sending and receiving), not its storage. See demand.h for the
// OD model and signalplan.h for signal control.
//
// Time comes only from the caller: advanceTo(t) runs as many steps of dt as fit. Randomness (arrivals)
// comes from one seeded generator, so a seed and the same calls reproduce the same readings bit for bit.
//
// Threading: CtmNetwork is immutable after build() and shared read-only between threads. A CtmSimulator is
// owned by one thread (the engine's, or a what-if job's); none of its members lock. It allocates nothing
// while stepping: all state lives in flat arrays sized at construction.
#pragma once

#include "feed/reading.h"
#include "sim/demand.h"
#include "sim/random.h"
#include "sim/signalplan.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cityops::core {

struct Scenario;

inline constexpr std::uint32_t kNoIndex = std::numeric_limits<std::uint32_t>::max();

enum class Turn : std::uint8_t { Unknown, Through, Left, Right, UTurn };

struct CtmNode {
    std::string id;
    double x = 0; ///< local metres east (for turn classification and the commute direction)
    double y = 0; ///< local metres north
};

struct CtmLink {
    std::string id;
    std::uint32_t from = 0, to = 0; ///< node indices
    double lengthM = 100;
    int lanes = 1;
    double speedKmh = 50;
    double capacityVph = 1800;      ///< whole link, all lanes
    std::uint32_t entity = kNoIndex; ///< Link entity for readings; kNoIndex: the link index
};

struct CtmMovement {
    std::uint32_t from = 0, to = 0; ///< in-link, out-link
    Turn turn = Turn::Unknown;
    double weight = 0;              ///< routing weight; 0: automatic (turn weight x out-link capacity)
    std::uint32_t phaseMask = 0;    ///< bit p: green in phase p of the node's signal; kAlwaysOpen if unsignalised
    static constexpr std::uint32_t kAlwaysOpen = 0xffffffffu;
};

/// The road graph the simulator runs on. Immutable once built (CtmNetworkBuilder or fromScenario).
class CtmNetwork {
public:
    std::size_t nodeCount() const { return m_nodes.size(); }
    std::size_t linkCount() const { return m_links.size(); }
    std::size_t movementCount() const { return m_movements.size(); }
    std::size_t signalCount() const { return m_signals.size(); }

    const CtmNode &node(std::uint32_t n) const { return m_nodes[n]; }
    const CtmLink &link(std::uint32_t l) const { return m_links[l]; }
    const CtmMovement &movement(std::uint32_t m) const { return m_movements[m]; }
    const SignalPlan &signal(std::uint32_t s) const { return m_signals[s]; }
    const std::vector<SignalPlan> &signals() const { return m_signals; }

    /// Movements through node `n` (indices into movement()).
    std::span<const std::uint32_t> movementsAt(std::uint32_t n) const;
    /// Movements leaving link `l` at its downstream end.
    std::span<const std::uint32_t> movementsFrom(std::uint32_t l) const;
    /// Signal index at node `n`, or kNoIndex.
    std::uint32_t signalAt(std::uint32_t n) const { return m_signalAt[n]; }
    /// The opposite direction of the same road, or kNoIndex.
    std::uint32_t reverse(std::uint32_t l) const { return m_reverse[l]; }
    /// No movement leads into it: traffic appears here from outside the city.
    bool isEntry(std::uint32_t l) const { return m_entry[l] != 0; }
    /// No movement leaves it: every vehicle reaching its end leaves the network.
    bool isExit(std::uint32_t l) const { return m_movFromBegin[l] == m_movFromBegin[l + 1]; }
    std::uint32_t findLink(std::string_view id) const;

    /// Problems found while building (movements that no phase serves, unknown ids, ...). Not fatal.
    const std::vector<std::string> &problems() const { return m_problems; }

    /// The road network of a scenario: one link per Link entity, nodes from its intersections, movements
    /// for every non-U-turn pair of in- and out-links (turns classified from the link geometry), signal
    /// phases from the intersections' phase plans. Right turns that no phase lists stay open (right turn on
    /// red); other unlisted movements at signals are closed and reported in problems().
    static std::shared_ptr<const CtmNetwork> fromScenario(const Scenario &scenario);

private:
    friend class CtmNetworkBuilder;
    std::vector<CtmNode> m_nodes;
    std::vector<CtmLink> m_links;
    std::vector<CtmMovement> m_movements; // sorted by node, then in-link
    std::vector<std::uint32_t> m_movAtBegin, m_movAt;
    std::vector<std::uint32_t> m_movFromBegin, m_movFrom;
    std::vector<std::uint32_t> m_movementNode;
    std::vector<std::uint32_t> m_reverse;
    std::vector<std::uint8_t> m_entry;
    std::vector<SignalPlan> m_signals;
    std::vector<std::uint32_t> m_signalAt;
    std::unordered_map<std::string, std::uint32_t> m_linkIndex;
    std::vector<std::string> m_problems;
};

/// Builds a CtmNetwork. Nodes without explicit movements get one for every pair of in- and out-link except
/// U-turns onto the link's reverse; turns are classified from node positions.
class CtmNetworkBuilder {
public:
    std::uint32_t addNode(CtmNode node);
    std::uint32_t addLink(CtmLink link);
    /// Marks two links as the two directions of one road (no U-turn movements between them by default).
    void setReverse(std::uint32_t a, std::uint32_t b);
    /// An explicit movement; once a node has one, only explicit movements exist there.
    void addMovement(std::uint32_t fromLink, std::uint32_t toLink, Turn turn = Turn::Unknown, double weight = 0);
    /// Makes node `node` signalised with these phases; returns the signal index.
    std::uint32_t addSignal(std::uint32_t node, std::vector<PhaseTiming> phases, std::uint32_t entity = kNoIndex,
                            std::string id = {});
    /// Phase `phase` of `signal` gives green to every movement leaving `inLink`.
    void greenLink(std::uint32_t signal, int phase, std::uint32_t inLink);
    /// Phase `phase` of `signal` gives green to the movement inLink -> outLink.
    void greenMovement(std::uint32_t signal, int phase, std::uint32_t inLink, std::uint32_t outLink);
    /// Right turns no phase serves stay open (right turn on red, the rule in China). Default true.
    void setRightTurnOnRed(bool on) { m_rightOnRed = on; }

    /// Throws std::invalid_argument on a structural error (bad index, non-positive length, ...).
    std::shared_ptr<const CtmNetwork> build() const;

private:
    struct Green {
        std::uint32_t signal;
        int phase;
        std::uint32_t in, out; // out == kNoIndex: every movement of `in`
    };
    std::vector<CtmNode> m_nodes;
    std::vector<CtmLink> m_links;
    std::vector<std::pair<std::uint32_t, std::uint32_t>> m_reverses;
    std::vector<CtmMovement> m_explicit;
    std::vector<SignalPlan> m_signals;
    std::vector<Green> m_greens;
    bool m_rightOnRed = true;
};

/// A synthetic grid city: rows x cols signalised intersections (two phases, north-south and east-west),
/// two-way links between neighbours, and entry/exit stubs at the border. For tests, benchmarks and the
/// CLI's simulate command.
struct GridNetworkSpec {
    int rows = 29;
    int cols = 29;
    double spacingM = 400;
    int lanes = 2;
    double speedKmh = 50;
    double capacityPerLaneVph = 1800;
    int arterialEvery = 4;        ///< every n-th row/column: one more lane, +10 km/h (0: none)
    double stubLengthM = 300;
    PhaseTiming timing{15, 45, 3, 2};
};
std::shared_ptr<const CtmNetwork> makeGridNetwork(const GridNetworkSpec &spec);

struct CtmConfig {
    double dtS = 2.0;                   ///< time step; 60 s must be a whole number of steps
    double jamDensityPerLaneKm = 150.0; ///< veh/km per lane
    bool amberPasses = true;            ///< amber lets traffic through (startup loss ~ amber); all-red never
    double readingIntervalS = 60.0;     ///< detector and signal readings; a whole number of steps
    double turningUpdateS = 900.0;      ///< turning fractions follow the time of day at this interval
};

/// Vehicle accounting. generated - exited == inCells + inQueues up to rounding.
struct VehicleAccount {
    double generated = 0; ///< demand that arrived at the sources (entered the vertical queues)
    double entered = 0;   ///< from the queues into the network
    double exited = 0;    ///< left through sinks and destinations
    double inCells = 0;
    double inQueues = 0;
    double error() const { return generated - exited - inCells - inQueues; }
    double relativeError() const;
};

/// Running sum with Neumaier compensation: the vehicle counters stay exact over days of steps.
struct CompensatedSum {
    double sum = 0, carry = 0;
    void add(double x)
    {
        const double t = sum + x;
        carry += std::abs(sum) >= std::abs(x) ? (sum - t) + x : (x - t) + sum;
        sum = t;
    }
    double value() const { return sum + carry; }
};

/// Everything a CtmSimulator changes while it runs: copy it to fork a what-if run (snapshot/restore).
/// Cell arrays have one padding cell at the end.
struct CtmState {
    std::int64_t timeNs = 0;
    std::uint64_t steps = 0;
    Random rng{0};
    CompensatedSum generated, entered, exited;
    // cells
    std::vector<double> vehicles, capStep;
    std::vector<double> cumVehicles, cumOutflow; ///< detector sums since the last reading
    // links
    std::vector<double> capFactor, incidentFactor;
    std::vector<std::uint32_t> incidentCell;
    std::vector<double> queue, arrivalPerStep, exitFraction, cumExit, cumNodeOut;
    std::uint32_t detectorSteps = 0;
    // movements
    std::vector<double> beta, open, cumMovement;
    // signals
    std::vector<int> phase, nextPhase;
    std::vector<SignalStage> stage;
    std::vector<double> remainingS, greenElapsedS, lastCycleS;
    std::vector<std::int64_t> cycleStartNs;
    std::vector<std::uint8_t> signalDirty; ///< movements' open shares need recomputing next step
};

class CtmSimulator {
public:
    /// `startNs` is the simulation time of the first step (engine time, ns since the epoch, UTC).
    CtmSimulator(std::shared_ptr<const CtmNetwork> network, DemandModel demand, CtmConfig config, std::uint64_t seed,
                 std::int64_t startNs);
    CtmSimulator(const CtmSimulator &) = delete;
    CtmSimulator &operator=(const CtmSimulator &) = delete;

    const CtmNetwork &network() const { return *m_net; }
    const CtmConfig &config() const { return m_cfg; }
    DemandModel &demand() { return m_demand; }

    /// Runs whole steps while time + dt <= timeNs. Every reading interval appends one Traffic reading per
    /// link and one Signal reading per signalised node to `readings` (if not null).
    void advanceTo(std::int64_t timeNs, std::vector<Reading> *readings = nullptr);
    std::int64_t timeNs() const;
    std::uint64_t steps() const;
    std::int64_t dtNs() const { return m_dtNs; }

    // Incidents and capacity --------------------------------------------------------------------------
    /// Blocks `lanesBlocked` lanes at `position` (0..1 along the link): that cell's capacity drops to the
    /// remaining lanes' share (all lanes: closed). Replaces an earlier incident on the link.
    void setIncident(std::uint32_t link, int lanesBlocked, double position = 0.5);
    void clearIncident(std::uint32_t link);
    /// Multiplies the capacity of every cell of the link (flooding, works). 1 = normal, 0 = closed.
    void setCapacityFactor(std::uint32_t link, double factor);
    double capacityFactor(std::uint32_t link) const;

    // Signals ----------------------------------------------------------------------------------------
    /// Replaces the controller (default: FixedTimeController over the network's plans). Takes effect at
    /// each signal's next decision point.
    void setController(std::unique_ptr<SignalController> controller);
    SignalController &controller() { return *m_controller; }
    const SignalController &controller() const { return *m_controller; }
    /// The default controller, or null after setController() installed another type.
    FixedTimeController *fixedTimeController();
    const FixedTimeController *fixedTimeController() const { return m_fixed; }
    int signalPhase(std::uint32_t signal) const;
    SignalStage signalStage(std::uint32_t signal) const;
    /// Length of the last completed cycle (phase 0 green to phase 0 green); the plan's cycle before that.
    double signalCycleS(std::uint32_t signal) const;
    /// Vehicles at the in-link ends that want the phase's movements (turning share of the last cell).
    double phaseQueueVeh(std::uint32_t signal, int phase) const;
    /// Max-pressure style: sum over the phase's movements of upstream minus downstream occupancy.
    double phasePressure(std::uint32_t signal, int phase) const;
    /// Vehicles on the phase's in-links that want its movements, beyond the last cell (still approaching).
    double phaseApproachVeh(std::uint32_t signal, int phase) const;
    /// Vehicles on the out-links of the phase's movements, each counted with its movement's turning share.
    double phaseExitVeh(std::uint32_t signal, int phase) const;
    /// Share (0..1) of the phase's waiting vehicles whose out-link is full (occupancy >= `fullOccupancy`).
    double phaseBlockedShare(std::uint32_t signal, int phase, double fullOccupancy = 0.9) const;
    /// Seconds left of the current stage (green: until the controller is asked again).
    double signalRemainingS(std::uint32_t signal) const;
    /// Seconds the current phase has been green (its last green while in amber or all-red).
    double signalGreenElapsedS(std::uint32_t signal) const;
    /// The phase that follows the current amber/all-red (the current phase while green).
    int signalNextPhase(std::uint32_t signal) const;

    // State ------------------------------------------------------------------------------------------
    VehicleAccount account() const;
    double linkVehicles(std::uint32_t link) const;
    double linkOccupancy(std::uint32_t link) const; ///< vehicles / jam storage, 0..1
    double sourceQueue(std::uint32_t link) const;   ///< demand waiting to enter at the link's start
    double exitedAt(std::uint32_t link) const;      ///< cumulative vehicles that left at the link's end
    double movementVehicles(std::uint32_t movement) const; ///< cumulative vehicles through a movement
    std::span<const double> cellVehicles() const;
    std::span<const double> cellStorage() const;    ///< jam storage of each cell, vehicles
    std::uint32_t cellCount(std::uint32_t link) const;
    std::size_t totalCells() const { return m_cellCount; }

    CtmState snapshot() const;
    /// Restores a snapshot of a simulator built from the same network and config.
    void restore(const CtmState &state);

private:
    void step();
    void refreshArrivals();
    void refreshTurning();
    void refreshCapacity(std::uint32_t link);
    SignalDecision ask(std::uint32_t signal, std::int64_t atNs);
    void startGreen(std::uint32_t signal, int phase, std::int64_t atNs);
    void boundary(std::uint32_t signal, std::int64_t atNs);
    void runSignals();
    void emitReadings(std::vector<Reading> *readings);

    std::shared_ptr<const CtmNetwork> m_net;
    DemandModel m_demand;
    CtmConfig m_cfg;
    std::int64_t m_dtNs = 0;
    double m_dt = 0;
    std::uint32_t m_stepsPerReading = 1;
    std::uint32_t m_stepsPerMinute = 1;
    std::uint32_t m_stepsPerTurning = 1;
    std::size_t m_cellCount = 0;

    // Static per-cell parameters (padded by one cell so cell c+1 is always readable).
    std::vector<double> m_vfRatio, m_wRatio, m_storage, m_baseCap, m_interior;
    // Static per-link parameters.
    std::vector<std::uint32_t> m_first, m_last;
    std::vector<double> m_linkStorage;
    std::vector<std::uint32_t> m_movFrom, m_movTo;
    std::vector<std::uint32_t> m_phaseOffset; // into m_passS, per signal
    std::vector<double> m_passS;              // seconds each phase passes traffic in the current step

    CtmState m_s;
    // Scratch, rewritten every step.
    std::vector<double> m_flow, m_send, m_receive, m_demandIn, m_ratio, m_nodeIn, m_nodeOut, m_movDemand, m_rates;
    std::unique_ptr<SignalController> m_controller;
    FixedTimeController *m_fixed = nullptr;
};

} // namespace cityops::core
