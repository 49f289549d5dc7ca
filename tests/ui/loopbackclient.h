// Test helper: blocking TCP and UDP clients on loopback that send line protocol to the engine's listeners.
#pragma once

#include <utility>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/write.hpp>

#include <cstdint>
#include <string>

namespace cityops::test {

class TcpLineClient {
public:
    explicit TcpLineClient(std::uint16_t port)
        : m_socket(m_io)
    {
        m_socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
    }
    void send(const std::string &text) { boost::asio::write(m_socket, boost::asio::buffer(text)); }
    void close() { m_socket.close(); }

private:
    boost::asio::io_context m_io;
    boost::asio::ip::tcp::socket m_socket;
};

inline void sendUdp(std::uint16_t port, const std::string &datagram)
{
    boost::asio::io_context io;
    boost::asio::ip::udp::socket socket(io);
    socket.open(boost::asio::ip::udp::v4());
    socket.send_to(boost::asio::buffer(datagram), {boost::asio::ip::make_address("127.0.0.1"), port});
}

} // namespace cityops::test
