// Loopback integration: several TCP clients (one of them slow, one flooding with an oversized line) and
// a UDP sender feed a running engine with a mix of valid and invalid lines over real sockets.
#include "engine/engine.h"
#include "feed/linewriter.h"
#include "feed/syntheticload.h"
#include "model/syntheticcity.h"
#include "store/recordingreader.h"

#include <QtTest>

#include <QTemporaryDir>

#include <utility>
#include <boost/asio.hpp>

#include <map>
#include <thread>

using namespace cityops::core;
namespace asio = boost::asio;

namespace {
constexpr std::int64_t kMinute = 60'000'000'000LL;

struct ClientLoad {
    std::string text;
    std::size_t valid = 0;
    std::size_t invalid = 0;
};

const char *const kInvalid[] = {
    "traffic,link=NOPE speed_kmh=3",
    "traffic,link=L00001 speed_kmh=-3",
    "traffic,link=L00001 occupancy=1.5",
    "traffic,link=L00001 speed_kmh=nan",
    "traffic,link=L00001",
    "bogus line without fields",
    "parking,facility=P00001 occupied=\"many\"",
    "signal,node=S00001 phase=99999999999999999999i",
};

// Valid readings for the entities congruent to `slot` modulo `slots`, with invalid lines mixed in.
ClientLoad makeLoad(const CityModel &model, const std::vector<Reading> &all, int slot, int slotCount, std::map<std::uint32_t, Reading> &last)
{
    ClientLoad load;
    int k = 0;
    for (const Reading &r : all) {
        if (static_cast<int>(r.entity % static_cast<std::uint32_t>(slotCount)) != slot)
            continue;
        appendLine(model, r, load.text);
        ++load.valid;
        last[r.entity] = r;
        if (++k % 7 == 0) {
            load.text += kInvalid[(k / 7) % std::size(kInvalid)];
            load.text += '\n';
            ++load.invalid;
        }
    }
    return load;
}

void sendTcp(std::uint16_t port, const std::string &text, std::size_t chunk, std::chrono::microseconds pause)
{
    asio::io_context io;
    asio::ip::tcp::socket socket(io);
    socket.connect({asio::ip::make_address("127.0.0.1"), port});
    for (std::size_t pos = 0; pos < text.size(); pos += chunk) {
        asio::write(socket, asio::buffer(text.data() + pos, std::min(chunk, text.size() - pos)));
        if (pause.count())
            std::this_thread::sleep_for(pause);
    }
    socket.shutdown(asio::ip::tcp::socket::shutdown_send);
    char byte;
    boost::system::error_code ec;
    socket.read_some(asio::buffer(&byte, 1), ec); // the engine closes after it read everything
}
} // namespace

class TestListeners : public QObject {
    Q_OBJECT

private slots:
    void mixedLoadOverLoopback();
    void bindErrorsAreClear();
};

void TestListeners::mixedLoadOverLoopback()
{
    QTemporaryDir dir;
    auto model = makeSyntheticCity({600, 30, 20, 10, 10, 10});
    const std::int64_t start = Clock::systemNowNs() - 200 * kMinute;
    const auto all = makeSyntheticLoad(*model, 120'000, start, kMinute, 99);

    // Slots 0-3: fast TCP clients; slot 4: slow TCP client; slot 5: UDP.
    constexpr int kSlots = 6;
    std::map<std::uint32_t, Reading> last;
    std::vector<ClientLoad> loads;
    for (int s = 0; s < kSlots; ++s)
        loads.push_back(makeLoad(*model, all, s, kSlots, last));
    // The flooding client: one 1 MB line, then valid lines.
    std::string flood = "traffic,link=L00000 speed_kmh=" + std::string(1 << 20, '7') + "\n";
    const std::size_t floodValid = 0;

    EngineConfig config;
    config.tcpPort = 0;
    config.udpPort = 0;
    config.recordPath = dir.filePath("loopback.cityops").toStdString();
    config.recorder.commitInterval = std::chrono::milliseconds(100);
    Engine engine(model, std::make_shared<Clock>(), config);
    std::string error;
    QVERIFY2(engine.start(error), error.c_str());
    const auto tcp = engine.tcpPort(), udp = engine.udpPort();
    QVERIFY(tcp != 0 && udp != 0);

    std::atomic<bool> slowDone{false};
    std::atomic<int> fastDoneWhileSlowRunning{0};
    std::vector<std::thread> clients;
    for (int s = 0; s < 4; ++s)
        clients.emplace_back([&, s] {
            sendTcp(tcp, loads[s].text, 4096 + 1000 * s, std::chrono::microseconds(0));
            if (!slowDone)
                ++fastDoneWhileSlowRunning;
        });
    clients.emplace_back([&] {
        sendTcp(tcp, loads[4].text, 2048, std::chrono::microseconds(5000)); // dribbles for seconds
        slowDone = true;
    });
    clients.emplace_back([&] { sendTcp(tcp, flood, 1 << 16, std::chrono::microseconds(0)); });
    // UDP: whole lines per datagram, paced; datagrams may be lost by the kernel, never half-read.
    std::size_t udpLines = 0;
    {
        asio::io_context io;
        asio::ip::udp::socket socket(io, asio::ip::udp::v4());
        const asio::ip::udp::endpoint to(asio::ip::make_address("127.0.0.1"), udp);
        const std::string &text = loads[5].text;
        std::size_t pos = 0;
        while (pos < text.size()) {
            std::size_t end = std::min(text.size(), pos + 1400);
            if (end < text.size())
                end = text.rfind('\n', end - 1) + 1;
            socket.send_to(asio::buffer(text.data() + pos, end - pos), to);
            udpLines += static_cast<std::size_t>(std::count(text.begin() + static_cast<long>(pos), text.begin() + static_cast<long>(end), '\n'));
            pos = end;
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
    }
    for (auto &c : clients)
        c.join();
    QVERIFY2(fastDoneWhileSlowRunning == 4, "a slow client held up the fast ones");

    engine.flush();
    const auto snap = engine.snapshotNow();
    const SourceCounters *tcpSource = nullptr, *udpSource = nullptr;
    for (const auto &s : snap->sources) {
        if (s.name == "tcp 127.0.0.1") tcpSource = &s;
        if (s.name == "udp 127.0.0.1") udpSource = &s;
    }
    QVERIFY(tcpSource && udpSource);

    std::size_t tcpValid = floodValid, tcpInvalid = 1; // the 1 MB line
    for (int s = 0; s < 5; ++s) {
        tcpValid += loads[s].valid;
        tcpInvalid += loads[s].invalid;
    }
    // TCP loses nothing: accepted + rejected = sent, each with the right split.
    QCOMPARE(tcpSource->accepted + tcpSource->rejectedTotal(), tcpValid + tcpInvalid);
    QCOMPARE(tcpSource->accepted, tcpValid);
    QCOMPARE(tcpSource->rejectedTotal(), tcpInvalid);
    QCOMPARE(tcpSource->rejected[int(RejectReason::TooLong)], 1u);
    QCOMPARE(tcpSource->bytes, loads[0].text.size() + loads[1].text.size() + loads[2].text.size() +
                                   loads[3].text.size() + loads[4].text.size() + flood.size());
    QCOMPARE(tcpSource->connections, 0);
    // UDP may lose whole datagrams in the kernel, never parts of lines.
    QVERIFY(udpSource->lines <= udpLines);
    QVERIFY2(udpSource->lines > udpLines / 2, "most UDP datagrams should arrive on loopback");
    QCOMPARE(udpSource->rejected[int(RejectReason::Syntax)] + udpSource->rejected[int(RejectReason::UnknownEntity)] +
                 udpSource->rejected[int(RejectReason::ImpossibleValue)] + udpSource->rejected[int(RejectReason::NotFinite)] +
                 udpSource->rejected[int(RejectReason::WrongType)] + udpSource->rejected[int(RejectReason::Overflow)],
             udpSource->rejectedTotal());

    // Recorded rows = accepted.
    const std::uint64_t accepted = tcpSource->accepted + udpSource->accepted;
    QCOMPARE(snap->recorder.committed, accepted);
    QCOMPARE(snap->recorder.dropped, 0u);
    engine.stop();
    auto reader = RecordingReader::open(config.recordPath, error);
    QVERIFY2(reader, error.c_str());
    QCOMPARE(reader->readingCount(), accepted);

    // The final state holds each TCP entity's last value (UDP ones when their last datagram arrived).
    for (const auto &[entity, r] : last) {
        if (entity % kSlots == 5)
            continue;
        const EntityState &e = snap->entities[entity];
        QCOMPARE(e.timeNs, r.timeNs);
        for (int f = 0; f < kMaxReadingFields; ++f)
            if (r.has(f))
                QCOMPARE(e.values[f], r.values[f]);
    }
}

void TestListeners::bindErrorsAreClear()
{
    auto model = makeSyntheticCity({3, 0, 0, 0, 0, 0});
    EngineConfig config;
    config.tcpPort = 0;
    config.udpPort = -1;
    Engine first(model, std::make_shared<Clock>(), config);
    std::string error;
    QVERIFY(first.start(error));
    config.tcpPort = first.tcpPort();
    Engine second(model, std::make_shared<Clock>(), config);
    QVERIFY(!second.start(error));
    QVERIFY2(error.find("cannot listen on tcp 127.0.0.1:" + std::to_string(config.tcpPort)) != std::string::npos, error.c_str());
    config.bindAddress = "not-an-address";
    Engine third(model, std::make_shared<Clock>(), config);
    QVERIFY(!third.start(error));
    QVERIFY2(error.find("invalid bind address") != std::string::npos, error.c_str());
}

QTEST_GUILESS_MAIN(TestListeners)
#include "tst_listeners.moc"
