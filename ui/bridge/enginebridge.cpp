#include "enginebridge.h"

#include <utility>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>

#include <QMetaObject>

namespace cityops::ui {

namespace {

namespace asio = boost::asio;

// Binds the port the way the engine's listeners do, then lets it go again. Only a hint: another process
// can still take the port in between, and then start() reports the engine's own error.
bool tcpPortFree(const std::string &address, int port)
{
    asio::io_context io;
    boost::system::error_code ec;
    const auto ip = asio::ip::make_address(address, ec);
    if (ec)
        return true; // let the engine report the bad address
    asio::ip::tcp::acceptor acceptor(io);
    const asio::ip::tcp::endpoint endpoint(ip, static_cast<std::uint16_t>(port));
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(1, ec);
    return !ec;
}

bool udpPortFree(const std::string &address, int port)
{
    asio::io_context io;
    boost::system::error_code ec;
    const auto ip = asio::ip::make_address(address, ec);
    if (ec)
        return true;
    asio::ip::udp::socket socket(io);
    const asio::ip::udp::endpoint endpoint(ip, static_cast<std::uint16_t>(port));
    socket.open(endpoint.protocol(), ec);
    if (!ec) socket.bind(endpoint, ec);
    return !ec;
}

} // namespace

EngineBridge::EngineBridge(std::shared_ptr<const core::CityModel> model, core::EngineConfig config,
                           std::shared_ptr<core::Clock> clock, QObject *parent)
    : QObject(parent)
    , m_model(std::move(model))
    , m_config(std::move(config))
    , m_clock(clock ? std::move(clock) : std::make_shared<core::Clock>())
{
    qRegisterMetaType<core::SnapshotPtr>();
}

EngineBridge::~EngineBridge()
{
    stop();
}

bool EngineBridge::start()
{
    if (running())
        return true;
    m_error.clear();
    core::EngineConfig config = m_config;
    m_tcpFellBack = m_udpFellBack = false;
    if (m_portFallback) {
        if (config.tcpPort > 0 && !tcpPortFree(config.bindAddress, config.tcpPort)) {
            config.tcpPort = 0;
            m_tcpFellBack = true;
        }
        if (config.udpPort > 0 && !udpPortFree(config.bindAddress, config.udpPort)) {
            config.udpPort = 0;
            m_udpFellBack = true;
        }
    }
    auto engine = std::make_unique<core::Engine>(m_model, m_clock, config);
    engine->setSnapshotCallback([this](core::SnapshotPtr snapshot) { publishFromEngine(std::move(snapshot)); });
    std::string error;
    if (!engine->start(error)) {
        m_error = QString::fromStdString(error);
        return false;
    }
    m_engine = std::move(engine);
    Q_EMIT runningChanged();
    return true;
}

void EngineBridge::stop()
{
    if (!m_engine)
        return;
    // stop() joins the io thread, so no callback runs after it; a delivery already posted finds nothing
    // new or the final snapshot, both harmless.
    m_engine->stop();
    m_engine.reset();
    Q_EMIT runningChanged();
}

bool EngineBridge::running() const
{
    return m_engine && m_engine->running();
}

quint16 EngineBridge::tcpPort() const
{
    return m_engine ? m_engine->tcpPort() : 0;
}

quint16 EngineBridge::udpPort() const
{
    return m_engine ? m_engine->udpPort() : 0;
}

std::int64_t EngineBridge::engineTimeNs() const
{
    return m_clock->nowNs();
}

void EngineBridge::ingestReadings(const QString &source, std::vector<core::Reading> readings)
{
    if (m_engine)
        m_engine->ingestReadings(source.toStdString(), std::move(readings));
}

void EngineBridge::publishFromEngine(core::SnapshotPtr snapshot)
{
    bool post = false;
    {
        std::lock_guard lock(m_pendingMutex);
        m_pending = std::move(snapshot);
        post = !m_deliveryPosted;
        m_deliveryPosted = true;
    }
    if (post)
        QMetaObject::invokeMethod(this, &EngineBridge::deliverPending, Qt::QueuedConnection);
}

void EngineBridge::deliverPending()
{
    core::SnapshotPtr snapshot;
    {
        std::lock_guard lock(m_pendingMutex);
        snapshot = std::move(m_pending);
        m_pending.reset();
        m_deliveryPosted = false;
    }
    if (!snapshot)
        return;
    m_latest = snapshot;
    Q_EMIT snapshotChanged(m_latest);
}

bool EngineBridge::acknowledgeAlarm(quint64 id, const QString &user)
{
    if (!m_engine || user.trimmed().isEmpty())
        return false;
    const bool ok = m_engine->acknowledgeAlarm(id, user.trimmed().toStdString());
    // Show the new state at once rather than at the next snapshot.
    if (ok)
        publishFromEngine(m_engine->snapshotNow());
    return ok;
}

} // namespace cityops::ui
