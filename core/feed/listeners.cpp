#include "feed/listeners.h"

#include <algorithm>
#include <cstring>

namespace cityops::core {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

// One TCP connection: a fixed buffer, whole lines go to the sink, a partial line is kept for the next
// read. A line longer than the limit is reported once and skipped up to its newline.
class TcpListener::Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, LineSink &sink, std::size_t maxLine, std::uint32_t source, TcpListener &owner)
        : m_socket(std::move(socket)), m_sink(sink), m_maxLine(maxLine), m_source(source), m_owner(&owner)
        , m_buffer(std::max<std::size_t>(maxLine + 1, 64 * 1024))
    {
    }

    void start()
    {
        m_sink.connection(m_source, +1);
        read();
    }

    void close()
    {
        m_owner = nullptr;
        boost::system::error_code ignored;
        m_socket.shutdown(tcp::socket::shutdown_both, ignored);
        m_socket.close(ignored);
    }

private:
    void read()
    {
        auto self = shared_from_this();
        m_socket.async_read_some(asio::buffer(m_buffer.data() + m_used, m_buffer.size() - m_used),
                                 [this, self](const boost::system::error_code &ec, std::size_t n) {
                                     if (ec) {
                                         finish();
                                         return;
                                     }
                                     consume(n);
                                     read();
                                 });
    }

    void finish()
    {
        // A last line without its newline still counts when the client closes cleanly.
        if (m_used > 0 && !m_skipping)
            m_sink.lines(m_source, std::string_view(m_buffer.data(), m_used));
        m_used = 0;
        m_sink.connection(m_source, -1);
        if (m_owner)
            m_owner->m_sessions.erase(this);
    }

    void consume(std::size_t n)
    {
        m_sink.received(m_source, n);
        char *buf = m_buffer.data();
        const std::size_t end = m_used + n;
        std::size_t start = 0;
        std::size_t scanFrom = m_used; // the kept remainder never holds a newline
        if (m_skipping) {
            const void *nl = std::memchr(buf + m_used, '\n', n);
            if (!nl) {
                m_used = 0;
                return;
            }
            start = static_cast<std::size_t>(static_cast<const char *>(nl) - buf) + 1;
            scanFrom = start;
            m_skipping = false;
        }
        const void *last = end > scanFrom ? memrchr(buf + scanFrom, '\n', end - scanFrom) : nullptr;
        const std::size_t wholeEnd = last ? static_cast<std::size_t>(static_cast<const char *>(last) - buf) + 1 : start;
        if (wholeEnd > start)
            m_sink.lines(m_source, std::string_view(buf + start, wholeEnd - start));
        const std::size_t rest = end - wholeEnd;
        if (rest > m_maxLine) {
            m_sink.lineTooLong(m_source, std::string_view(buf + wholeEnd, 256));
            m_skipping = true;
            m_used = 0;
            return;
        }
        if (rest > 0 && wholeEnd > 0)
            std::memmove(buf, buf + wholeEnd, rest);
        m_used = rest;
    }

    tcp::socket m_socket;
    LineSink &m_sink;
    std::size_t m_maxLine;
    std::uint32_t m_source;
    TcpListener *m_owner;
    std::vector<char> m_buffer;
    std::size_t m_used = 0;
    bool m_skipping = false;
};

TcpListener::TcpListener(asio::io_context &io, LineSink &sink, ListenerOptions options)
    : m_io(io), m_sink(sink), m_options(std::move(options)), m_acceptor(io), m_open(std::make_shared<bool>(false))
{
}

TcpListener::~TcpListener()
{
    close();
}

bool TcpListener::listen(std::uint16_t port, std::string &error)
{
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(m_options.bindAddress, ec);
    if (ec) {
        error = "invalid bind address '" + m_options.bindAddress + "': " + ec.message();
        return false;
    }
    const tcp::endpoint endpoint(address, port);
    m_acceptor.open(endpoint.protocol(), ec);
    if (!ec) m_acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) m_acceptor.bind(endpoint, ec);
    if (!ec) m_acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        error = "cannot listen on tcp " + m_options.bindAddress + ":" + std::to_string(port) + ": " + ec.message();
        m_acceptor.close(ec);
        return false;
    }
    *m_open = true;
    accept();
    return true;
}

std::uint16_t TcpListener::port() const
{
    boost::system::error_code ec;
    const auto endpoint = m_acceptor.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

void TcpListener::accept()
{
    m_acceptor.async_accept([this, open = m_open](const boost::system::error_code &ec, tcp::socket socket) {
        if (!*open)
            return;
        if (!ec) {
            boost::system::error_code peerEc;
            const auto peer = socket.remote_endpoint(peerEc);
            const std::string name = "tcp " + (peerEc ? std::string("unknown") : peer.address().to_string());
            socket.set_option(tcp::no_delay(true), peerEc);
            auto session = std::make_shared<Session>(std::move(socket), m_sink, m_options.maxLineBytes,
                                                     m_sink.sourceId(name), *this);
            m_sessions[session.get()] = session;
            session->start();
        }
        if (m_acceptor.is_open())
            accept();
    });
}

void TcpListener::close()
{
    *m_open = false;
    boost::system::error_code ignored;
    m_acceptor.close(ignored);
    auto sessions = std::move(m_sessions);
    m_sessions.clear();
    for (auto &[raw, weak] : sessions)
        if (auto s = weak.lock())
            s->close();
}

UdpListener::UdpListener(asio::io_context &io, LineSink &sink, ListenerOptions options)
    : m_sink(sink), m_options(std::move(options)), m_socket(io), m_buffer(65536)
{
}

bool UdpListener::listen(std::uint16_t port, std::string &error)
{
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(m_options.bindAddress, ec);
    if (ec) {
        error = "invalid bind address '" + m_options.bindAddress + "': " + ec.message();
        return false;
    }
    const udp::endpoint endpoint(address, port);
    m_socket.open(endpoint.protocol(), ec);
    if (!ec) m_socket.bind(endpoint, ec);
    if (ec) {
        error = "cannot listen on udp " + m_options.bindAddress + ":" + std::to_string(port) + ": " + ec.message();
        m_socket.close(ec);
        return false;
    }
    // A deep kernel queue rides out bursts while the io thread is busy with TCP.
    m_socket.set_option(asio::socket_base::receive_buffer_size(8 * 1024 * 1024), ec);
    receive();
    return true;
}

std::uint16_t UdpListener::port() const
{
    boost::system::error_code ec;
    const auto endpoint = m_socket.local_endpoint(ec);
    return ec ? 0 : endpoint.port();
}

void UdpListener::receive()
{
    m_socket.async_receive_from(asio::buffer(m_buffer), m_sender, [this](const boost::system::error_code &ec, std::size_t n) {
        if (ec == asio::error::operation_aborted || !m_socket.is_open())
            return;
        if (!ec) {
            auto it = m_sources.find(m_sender.address());
            if (it == m_sources.end())
                it = m_sources.emplace(m_sender.address(), m_sink.sourceId("udp " + m_sender.address().to_string())).first;
            m_sink.received(it->second, n);
            m_sink.lines(it->second, std::string_view(m_buffer.data(), n));
        }
        receive();
    });
}

void UdpListener::close()
{
    boost::system::error_code ignored;
    m_socket.close(ignored);
}

} // namespace cityops::core
