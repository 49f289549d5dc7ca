#include "predict/floodsolver.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace cityops::core {

namespace {

constexpr float kG = 9.81f;

// Inverse cube root for the friction term, h^(-1/3): a bit-level first guess and three Newton steps
// without division (relative error ~1e-7), so the face loops vectorise and avoid several divisions.
inline float invCbrt(float x)
{
    std::uint32_t i;
    std::memcpy(&i, &x, sizeof i);
    i = 0x54a2fa8cu - i / 3u;
    float y;
    std::memcpy(&y, &i, sizeof y);
    const float third = x * (1.0f / 3.0f);
    y = y * (4.0f / 3.0f - third * y * y * y);
    y = y * (4.0f / 3.0f - third * y * y * y);
    y = y * (4.0f / 3.0f - third * y * y * y);
    return y;
}

} // namespace

double FloodBalance::relativeError() const
{
    const double in = rain + inflow;
    if (in <= 0.0)
        return 0.0;
    return std::abs(in - infiltrated - drained - outflow - (storedNow - storedStart)) / in;
}

FloodSolver::FloodSolver(int cols, int rows, double dxM, double dyM, std::span<const double> terrain, double manningN)
    : m_cols(cols), m_rows(rows), m_dx(dxM), m_dy(dyM), m_n2(static_cast<float>(manningN * manningN))
{
    const std::size_t cells = static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows);
    m_z.assign(cells, 0.0f);
    for (std::size_t i = 0; i < cells && i < terrain.size(); ++i)
        m_z[i] = static_cast<float>(terrain[i]);
    m_h.assign(cells, 0.0f);
    m_factor.assign(cells, 1.0f);
    m_qx.assign(static_cast<std::size_t>(cols + 1) * static_cast<std::size_t>(rows), 0.0f);
    m_qxOld = m_qx;
    m_qy.assign(static_cast<std::size_t>(cols) * static_cast<std::size_t>(rows + 1), 0.0f);
    m_qyOld = m_qy;
    m_rowWet.assign(static_cast<std::size_t>(rows), 0);
    m_infiltration.assign(cells, 0.0f);
    m_drainage.assign(cells, 0.0f);
    m_drainNow.assign(cells, 0.0f);
    m_drainAcc.assign(cells, 0.0f);
    m_rainPattern.assign(cells, 1.0f);
    m_patternSum = static_cast<double>(cells);
}

namespace {
void assignField(std::vector<float> &field, std::span<const double> values, float fallback)
{
    for (std::size_t i = 0; i < field.size(); ++i)
        field[i] = i < values.size() ? static_cast<float>(values[i]) : fallback;
}
} // namespace

void FloodSolver::setInfiltrationCapacity(std::span<const double> mps)
{
    assignField(m_infiltration, mps, 0.0f);
}

void FloodSolver::setDrainageCapacity(std::span<const double> mps)
{
    assignField(m_drainage, mps, 0.0f);
}

void FloodSolver::setRainPattern(std::span<const double> factor)
{
    assignField(m_rainPattern, factor, 1.0f);
    m_patternSum = 0.0;
    for (float f : m_rainPattern)
        m_patternSum += f;
}

void FloodSolver::setCatchments(std::span<const std::uint32_t> catchmentOfCell, std::size_t catchmentCount)
{
    m_catchment.assign(catchmentOfCell.begin(), catchmentOfCell.end());
    m_catchmentCount = catchmentCount;
}

void FloodSolver::setInflows(std::vector<std::uint32_t> cells, std::vector<double> m3ps)
{
    m_inflowCell = std::move(cells);
    m_inflowRate = std::move(m3ps);
    m_inflowRate.resize(m_inflowCell.size(), 0.0);
}

void FloodSolver::setOutflowEdge(Edge edge, double slope)
{
    m_edgeSlope[static_cast<int>(edge)] = std::max(0.0, slope);
}

template <typename T>
static void copyDepths(std::span<const T> in, std::vector<float> &h, std::vector<std::uint8_t> &rowWet, int cols,
                       double &hMax)
{
    hMax = 0.0;
    std::fill(rowWet.begin(), rowWet.end(), 0);
    for (std::size_t i = 0; i < h.size(); ++i) {
        const float v = i < in.size() ? std::max(0.0f, static_cast<float>(in[i])) : 0.0f;
        h[i] = v;
        if (v > 0.0f) {
            rowWet[i / static_cast<std::size_t>(cols)] = 1;
            hMax = std::max(hMax, static_cast<double>(v));
        }
    }
}

void FloodSolver::setDepths(std::span<const double> h)
{
    copyDepths(h, m_h, m_rowWet, m_cols, m_hMax);
    std::fill(m_qx.begin(), m_qx.end(), 0.0f);
    std::fill(m_qy.begin(), m_qy.end(), 0.0f);
    std::fill(m_qxOld.begin(), m_qxOld.end(), 0.0f);
    std::fill(m_qyOld.begin(), m_qyOld.end(), 0.0f);
    m_maxVelocity = 0.0;
    resetBalance();
}

void FloodSolver::setDepths(std::span<const float> h)
{
    copyDepths(h, m_h, m_rowWet, m_cols, m_hMax);
    std::fill(m_qx.begin(), m_qx.end(), 0.0f);
    std::fill(m_qy.begin(), m_qy.end(), 0.0f);
    std::fill(m_qxOld.begin(), m_qxOld.end(), 0.0f);
    std::fill(m_qyOld.begin(), m_qyOld.end(), 0.0f);
    m_maxVelocity = 0.0;
    resetBalance();
}

void FloodSolver::resetBalance()
{
    double stored = 0.0;
    for (float v : m_h)
        stored += v;
    m_balance = {};
    m_balance.storedStart = m_balance.storedNow = stored * cellArea();
}

void FloodSolver::advance(double seconds, double rainMps, std::span<const double> catchmentOpen,
                          std::span<double> drainedPerCatchment)
{
    // The inlets' capacity with their catchment's openness folded in, once per call rather than per step.
    const std::size_t cells = m_h.size();
    const bool catchments = m_catchment.size() == cells;
    if (catchments && !catchmentOpen.empty()) {
        for (std::size_t i = 0; i < cells; ++i) {
            const std::uint32_t k = m_catchment[i];
            m_drainNow[i] = m_drainage[i] * static_cast<float>(k < catchmentOpen.size() ? catchmentOpen[k] : 1.0);
        }
    } else {
        std::copy(m_drainage.begin(), m_drainage.end(), m_drainNow.begin());
    }
    std::fill(m_drainAcc.begin(), m_drainAcc.end(), 0.0f);

    double left = seconds;
    while (left > 1e-9) {
        double dt;
        if (fixedTimeStep > 0.0) {
            dt = fixedTimeStep;
        } else {
            // Bates et al. (2010), eq. 12, with the flow speed added to the wave celerity: shallow, fast
            // sheet flow on slopes (Froude numbers near 1) otherwise grows a checkerboard.
            const double h = std::max(m_hMax, 1e-6);
            dt = std::min(maxTimeStep, cflAlpha * std::min(m_dx, m_dy) / (std::sqrt(9.81 * h) + m_maxVelocity));
        }
        dt = std::min(dt, left);
        // Avoid a sliver of a step at the end of the interval: split the remainder evenly.
        if (left > dt && left < 1.5 * dt)
            dt = 0.5 * left;
        step(dt, rainMps);
        left -= dt;
    }

    double drained = 0.0;
    const double area = cellArea();
    const bool perCatchment = catchments && !drainedPerCatchment.empty();
    for (std::size_t i = 0; i < cells; ++i) {
        const double d = static_cast<double>(m_drainAcc[i]) * area;
        drained += d;
        if (perCatchment && m_catchment[i] < drainedPerCatchment.size())
            drainedPerCatchment[m_catchment[i]] += d;
    }
    m_balance.drained += drained;
    m_balance.storedNow = 0.0;
    for (float v : m_h)
        m_balance.storedNow += v;
    m_balance.storedNow *= area;
}

namespace {

// The kernels take restrict-qualified parameters: on function parameters the compiler trusts them and
// vectorises without run-time alias checks.

struct FaceParams {
    float theta, side, gdtOverDist, fric, hMin;
};

// New discharges on n faces between cells A[c] and B[c]; qo the old ones, qPrev/qNext their neighbours
// along the flow direction (de Almeida's theta weighting). Returns the largest speed |q|/h.
float faceKernel(int n, float *__restrict q, const float *__restrict qo, const float *__restrict qPrev,
                 const float *__restrict qNext, const float *__restrict zA, const float *__restrict hA,
                 const float *__restrict zB, const float *__restrict hB, FaceParams p)
{
    float speed = 0.0f;
#pragma omp simd reduction(max : speed)
    for (int c = 0; c < n; ++c) {
        const float za = zA[c], zb = zB[c];
        const float etaA = za + hA[c], etaB = zb + hB[c];
        const float hf = std::max(etaA, etaB) - std::max(za, zb);
        const float hs = std::max(hf, p.hMin);
        const float inv = invCbrt(hs), inv3 = inv * inv * inv, inv7 = inv3 * inv3 * inv;
        const float old = qo[c];
        const float qw = p.theta * old + p.side * (qPrev[c] + qNext[c]);
        const float qn = (qw - p.gdtOverDist * hf * (etaB - etaA)) / (1.0f + p.fric * std::abs(old) * inv7);
        const float v = hf > p.hMin ? qn : 0.0f;
        q[c] = v;
        speed = std::max(speed, std::abs(v) * inv3);
    }
    return speed;
}

// The limiter's factor for n cells: 1, or what the cell holds over what its faces would take out.
void limiterKernel(int n, float *__restrict f, const float *__restrict qW, const float *__restrict qE,
                   const float *__restrict qN, const float *__restrict qS, const float *__restrict h, float vx,
                   float vy, float area)
{
#pragma omp simd
    for (int c = 0; c < n; ++c) {
        const float west = qW[c], east = qE[c], north = qN[c], south = qS[c];
        const float out = (std::max(east, 0.0f) - std::min(west, 0.0f)) * vx +
                          (std::max(south, 0.0f) - std::min(north, 0.0f)) * vy;
        const float ratio = h[c] * area / (out > 1e-30f ? out : 1e-30f);
        f[c] = ratio < 1.0f ? ratio : 1.0f;
    }
}

// Each face scaled by the factor of the cell it takes water from.
void scaleKernel(int n, float *__restrict q, const float *__restrict fA, const float *__restrict fB)
{
#pragma omp simd
    for (int c = 0; c < n; ++c) {
        const float a = fA[c], b = fB[c], v = q[c];
        q[c] = v * (v > 0.0f ? a : b);
    }
}

struct RowSums {
    float infiltrated = 0, hMax = 0;
};

// New depths of n cells from their four faces, then rain, infiltration and the inlets.
RowSums updateKernel(int n, float *__restrict h, const float *__restrict qW, const float *__restrict qE,
                     const float *__restrict qN, const float *__restrict qS, const float *__restrict pattern,
                     const float *__restrict infCap, const float *__restrict drainCap, float *__restrict drained,
                     float kx, float ky, float rainStep, float dt)
{
    float inf = 0.0f, hMax = 0.0f;
#pragma omp simd reduction(+ : inf) reduction(max : hMax)
    for (int c = 0; c < n; ++c) {
        float v = h[c] + (qW[c] - qE[c]) * kx + (qN[c] - qS[c]) * ky;
        v = std::max(v, 0.0f) + rainStep * pattern[c]; // rounding can leave -1e-12 after the limiter
        const float in = std::min(v, infCap[c] * dt);
        v -= in;
        const float d = std::min(v, drainCap[c] * dt);
        v -= d;
        drained[c] += d;
        h[c] = v;
        inf += in;
        hMax = std::max(hMax, v);
    }
    return {inf, hMax};
}

} // namespace

// One step in four passes over flat arrays, each a simple loop the compiler vectorises: face discharges,
// the limiter's factor per cell, the limited discharges, then the cells' new depths with their sources and
// sinks. Faces of rows without water (and whose neighbours have none) are skipped.
void FloodSolver::step(double dtD, double rainMps)
{
    const int C = m_cols, R = m_rows;
    const std::size_t CX = static_cast<std::size_t>(C) + 1; // x faces per row
    const std::size_t CU = static_cast<std::size_t>(C);
    const float dt = static_cast<float>(dtD);
    const float dx = static_cast<float>(m_dx), dy = static_cast<float>(m_dy);
    const float area = dx * dy;
    const float hMin = static_cast<float>(minFlowDepth);
    const float th = static_cast<float>(theta), side = 0.5f * (1.0f - th);
    const float gdt = kG * dt, fric = kG * dt * m_n2;

    std::swap(m_qx, m_qxOld);
    std::swap(m_qy, m_qyOld);
    float *h = m_h.data();
    const float *z = m_z.data();
    float *qx = m_qx.data();
    float *qy = m_qy.data();
    const float *qxo = m_qxOld.data();
    const float *qyo = m_qyOld.data();
    float *f = m_factor.data();
    const std::uint8_t *wet = m_rowWet.data();
    float speed = 0.0f;

    // Pass 1a: x faces, row by row (face c lies between cells c-1 and c; faces 0 and C are the edges).
    const FaceParams px{th, side, gdt / dx, fric, hMin}, py{th, side, gdt / dy, fric, hMin};
    for (int r = 0; r < R; ++r) {
        const std::size_t row = static_cast<std::size_t>(r) * CU;
        float *q = qx + static_cast<std::size_t>(r) * CX;
        const float *qo = qxo + static_cast<std::size_t>(r) * CX;
        q[0] = 0.0f;
        q[C] = 0.0f;
        if (!wet[r]) {
            std::fill(q, q + CX, 0.0f);
            continue;
        }
        speed = std::max(speed, faceKernel(C - 1, q + 1, qo + 1, qo, qo + 2, z + row, h + row, z + row + 1,
                                           h + row + 1, px));
    }
    // Pass 1b: y faces between rows r-1 and r (face row r); face rows 0 and R are the edges.
    std::fill(qy, qy + CU, 0.0f);
    std::fill(qy + static_cast<std::size_t>(R) * CU, qy + static_cast<std::size_t>(R + 1) * CU, 0.0f);
    for (int r = 1; r < R; ++r) {
        float *q = qy + static_cast<std::size_t>(r) * CU;
        if (!wet[r] && !wet[r - 1]) {
            std::fill(q, q + CU, 0.0f);
            continue;
        }
        const float *qo = qyo + static_cast<std::size_t>(r) * CU;
        const std::size_t above = static_cast<std::size_t>(r - 1) * CU;
        speed = std::max(speed, faceKernel(C, q, qo, qo - CU, qo + CU, z + above, h + above, z + above + CU,
                                           h + above + CU, py));
    }
    // Free-outflow edges: normal-depth flow out of the edge cell down the edge's slope (outward positive).
    auto edgeOut = [&](float qOutOld, std::size_t a, float slope) -> float {
        const float hf = h[a];
        if (hf <= hMin || slope <= 0.0f)
            return 0.0f;
        const float inv = invCbrt(hf), inv3 = inv * inv * inv;
        const float q = (qOutOld + gdt * hf * slope) / (1.0f + fric * std::abs(qOutOld) * inv3 * inv3 * inv);
        return std::max(0.0f, q);
    };
    const float sW = static_cast<float>(m_edgeSlope[0]), sE = static_cast<float>(m_edgeSlope[1]);
    const float sN = static_cast<float>(m_edgeSlope[2]), sS = static_cast<float>(m_edgeSlope[3]);
    if (sW > 0.0f || sE > 0.0f)
        for (int r = 0; r < R; ++r) {
            const std::size_t row = static_cast<std::size_t>(r) * CU, fr = static_cast<std::size_t>(r) * CX;
            qx[fr] = -edgeOut(-qxo[fr], row, sW);
            qx[fr + CU] = edgeOut(qxo[fr + CU], row + CU - 1, sE);
        }
    if (sN > 0.0f || sS > 0.0f)
        for (int c = 0; c < C; ++c) {
            const std::size_t last = static_cast<std::size_t>(R) * CU + static_cast<std::size_t>(c);
            qy[c] = -edgeOut(-qyo[c], static_cast<std::size_t>(c), sN);
            qy[last] = edgeOut(qyo[last], last - CU, sS);
        }

    // Pass 2: the limiter: a cell never gives more than it holds; its outflows are scaled down together.
    const float vx = dy * dt, vy = dx * dt;
    for (int r = 0; r < R; ++r) {
        const std::size_t row = static_cast<std::size_t>(r) * CU;
        const float *q = qx + static_cast<std::size_t>(r) * CX;
        limiterKernel(C, f + row, q, q + 1, qy + row, qy + row + CU, h + row, vx, vy, area);
    }
    // Pass 3: each face scaled by its giving cell's factor.
    for (int r = 0; r < R; ++r) {
        float *q = qx + static_cast<std::size_t>(r) * CX;
        const float *fr = f + static_cast<std::size_t>(r) * CU;
        scaleKernel(C - 1, q + 1, fr, fr + 1);
        q[0] *= fr[0];
        q[C] *= fr[C - 1];
    }
    for (int c = 0; c < C; ++c) {
        qy[c] *= f[c];
        qy[static_cast<std::size_t>(R) * CU + static_cast<std::size_t>(c)] *= f[static_cast<std::size_t>(R - 1) * CU + static_cast<std::size_t>(c)];
    }
    for (int r = 1; r < R; ++r) {
        const std::size_t above = static_cast<std::size_t>(r - 1) * CU;
        scaleKernel(C, qy + static_cast<std::size_t>(r) * CU, f + above, f + above + CU);
    }
    // Water leaving over the edges.
    double outVol = 0.0;
    for (int r = 0; r < R; ++r) {
        const std::size_t fr = static_cast<std::size_t>(r) * CX;
        outVol += static_cast<double>(qx[fr + CU] - qx[fr]) * vx;
    }
    for (int c = 0; c < C; ++c)
        outVol += static_cast<double>(qy[static_cast<std::size_t>(R) * CU + static_cast<std::size_t>(c)] - qy[c]) * vy;

    // Pass 4: new depths, then rain, infiltration and the inlets.
    const float kx = vx / area, ky = vy / area;
    const float rainStep = static_cast<float>(rainMps * dtD);
    double infVol = 0;
    float hMax = 0.0f;
    for (int r = 0; r < R; ++r) {
        const std::size_t row = static_cast<std::size_t>(r) * CU;
        const float *q = qx + static_cast<std::size_t>(r) * CX;
        const RowSums sums = updateKernel(C, h + row, q, q + 1, qy + row, qy + row + CU, m_rainPattern.data() + row,
                                          m_infiltration.data() + row, m_drainNow.data() + row, m_drainAcc.data() + row,
                                          kx, ky, rainStep, dt);
        infVol += sums.infiltrated;
        m_rowWet[static_cast<std::size_t>(r)] = sums.hMax > 0.0f ? 1 : 0;
        hMax = std::max(hMax, sums.hMax);
    }
    // Point inflows.
    const float kIn = dt / area;
    for (std::size_t k = 0; k < m_inflowCell.size(); ++k) {
        const float add = static_cast<float>(m_inflowRate[k]) * kIn;
        const std::uint32_t cell = m_inflowCell[k];
        h[cell] += add;
        hMax = std::max(hMax, h[cell]);
        m_rowWet[cell / CU] = 1;
        m_balance.inflow += static_cast<double>(add) * area;
    }
    m_balance.rain += static_cast<double>(rainStep) * m_patternSum * area;
    m_balance.infiltrated += infVol * area;
    m_balance.outflow += outVol;
    m_hMax = hMax;
    m_maxVelocity = speed;
    m_time += dtD;
    ++m_steps;
}

} // namespace cityops::core
