// A traffic-light program in SUMO's form (one state letter per controlled link: G g green, y amber,
// r red, s stop, o/O off) turned into what an adaptive controller needs: its green phases, each with a
// minimum and maximum green, and the amber and all-red that must run between any two of them. TlsMachine
// then runs the timing and is the only thing that changes the shown state, so safety (minimum green,
// amber and all-red never skipped) holds whatever the controller asks for.
//
// Nothing here knows SUMO: the SUMO driver (app/cli) reads the program through TraCI and fills TlsPhaseDef.
//
// Threading: plain values; a TlsMachine belongs to one thread.
#pragma once

#include <string>
#include <vector>

namespace cityops::core {

/// One phase of the network's own program (TraCI's TraCIPhase). minDur/maxDur <= 0 or NaN: not given.
struct TlsPhaseDef {
    std::string state;
    double durationS = 0;
    double minDurS = -1;
    double maxDurS = -1;
};

struct TlsOptions {
    double defaultMinGreenS = 5;   ///< when the program gives no minDur (static programs)
    double defaultMaxGreenS = 60;  ///< when the program gives no maxDur, or is static (maxDur = duration)
    double defaultAmberS = 3;      ///< a green-to-red change in a program that has no amber of its own
};

struct TlsGreenPhase {
    std::string state;
    int programIndex = 0;      ///< index of the phase in the network's program
    double minGreenS = 5;
    double maxGreenS = 60;
    double planGreenS = 0;     ///< the green the program itself gives this phase (its duration)
    double amberS = 3;         ///< amber after this green (the program's, from its following phases)
    double allRedS = 0;        ///< all-red after the amber
    std::vector<int> served;   ///< link indices green in this phase
};

inline bool tlsIsGreen(char c) { return c == 'G' || c == 'g'; }

/// The green phases of a program and the transitions between them.
class TlsProgram {
public:
    /// Throws std::invalid_argument for a program without any green phase or with states of unequal length.
    static TlsProgram fromPhases(const std::vector<TlsPhaseDef> &phases, const TlsOptions &options = {});

    const std::vector<TlsGreenPhase> &greens() const { return m_greens; }
    std::size_t linkCount() const { return m_links; }
    /// The amber state from green `from` to green `to`: links green in both stay green, links losing green
    /// show amber, the rest as in `from`.
    std::string amberState(int from, int to) const;
    /// The all-red state: links green in both stay green, every other link red.
    std::string allRedState(int from, int to) const;
    /// Raises a phase's minimum green (pedestrian clearance); never lowers it.
    void raiseMinGreen(int green, double seconds);
    /// The green phase whose state equals the given program phase, or -1.
    int greenOfProgramPhase(int programIndex) const;

private:
    std::vector<TlsGreenPhase> m_greens;
    std::size_t m_links = 0;
};

enum class TlsStage : unsigned char { Green, Amber, AllRed };

/// The timing state machine of one controlled signal. Step it with tick(dt) after every simulation step of
/// dt seconds; ask for a change with requestSwitch(), which is ignored unless the minimum green has run.
class TlsMachine {
public:
    TlsMachine(const TlsProgram *program, int initialGreen);

    TlsStage stage() const { return m_stage; }
    int green() const { return m_green; }          ///< the green now, or the one being left during amber/all-red
    int target() const { return m_target; }        ///< the green that comes after amber/all-red
    double greenElapsedS() const { return m_elapsed; }
    double remainingS() const { return m_remaining; } ///< of the amber or all-red
    bool canSwitch() const;
    /// Starts the change to green `to` (amber now). Returns false (and changes nothing) when not allowed.
    bool requestSwitch(int to);
    /// The state to show for the next step.
    const std::string &state() const { return m_state; }
    void tick(double dtS);

private:
    void enterGreen(int g);
    const TlsProgram *m_program;
    TlsStage m_stage = TlsStage::Green;
    int m_green = 0, m_target = 0;
    double m_elapsed = 0, m_remaining = 0;
    std::string m_state;
};

} // namespace cityops::core
