// Validation of parsed lines against the city model and engine time, and the ingest pipeline's
// accounting (every line is accepted or rejected with its reason; nothing is silent).
#include "engine/clock.h"
#include "engine/pipeline.h"
#include "feed/linewriter.h"
#include "feed/syntheticload.h"
#include "feed/validator.h"
#include "model/syntheticcity.h"

#include <QtTest>

#include <atomic>
#include <cstdlib>
#include <new>

using namespace cityops::core;

static std::atomic<long> g_allocations{0};
void *operator new(std::size_t n)
{
    ++g_allocations;
    if (void *p = std::malloc(n ? n : 1))
        return p;
    throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

Q_DECLARE_METATYPE(cityops::core::RejectReason)

namespace {
constexpr std::int64_t kNow = 1'700'000'000'000'000'000LL;
constexpr std::int64_t kMinute = 60'000'000'000LL;
}

class TestValidator : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { m_model = makeSyntheticCity(); }
    void accepts_data();
    void accepts();
    void rejects_data();
    void rejects();
    void pipelineCountsEveryLine();
    void roundTripThroughWriter();
    void parseAndValidateAllocateNothing();

private:
    bool check(const std::string &line, Reading &out, RejectReason &reason)
    {
        LineParser parser;
        ParsedLine parsed;
        ParseResult result;
        if (!parser.parse(line, parsed, result, reason))
            return false;
        return Validator(m_model).validate(parsed, kNow, out, reason);
    }
    std::shared_ptr<CityModel> m_model;
};

void TestValidator::accepts_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<int>("fieldMask");
    QTest::newRow("traffic") << "traffic,link=L00001 speed_kmh=42.5,flow_vph=1200,occupancy=0.25 1700000000000000000" << 0b111;
    QTest::newRow("traffic, one field, no time") << "traffic,link=L00002 speed_kmh=0" << 0b1;
    QTest::newRow("float field sent as integer") << "traffic,link=L00002 flow_vph=900i" << 0b10;
    QTest::newRow("extra telegraf tag") << "traffic,link=L00003,host=gw-7 occupancy=1" << 0b100;
    QTest::newRow("signal") << "signal,node=S00001 phase=3i,cycle_s=90" << 0b11;
    QTest::newRow("parking full") << "parking,facility=P00001 occupied=200i,capacity=200i" << 0b11;
    QTest::newRow("rain") << "rain,gauge=R00001 rate_mmph=201.9" << 0b1;
    QTest::newRow("water below datum") << "water,station=W00001 level_m=-0.4" << 0b1;
    QTest::newRow("service") << "service,center=C00001 waiting=12i,arrivals=3i,served=2i,counters_open=4i" << 0b1111;
    QTest::newRow("incident") << "incident,link=L00005,kind=crash severity=3i,lanes_blocked=1i" << 0b11;
    QTest::newRow("4 min ahead") << "rain,gauge=R00001 rate_mmph=1 1700000240000000000" << 0b1;
}

void TestValidator::accepts()
{
    QFETCH(QString, line);
    QFETCH(int, fieldMask);
    Reading r;
    RejectReason reason = RejectReason::Dropped;
    QVERIFY2(check(line.toStdString(), r, reason), rejectReasonName(reason).data());
    QCOMPARE(int(r.fieldMask), fieldMask);
}

void TestValidator::rejects_data()
{
    QTest::addColumn<QString>("line");
    QTest::addColumn<RejectReason>("reason");
    using R = RejectReason;
    QTest::newRow("unknown measurement") << "cpu,host=a usage=3" << R::UnknownMeasurement;
    QTest::newRow("missing entity tag") << "traffic,road=L00001 speed_kmh=3" << R::MissingTag;
    QTest::newRow("unknown entity") << "traffic,link=NOPE speed_kmh=3" << R::UnknownEntity;
    QTest::newRow("entity of another kind") << "traffic,link=P00001 speed_kmh=3" << R::UnknownEntity;
    QTest::newRow("unknown field") << "traffic,link=L00001 speed_mph=3" << R::UnknownField;
    QTest::newRow("string for a number") << "traffic,link=L00001 speed_kmh=\"fast\"" << R::WrongType;
    QTest::newRow("boolean for a number") << "traffic,link=L00001 speed_kmh=true" << R::WrongType;
    QTest::newRow("float for an integer") << "signal,node=S00001 phase=1.5" << R::WrongType;
    QTest::newRow("negative speed") << "traffic,link=L00001 speed_kmh=-3" << R::ImpossibleValue;
    QTest::newRow("occupancy above 1") << "traffic,link=L00001 occupancy=1.01" << R::ImpossibleValue;
    QTest::newRow("negative flow") << "traffic,link=L00001 flow_vph=-1" << R::ImpossibleValue;
    QTest::newRow("phase beyond the plan") << "signal,node=S00001 phase=4i" << R::ImpossibleValue;
    QTest::newRow("more cars than spaces") << "parking,facility=P00001 occupied=211i" << R::ImpossibleValue;
    QTest::newRow("more than the sent capacity") << "parking,facility=P00001 occupied=51i,capacity=50i" << R::ImpossibleValue;
    QTest::newRow("negative rain") << "rain,gauge=R00001 rate_mmph=-0.1" << R::ImpossibleValue;
    QTest::newRow("negative queue") << "service,center=C00001 waiting=-1i" << R::ImpossibleValue;
    QTest::newRow("incident without kind") << "incident,link=L00005 severity=3i" << R::MissingTag;
    QTest::newRow("incident of unknown kind") << "incident,link=L00005,kind=alien severity=3i" << R::ImpossibleValue;
    QTest::newRow("more lanes blocked than exist") << "incident,link=L00000,kind=crash lanes_blocked=9i" << R::ImpossibleValue;
    QTest::newRow("far future") << "rain,gauge=R00001 rate_mmph=1 1700000400000000000" << R::TimeInFuture;
    QTest::newRow("far past") << "rain,gauge=R00001 rate_mmph=1 1600000000000000000" << R::TimeTooOld;
    QTest::newRow("year 1970") << "rain,gauge=R00001 rate_mmph=1 0" << R::TimeTooOld;
}

void TestValidator::rejects()
{
    QFETCH(QString, line);
    QFETCH(RejectReason, reason);
    Reading r;
    RejectReason got = RejectReason::Dropped;
    QVERIFY2(!check(line.toStdString(), r, got), "an invalid line was accepted");
    QCOMPARE(rejectReasonName(got), rejectReasonName(reason));
}

void TestValidator::pipelineCountsEveryLine()
{
    Clock clock(kNow, 0.0);
    IngestPipeline pipeline(m_model, clock, {}, 1024, TimePrecision::Nanoseconds);
    const auto source = pipeline.sourceId("test");
    const std::string longLine = "traffic,link=L00001 speed_kmh=" + std::string(2000, '1');
    const std::string text = "traffic,link=L00001 speed_kmh=50\n"
                             "\n# comment\n"
                             "traffic,link=L00001 speed_kmh=-1\n" + longLine + "\n"
                             "traffic,link=NOPE speed_kmh=3\n"
                             "traffic,link=L00001 speed_kmh=44 1700000000000000000";
    pipeline.lines(source, text);
    const SourceCounters &c = pipeline.stats().sources()[source];
    QCOMPARE(c.lines, 5u);
    QCOMPARE(c.accepted, 2u);
    QCOMPARE(c.rejectedTotal(), 3u);
    QCOMPARE(c.rejected[int(RejectReason::TooLong)], 1u);
    QCOMPARE(c.rejected[int(RejectReason::ImpossibleValue)], 1u);
    QCOMPARE(c.rejected[int(RejectReason::UnknownEntity)], 1u);
    QCOMPARE(pipeline.state().entity(*m_model->find(EntityKind::Link, "L00001")).values[0], 44.0);
    // The last rejections are kept with their reason, cut to a readable length.
    const auto &recent = pipeline.stats().recentRejections();
    QCOMPARE(recent.size(), 3u);
    QCOMPARE(int(recent[1].reason), int(RejectReason::TooLong));
    QVERIFY(recent[1].line.size() <= IngestStats::kMaxKeptLineBytes + 3);
    QCOMPARE(recent[2].line, std::string("traffic,link=NOPE speed_kmh=3"));
}

void TestValidator::roundTripThroughWriter()
{
    // Every synthetic reading written as a line parses and validates back to the same reading.
    const auto load = makeSyntheticLoad(*m_model, 5000, kNow - 100 * kMinute, kMinute, 7);
    LineParser parser;
    Validator validator(m_model);
    ParsedLine parsed;
    ParseResult result;
    RejectReason reason;
    for (const Reading &r : load) {
        std::string line;
        appendLine(*m_model, r, line);
        line.pop_back();
        QVERIFY2(parser.parse(line, parsed, result, reason), line.c_str());
        Reading back;
        QVERIFY2(validator.validate(parsed, kNow, back, reason), (line + " " + std::string(rejectReasonName(reason))).c_str());
        QCOMPARE(back, r);
    }
}

void TestValidator::parseAndValidateAllocateNothing()
{
    Clock clock(kNow, 0.0);
    IngestPipeline pipeline(m_model, clock, {}, 65536, TimePrecision::Nanoseconds);
    const auto source = pipeline.sourceId("alloc");
    const auto load = makeSyntheticLoad(*m_model, 2000, kNow - 10 * kMinute, kMinute, 3);
    std::string text;
    for (const Reading &r : load)
        appendLine(*m_model, r, text);
    pipeline.lines(source, text); // warm-up: batch and scratch buffers reach their size
    const long before = g_allocations.load();
    pipeline.lines(source, text);
    QCOMPARE(g_allocations.load() - before, 0L);
    QCOMPARE(pipeline.stats().sources()[source].accepted, 4000u);
}

QTEST_GUILESS_MAIN(TestValidator)
#include "tst_validator.moc"
