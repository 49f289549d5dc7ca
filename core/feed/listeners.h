// TCP and UDP listeners for the line-protocol feed (Boost.Asio).
//
// Threading: created, run and closed on the engine's io thread (one io_context). Each TCP connection
// reads at most one buffer per completion and then yields to the io_context, so a flooding client gets
// its turn like the others and never stalls them; a slow client costs nothing while it is silent.
#pragma once

#include "feed/linesink.h"

#include <utility>
#include <boost/asio.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace cityops::core {

struct ListenerOptions {
    std::string bindAddress = "127.0.0.1";
    std::size_t maxLineBytes = 64 * 1024;
};

class TcpListener {
public:
    TcpListener(boost::asio::io_context &io, LineSink &sink, ListenerOptions options);
    ~TcpListener();
    /// Binds and starts accepting; port 0 picks a free port. Returns false with `error` set on failure.
    bool listen(std::uint16_t port, std::string &error);
    std::uint16_t port() const;
    /// Stops accepting and closes every connection.
    void close();

private:
    class Session;
    void accept();

    boost::asio::io_context &m_io;
    LineSink &m_sink;
    ListenerOptions m_options;
    boost::asio::ip::tcp::acceptor m_acceptor;
    std::shared_ptr<bool> m_open;
    std::map<Session *, std::weak_ptr<Session>> m_sessions;
};

class UdpListener {
public:
    UdpListener(boost::asio::io_context &io, LineSink &sink, ListenerOptions options);
    bool listen(std::uint16_t port, std::string &error);
    std::uint16_t port() const;
    void close();

private:
    void receive();

    LineSink &m_sink;
    ListenerOptions m_options;
    boost::asio::ip::udp::socket m_socket;
    boost::asio::ip::udp::endpoint m_sender;
    std::vector<char> m_buffer;
    std::map<boost::asio::ip::address, std::uint32_t> m_sources;
};

} // namespace cityops::core
