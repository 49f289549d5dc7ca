// The one dependency rule: nothing under core/ includes a Qt header.
#include <QtTest>

#include <QDirIterator>
#include <QRegularExpression>

// A plain literal: moc's lexer does not read raw strings with quotes inside.
static const QString kQtIncludePattern =
    QStringLiteral("^\\s*#\\s*include\\s*[<\"](Qt[A-Za-z]*/|Q[A-Z][A-Za-z]*[>\"]|q[a-z]+\\.h[>\"])");

class TestLayering : public QObject {
    Q_OBJECT

private slots:
    void coreHasNoQt()
    {
        const QString core = QStringLiteral(CITYOPS_SOURCE_DIR "/core");
        QVERIFY(QDir(core).exists());
        // <QtCore/...>, <QString>, "qobject.h", <qglobal.h>: any Qt header, however spelled.
        const QRegularExpression qtInclude(kQtIncludePattern,
                                           QRegularExpression::MultilineOption);
        QStringList offenders;
        int files = 0;
        QDirIterator it(core, {"*.h", "*.hpp", "*.cpp", "*.cc"}, QDir::Files, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            ++files;
            const QString text = QString::fromUtf8(f.readAll());
            auto m = qtInclude.match(text);
            if (m.hasMatch())
                offenders << path + ": " + m.captured(0).trimmed();
        }
        QVERIFY2(files > 10, "core/ sources not found");
        QVERIFY2(offenders.isEmpty(), qPrintable(offenders.join('\n')));
    }

    void checkerCatchesQt()
    {
        // The pattern must be able to fail: it recognises the usual spellings.
        const QRegularExpression qtInclude(kQtIncludePattern,
                                           QRegularExpression::MultilineOption);
        for (const char *line : {"#include <QString>", "#include <QtCore/QObject>", "  #  include \"qglobal.h\""})
            QVERIFY2(qtInclude.match(QString::fromLatin1(line)).hasMatch(), line);
        for (const char *line : {"#include <queue>", "#include \"state/livestate.h\"", "#include <boost/asio.hpp>"})
            QVERIFY2(!qtInclude.match(QString::fromLatin1(line)).hasMatch(), line);
    }
};

QTEST_GUILESS_MAIN(TestLayering)
#include "tst_layering.moc"
