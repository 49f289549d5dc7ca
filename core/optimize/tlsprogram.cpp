#include "optimize/tlsprogram.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace cityops::core {

namespace {
bool given(double v) { return std::isfinite(v) && v > 0; }
bool hasGreen(const std::string &s) { return std::any_of(s.begin(), s.end(), tlsIsGreen); }
bool hasAmber(const std::string &s) { return s.find_first_of("yY") != std::string::npos; }
} // namespace

TlsProgram TlsProgram::fromPhases(const std::vector<TlsPhaseDef> &phases, const TlsOptions &o)
{
    TlsProgram p;
    if (phases.empty())
        throw std::invalid_argument("traffic light program without phases");
    p.m_links = phases.front().state.size();
    for (const TlsPhaseDef &ph : phases)
        if (ph.state.size() != p.m_links)
            throw std::invalid_argument("traffic light program with states of unequal length");
    const int n = static_cast<int>(phases.size());
    double programAmber = 0;
    for (const TlsPhaseDef &ph : phases)
        if (hasAmber(ph.state))
            programAmber = std::max(programAmber, ph.durationS);
    for (int i = 0; i < n; ++i) {
        const TlsPhaseDef &ph = phases[static_cast<std::size_t>(i)];
        // A green phase serves someone and is not itself a change (no amber in it).
        if (!hasGreen(ph.state) || hasAmber(ph.state))
            continue;
        if (std::any_of(p.m_greens.begin(), p.m_greens.end(), [&](const TlsGreenPhase &g) { return g.state == ph.state; }))
            continue; // the same green twice in a cycle: one phase for the controller
        TlsGreenPhase g;
        g.state = ph.state;
        g.programIndex = i;
        g.planGreenS = ph.durationS;
        const bool actuated = given(ph.minDurS) && std::abs(ph.minDurS - ph.durationS) > 1e-9;
        g.minGreenS = actuated ? ph.minDurS : std::min(o.defaultMinGreenS, std::max(1.0, ph.durationS));
        // A static program's duration is its plan, not a limit: TraCI reports minDur = maxDur = duration for
        // static phases, and taking that as the maximum would pin every adaptive green to the fixed plan.
        const bool actuatedMax = given(ph.maxDurS) && std::abs(ph.maxDurS - ph.durationS) > 1e-9;
        g.maxGreenS = (actuated || actuatedMax) && given(ph.maxDurS) && ph.maxDurS > g.minGreenS
            ? ph.maxDurS
            : std::max(o.defaultMaxGreenS, g.minGreenS);
        // The program's own change after this green: ambers, then phases with neither green nor amber.
        double amber = 0, allRed = 0;
        for (int k = 1; k < n; ++k) {
            const TlsPhaseDef &next = phases[static_cast<std::size_t>((i + k) % n)];
            if (hasAmber(next.state))
                amber += next.durationS;
            else if (!hasGreen(next.state))
                allRed += next.durationS;
            else
                break;
        }
        g.amberS = amber > 0 ? amber : (programAmber > 0 ? programAmber : o.defaultAmberS);
        g.allRedS = allRed;
        for (std::size_t l = 0; l < ph.state.size(); ++l)
            if (tlsIsGreen(ph.state[l]))
                g.served.push_back(static_cast<int>(l));
        p.m_greens.push_back(std::move(g));
    }
    if (p.m_greens.empty())
        throw std::invalid_argument("traffic light program without a green phase");
    return p;
}

std::string TlsProgram::amberState(int from, int to) const
{
    const std::string &a = m_greens.at(static_cast<std::size_t>(from)).state;
    const std::string &b = m_greens.at(static_cast<std::size_t>(to)).state;
    std::string s = a;
    for (std::size_t l = 0; l < s.size(); ++l)
        if (tlsIsGreen(a[l]) && !tlsIsGreen(b[l]))
            s[l] = 'y';
    return s;
}

std::string TlsProgram::allRedState(int from, int to) const
{
    const std::string &a = m_greens.at(static_cast<std::size_t>(from)).state;
    const std::string &b = m_greens.at(static_cast<std::size_t>(to)).state;
    std::string s(a.size(), 'r');
    for (std::size_t l = 0; l < s.size(); ++l)
        if (tlsIsGreen(a[l]) && tlsIsGreen(b[l]))
            s[l] = a[l];
    return s;
}

void TlsProgram::raiseMinGreen(int green, double seconds)
{
    TlsGreenPhase &g = m_greens.at(static_cast<std::size_t>(green));
    g.minGreenS = std::max(g.minGreenS, seconds);
    g.maxGreenS = std::max(g.maxGreenS, g.minGreenS);
}

int TlsProgram::greenOfProgramPhase(int programIndex) const
{
    for (std::size_t g = 0; g < m_greens.size(); ++g)
        if (m_greens[g].programIndex == programIndex)
            return static_cast<int>(g);
    return -1;
}

TlsMachine::TlsMachine(const TlsProgram *program, int initialGreen)
    : m_program(program)
{
    if (!program || initialGreen < 0 || static_cast<std::size_t>(initialGreen) >= program->greens().size())
        throw std::invalid_argument("TlsMachine: no such green phase");
    enterGreen(initialGreen);
}

void TlsMachine::enterGreen(int g)
{
    m_stage = TlsStage::Green;
    m_green = m_target = g;
    m_elapsed = 0;
    m_remaining = 0;
    m_state = m_program->greens()[static_cast<std::size_t>(g)].state;
}

bool TlsMachine::canSwitch() const
{
    return m_stage == TlsStage::Green
        && m_elapsed + 1e-9 >= m_program->greens()[static_cast<std::size_t>(m_green)].minGreenS;
}

bool TlsMachine::requestSwitch(int to)
{
    if (!canSwitch() || to < 0 || static_cast<std::size_t>(to) >= m_program->greens().size() || to == m_green)
        return false;
    m_target = to;
    m_stage = TlsStage::Amber;
    m_remaining = m_program->greens()[static_cast<std::size_t>(m_green)].amberS;
    m_state = m_program->amberState(m_green, to);
    return true;
}

void TlsMachine::tick(double dtS)
{
    switch (m_stage) {
    case TlsStage::Green:
        m_elapsed += dtS;
        return;
    case TlsStage::Amber: {
        m_remaining -= dtS;
        if (m_remaining > 1e-9)
            return;
        const double allRed = m_program->greens()[static_cast<std::size_t>(m_green)].allRedS;
        if (allRed > 1e-9) {
            m_stage = TlsStage::AllRed;
            m_remaining = allRed;
            m_state = m_program->allRedState(m_green, m_target);
        } else {
            enterGreen(m_target);
        }
        return;
    }
    case TlsStage::AllRed:
        m_remaining -= dtS;
        if (m_remaining <= 1e-9)
            enterGreen(m_target);
        return;
    }
}

} // namespace cityops::core
